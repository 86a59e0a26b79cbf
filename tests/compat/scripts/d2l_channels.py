# source: d2l-ai/d2l-en, chapter_convolutional-neural-networks/channels.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: the value of each notebook cell's last expression is printed; `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py, with d2l's corr2d); the assertion's left side is printed as a boolean
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it


def corr2d_multi_in(X, K):
    # Iterate through the 0th dimension (channel) of K first, then add them up
    return sum(d2l.corr2d(x, k) for x, k in zip(X, K))


X = d2l.tensor([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
               [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]])
K = d2l.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])

print(corr2d_multi_in(X, K))


def corr2d_multi_in_out(X, K):
    # Iterate through the 0th dimension of K, and each time, perform
    # cross-correlation operations with input X. All of the results are
    # stacked together
    return d2l.stack([corr2d_multi_in(X, k) for k in K], 0)


K = d2l.stack((K, K + 1, K + 2), 0)
print(K.shape)

print(corr2d_multi_in_out(X, K))


def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = d2l.reshape(X, (c_i, h * w))
    K = d2l.reshape(K, (c_o, c_i))
    # Matrix multiplication in the fully connected layer
    Y = d2l.matmul(K, X)
    return d2l.reshape(Y, (c_o, h, w))


X = d2l.normal(0, 1, (3, 3, 3))
K = d2l.normal(0, 1, (2, 3, 1, 1))
Y1 = corr2d_multi_in_out_1x1(X, K)
Y2 = corr2d_multi_in_out(X, K)
print(float(d2l.reduce_sum(d2l.abs(Y1 - Y2))) < 1e-6)
assert float(d2l.reduce_sum(d2l.abs(Y1 - Y2))) < 1e-6
print(Y1.shape, Y2.shape)
