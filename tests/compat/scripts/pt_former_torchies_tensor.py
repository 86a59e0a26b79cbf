# source: pytorch/tutorials, beginner_source/former_torchies/tensor_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: nothing beyond printing what the tutorial prints (its CUDA part runs only where CUDA is available: not here)
import torch

a = torch.empty(5, 7, dtype=torch.float)

# a double tensor from a standard normal
a = torch.randn(5, 7, dtype=torch.double)
print(a)
print(a.size())

# in place with a trailing underscore, out of place without
a.fill_(3.5)
b = a.add(4.0)
print(a, b)

# zero-based indexing and slicing
b = a[0, 3]
b = a[:, 3:5]

x = torch.ones(5, 5)
print(x)

z = torch.empty(5, 2)
z[:, 0] = 10
z[:, 1] = 100
print(z)

x.index_add_(1, torch.tensor([4, 0], dtype=torch.long), z)
print(x)

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
    a = torch.full((10,), 3, device=torch.device("cuda"))
    print(type(a))
    b = a.to(torch.device("cpu"))
