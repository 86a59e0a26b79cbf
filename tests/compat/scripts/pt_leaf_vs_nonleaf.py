# source: pytorch/tutorials, beginner_source/understanding_leaf_vs_nonleaf_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: values
# adapted: the warning torch gives for z.grad and the two errors the tutorial quotes (backward of a loss that needs no gradient, retain_grad of a tensor that needs none) are caught and printed
import warnings

import torch
import torch.nn.functional as F

x = torch.ones(1, 3)
W = torch.ones(3, 2, requires_grad=True)
b = torch.ones(1, 2, requires_grad=True)
y = torch.ones(1, 2)

z = (x @ W) + b
y_pred = F.relu(z)
loss = F.mse_loss(y_pred, y)

print(f"{x.is_leaf=}")
print(f"{z.is_leaf=}")

# the error the tutorial quotes when no tensor requires grad
try:
    F.mse_loss(F.relu((x @ W.detach()) + b.detach()), y).backward()
except RuntimeError as error:
    print("RuntimeError:", error)

print(f"{x.requires_grad=}")
print(f"{W.requires_grad=}")
print(f"{z.requires_grad=}")

loss.backward()
print(f"{W.grad=}")
print(f"{b.grad=}")
print(f"{x.grad=}")
print(f"{y.grad=}")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(f"{z.grad=}")
for warning in caught:
    print(warning.category.__name__, str(warning.message).split("\n")[0][:120])

z = (x @ W) + b
y_pred = F.relu(z)
loss = F.mse_loss(y_pred, y)
z.retain_grad()
y_pred.retain_grad()
loss.retain_grad()
W.grad = None
b.grad = None
loss.backward()
print(f"{W.grad=}")
print(f"{b.grad=}")
print(f"{z.grad=}")
print(f"{y_pred.grad=}")
print(f"{loss.grad=}")
print(f"{z.retains_grad=}", f"{W.retains_grad=}", f"{x.retains_grad=}")

W.retain_grad()  # a leaf that requires grad: a no-op
print(f"{W.retains_grad=}")
try:
    x.retain_grad()
except RuntimeError as error:
    print("RuntimeError:", error)
