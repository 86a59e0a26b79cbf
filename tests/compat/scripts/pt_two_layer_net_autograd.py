# source: pytorch/tutorials, beginner_source/examples_autograd/two_layer_net_autograd.py
# Follows the example's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: 500 steps cut to 200 (the loss printed every 100 as in the example)
import torch

dtype = torch.float
device = torch.device("cpu")

# batch size, input, hidden and output dimensions
N, D_in, H, D_out = 64, 1000, 100, 10

# data that needs no gradient
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# weights that do
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6
for t in range(200):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)

    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())

    loss.backward()

    # the update itself is not recorded
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad

        w1.grad.zero_()
        w2.grad.zero_()
