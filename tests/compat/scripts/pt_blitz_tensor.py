# source: pytorch/tutorials, beginner_source/blitz/tensor_tutorial.py
# Follows the tutorial's steps and calls in order (its "What is PyTorch?" version); written for this suite, not copied from it.
# compare: structure
# adapted: torch.empty's contents (whatever memory held) are printed as their shape and dtype; the CUDA part runs only where CUDA is available (not here)
from __future__ import print_function

import torch

# uninitialized: only its shape and dtype are definite
x = torch.empty(5, 3)
print(x.shape, x.dtype)

x = torch.rand(5, 3)
print(x)

x = torch.zeros(5, 3, dtype=torch.long)
print(x)

x = torch.tensor([5.5, 3])
print(x)

# new_* methods keep the properties of the tensor they are called on, unless told otherwise
x = x.new_ones(5, 3, dtype=torch.double)
print(x)

x = torch.randn_like(x, dtype=torch.float)
print(x)

print(x.size())

y = torch.rand(5, 3)
print(x + y)

print(torch.add(x, y))

result = torch.empty(5, 3)
torch.add(x, y, out=result)
print(result)

# in place: adds x to y
y.add_(x)
print(y)

print(x[:, 1])

x = torch.randn(4, 4)
y = x.view(16)
z = x.view(-1, 8)
print(x.size(), y.size(), z.size())

x = torch.randn(1)
print(x)
print(x.item())

# the numpy bridge shares memory both ways
a = torch.ones(5)
print(a)

b = a.numpy()
print(b)

a.add_(1)
print(a)
print(b)

import numpy as np  # noqa: E402

a = np.ones(5)
b = torch.from_numpy(a)
np.add(a, 1, out=a)
print(a)
print(b)

if torch.cuda.is_available():
    device = torch.device("cuda")
    y = torch.ones_like(x, device=device)
    x = x.to(device)
    z = x + y
    print(z)
    print(z.to("cpu", torch.double))
