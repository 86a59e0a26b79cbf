# source: d2l-ai/d2l-en, chapter_computational-performance/hybridize.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# mask: ^(Without|With) torchscript: [\d.]+ sec$
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Timer written out); the value of each notebook cell's last expression is printed; the timings are masked; the network's input comes from torch's generator, which autograd_lab does not reproduce: compared by structure; the scripted network is saved in a temporary directory (removed after), where the shell's `!ls -lh my_mlp*` is Python's listing of the names (the file's size is each library's own format)
def add(a, b):
    return a + b

def fancy_func(a, b, c, d):
    e = add(a, b)
    f = add(c, d)
    g = add(e, f)
    return g

print(fancy_func(1, 2, 3, 4))

def add_():
    return '''
def add(a, b):
    return a + b
'''

def fancy_func_():
    return '''
def fancy_func(a, b, c, d):
    e = add(a, b)
    f = add(c, d)
    g = add(e, f)
    return g
'''

def evoke_():
    return add_() + fancy_func_() + 'print(fancy_func(1, 2, 3, 4))'

prog = evoke_()
print(prog)
y = compile(prog, '', 'exec')
print(exec(y))

import os
import shutil
import tempfile

from d2l import torch as d2l
import torch
from torch import nn

# Factory for networks
def get_net():
    net = nn.Sequential(nn.Linear(512, 256),
            nn.ReLU(),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Linear(128, 2))
    return net

x = torch.randn(size=(1, 512))
net = get_net()
print(net(x))

net = torch.jit.script(net)
print(net(x))

#@save
class Benchmark:
    """For measuring running time."""
    def __init__(self, description='Done'):
        self.description = description

    def __enter__(self):
        self.timer = d2l.Timer()
        return self

    def __exit__(self, *args):
        print(f'{self.description}: {self.timer.stop():.4f} sec')

net = get_net()
with Benchmark('Without torchscript'):
    for i in range(1000): net(x)

net = torch.jit.script(net)
with Benchmark('With torchscript'):
    for i in range(1000): net(x)

workdir = tempfile.mkdtemp()
os.chdir(workdir)
net.save('my_mlp')
print(sorted(name for name in os.listdir() if name.startswith('my_mlp')))
os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)

