# source: d2l-ai/d2l-en, chapter_builders-guide/read-write.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# adapted: the value of each notebook cell's last expression is printed; the files are written in a temporary directory (removed at the end) instead of the working directory
# values: ^tensor\(\[0, 1, 2, 3\]\)$|^\(tensor\(\[0, 1, 2, 3\]\)|^\{'x'
import os
import shutil
import tempfile

import torch
from torch import nn
from torch.nn import functional as F

workdir = tempfile.mkdtemp()
os.chdir(workdir)

x = torch.arange(4)
torch.save(x, 'x-file')

x2 = torch.load('x-file')
print(x2)

y = torch.zeros(4)
torch.save([x, y],'x-files')
x2, y2 = torch.load('x-files')
print((x2, y2))

mydict = {'x': x, 'y': y}
torch.save(mydict, 'mydict')
mydict2 = torch.load('mydict')
print(mydict2)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.output = nn.LazyLinear(10)

    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))


net = MLP()
X = torch.randn(size=(2, 20))
Y = net(X)

torch.save(net.state_dict(), 'mlp.params')

clone = MLP()
print(clone.load_state_dict(torch.load('mlp.params')))
print(clone.eval())

Y_clone = clone(X)
print(Y_clone == Y)

os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)
