# source: pytorch/tutorials, beginner_source/former_torchies/autograd_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: a.to(requires_grad=True), which PyTorch 2 refuses with a TypeError, is tried and the error's first line printed; the script goes on with a.requires_grad_(True)
import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.data)
print(x.grad)
# made by the user: no grad_fn
print(x.grad_fn)

y = x + 2
print(y)
print(y.grad_fn)

z = y * y * 3
out = z.mean()
print(z, out)

# .to(requires_grad=...) changes the flag
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
try:
    a = a.to(requires_grad=True)
except TypeError as error:
    print(type(error).__name__, str(error).splitlines()[0])
    a = a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

out.backward()
print(x.grad)

# a graph kept for a second backward pass
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.backward(torch.ones(2, 2), retain_graph=True)
print(x.grad)

z = y * y
print(z)

gradient = torch.randn(2, 2)
y.backward(gradient)
print(x.grad)

print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)
