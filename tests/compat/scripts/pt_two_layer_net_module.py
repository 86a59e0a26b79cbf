# source: pytorch/tutorials, beginner_source/examples_nn/two_layer_net_module.py
# Follows the example's steps and calls in order (its autograd.Variable and size_average=False version); written for this suite, not copied from it.
# compare: structure
# adapted: loss.data[0] (an IndexError on a 0-d loss since PyTorch 0.4) written loss.item(), as the example's later versions do; 500 steps cut to 50 (each prints its loss)
import torch
from torch.autograd import Variable


class TwoLayerNet(torch.nn.Module):
    def __init__(self, D_in, H, D_out):
        # two Linear modules as attributes
        super(TwoLayerNet, self).__init__()
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        y_pred = self.linear2(h_relu)
        return y_pred


N, D_in, H, D_out = 64, 1000, 100, 10

x = Variable(torch.randn(N, D_in))
y = Variable(torch.randn(N, D_out), requires_grad=False)

model = TwoLayerNet(D_in, H, D_out)

# SGD over both Linear modules' parameters
criterion = torch.nn.MSELoss(size_average=False)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
for t in range(50):
    # the example calls forward directly
    y_pred = model.forward(x)

    loss = criterion(y_pred, y)
    print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
