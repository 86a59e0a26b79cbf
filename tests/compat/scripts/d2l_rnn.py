# source: d2l-ai/d2l-en, chapter_recurrent-neural-networks/rnn.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py); the value of each notebook cell's last expression is printed; the matrices come from torch's generator, which autograd_lab does not reproduce: compared by structure
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it

X, W_xh = d2l.randn(3, 1), d2l.randn(1, 4)
H, W_hh = d2l.randn(3, 4), d2l.randn(4, 4)
print(d2l.matmul(X, W_xh) + d2l.matmul(H, W_hh))

print(d2l.matmul(d2l.concat((X, H), 1), d2l.concat((W_xh, W_hh), 0)))
