# source: pytorch/tutorials, beginner_source/examples_nn/two_layer_net_nn.py
# Follows the example's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: 500 steps cut to 200 (the loss printed every 100 as in the example)
import torch

N, D_in, H, D_out = 64, 1000, 100, 10

x = torch.randn(N, D_in)
y = torch.randn(N, D_out)

# a sequence of layers, each Linear holding its weight and bias
model = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
)

loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-4
for t in range(200):
    y_pred = model(x)

    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())

    model.zero_grad()

    loss.backward()

    # each parameter updated by hand from its gradient
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad
