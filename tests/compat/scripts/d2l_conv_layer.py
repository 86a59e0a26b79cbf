# source: d2l-ai/d2l-en, chapter_convolutional-neural-networks/conv-layer.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# adapted: the value of each notebook cell's last expression is printed; `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py)
# The learned kernel and the losses depend on LazyConv2d's random initial kernel; every other line keeps its numbers:
# values: ^(?!epoch \d+, loss|tensor\(\[\[ *-?[\d.]+, +-?[\d.]+\]\]\)$)
from d2l import torch as d2l
import torch
from torch import nn


def corr2d(X, K):  #@save
    """Compute 2D cross-correlation."""
    h, w = K.shape
    Y = d2l.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = d2l.reduce_sum((X[i: i + h, j: j + w] * K))
    return Y


X = d2l.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
K = d2l.tensor([[0.0, 1.0], [2.0, 3.0]])
print(corr2d(X, K))


class Conv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return corr2d(x, self.weight) + self.bias


X = d2l.ones((6, 8))
X[:, 2:6] = 0
print(X)

K = d2l.tensor([[1.0, -1.0]])

Y = corr2d(X, K)
print(Y)

print(corr2d(d2l.transpose(X), K))

# Construct a two-dimensional convolutional layer with 1 output channel and a
# kernel of shape (1, 2). For the sake of simplicity, we ignore the bias here
conv2d = nn.LazyConv2d(1, kernel_size=(1, 2), bias=False)

# The two-dimensional convolutional layer uses four-dimensional input and
# output in the format of (example, channel, height, width), where the batch
# size (number of examples in the batch) and the number of channels are both 1
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
lr = 3e-2  # Learning rate

for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    # Update the kernel
    conv2d.weight.data[:] -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')

print(d2l.reshape(conv2d.weight.data, (1, 2)))
print(Conv2D((1, 2)))
print(Conv2D((1, 2))(X[0, 0]).shape)
