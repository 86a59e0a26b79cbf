# source: d2l-ai/d2l-en, chapter_builders-guide/lazy-init.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# adapted: the value of each notebook cell's last expression is printed; `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py); the chapter defines apply_init without calling it, here it is called on a d2l.Module with an init function
from d2l import torch as d2l
import torch
from torch import nn

net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))

print(net[0].weight)

X = torch.rand(2, 20)
net(X)

print(net[0].weight.shape)


@d2l.add_to_class(d2l.Module)  #@save
def apply_init(self, inputs, init=None):
    self.forward(*inputs)
    if init is not None:
        self.net.apply(init)


class Model(d2l.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))


def init_constant(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 0.5)
        nn.init.zeros_(module.bias)


model = Model()
print(model.net)
model.apply_init([X], init_constant)
print(model.net)
print(model(X))
