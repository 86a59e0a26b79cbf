# source: d2l-ai/d2l-en, chapter_optimization/convexity.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py); plots are skipped: its plot prints the curves it would draw and its plt (the 3-d axes too) a summary of each call; `%matplotlib inline` left out; the value of each notebook cell's last expression is printed
from d2l import torch as d2l
import numpy as np
from mpl_toolkits import mplot3d  # noqa: F401 - the chapter imports it
import torch  # noqa: F401 - the chapter imports it

f = lambda x: 0.5 * x**2  # Convex
g = lambda x: d2l.cos(np.pi * x)  # Nonconvex
h = lambda x: d2l.exp(0.5 * x)  # Convex

x, segment = d2l.arange(-2, 2, 0.01), d2l.tensor([-1.5, 1])
d2l.use_svg_display()
_, axes = d2l.plt.subplots(1, 3, figsize=(9, 3))
for ax, func in zip(axes, [f, g, h]):
    d2l.plot([x, segment], [func(x), func(segment)], axes=ax)

f = lambda x: (x - 1) ** 2
d2l.set_figsize()
d2l.plot([x, segment], [f(x), f(segment)], 'x', 'f(x)')
