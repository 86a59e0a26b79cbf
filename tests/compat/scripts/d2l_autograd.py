# source: d2l-ai/d2l-en, chapter_preliminaries/autograd.md
# Follows the chapter's PyTorch code blocks in order; written for this suite, not copied from it.
# compare: structure
# adapted: the value of each notebook cell's last expression is printed
# The last line compares a.grad with d / a exactly for an unseeded random a: for a negative a,
# d = 100 * b rounds and the quotient may miss by an ulp (torch's own result varies run to run).
# mask: ^tensor\((True|False)\)$
import torch

x = torch.arange(4.0)
print(x)

x.requires_grad_(True)
print(x.grad)

y = 2 * torch.dot(x, x)
print(y)

y.backward()
print(x.grad)
print(x.grad == 4 * x)

x.grad.zero_()
y = x.sum()
y.backward()
print(x.grad)

x.grad.zero_()
y = x * x
y.backward(gradient=torch.ones(len(y)))
print(x.grad)

x.grad.zero_()
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
print(x.grad == u)

x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)
