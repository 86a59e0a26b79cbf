# source: d2l-ai/d2l-en, chapter_convolutional-neural-networks/pooling.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: the value of each notebook cell's last expression is printed; `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py)
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn


def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    Y = d2l.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y


X = d2l.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
print(pool2d(X, (2, 2)))

print(pool2d(X, (2, 2), 'avg'))

X = d2l.reshape(d2l.arange(16, dtype=d2l.float32), (1, 1, 4, 4))
print(X)

pool2d = nn.MaxPool2d(3)
# Pooling has no model parameters, hence it needs no initialization
print(pool2d(X))

pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))

pool2d = nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))
print(pool2d(X))

X = d2l.concat((X, X + 1), 1)
print(X)

pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))
print(pool2d)
