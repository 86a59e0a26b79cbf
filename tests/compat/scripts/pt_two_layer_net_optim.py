# source: pytorch/tutorials, beginner_source/examples_nn/two_layer_net_optim.py
# Follows the example's steps and calls in order (its autograd.Variable and size_average=False version); written for this suite, not copied from it.
# compare: structure
# adapted: loss.data[0] (an IndexError on a 0-d loss since PyTorch 0.4) written loss.item(), as the example's later versions do; 500 steps cut to 50 (each prints its loss)
import torch
from torch.autograd import Variable

N, D_in, H, D_out = 64, 1000, 100, 10

x = Variable(torch.randn(N, D_in))
y = Variable(torch.randn(N, D_out), requires_grad=False)

model = torch.nn.Sequential(
          torch.nn.Linear(D_in, H),
          torch.nn.ReLU(),
          torch.nn.Linear(H, D_out),
        )
# the deprecated spelling of reduction='sum'
loss_fn = torch.nn.MSELoss(size_average=False)

# Adam updates the weights
learning_rate = 1e-4
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
for t in range(50):
    y_pred = model(x)

    loss = loss_fn(y_pred, y)
    print(t, loss.item())

    optimizer.zero_grad()

    loss.backward()

    optimizer.step()
