# source: d2l-ai/d2l-en, chapter_linear-regression/linear-regression.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# mask: ^\d+\.\d{5} sec$
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py); the value of each notebook cell's last expression is printed; the timings are masked
from d2l import torch as d2l
import math
import torch  # noqa: F401 - the chapter imports it
import numpy as np
import time

n = 10000
a = d2l.ones(n)
b = d2l.ones(n)

c = d2l.zeros(n)
t = time.time()
for i in range(n):
    c[i] = a[i] + b[i]
print(f'{time.time() - t:.5f} sec')

t = time.time()
d = a + b
print(f'{time.time() - t:.5f} sec')

def normal(x, mu, sigma):
    p = 1 / math.sqrt(2 * math.pi * sigma**2)
    return p * np.exp(-0.5 * (x - mu)**2 / sigma**2)
