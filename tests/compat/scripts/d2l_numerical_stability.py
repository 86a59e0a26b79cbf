# source: d2l-ai/d2l-en, chapter_multilayer-perceptrons/numerical-stability-and-init.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# values: \d\.\d{7,8}e[-+]\d\d
# (the sigmoid and its gradient, which numpy prints in this format, do not depend on the draws; they print with 8 or 9 digits, float32 rounding differing in the last bit)
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py), whose plot prints the curves it would draw (plots are skipped); `%matplotlib inline` left out; the random matrices (torch.normal) differ from torch's by design
from d2l import torch as d2l
import torch

x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))

d2l.plot(x.detach().numpy(), [y.detach().numpy(), x.grad.numpy()],
         legend=['sigmoid', 'gradient'], figsize=(4.5, 2.5))

M = torch.normal(0, 1, size=(4, 4))
print('a single matrix \n',M)
for i in range(100):
    M = M @ torch.normal(0, 1, size=(4, 4))
print('after multiplying 100 matrices\n', M)
