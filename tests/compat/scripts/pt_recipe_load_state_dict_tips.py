# source: pytorch/tutorials, recipes_source/recipes/module_load_state_dict_tips.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the checkpoint is written in a temporary directory (removed at the end); the value of each cell's last expression is printed
import os
import shutil
import tempfile

import torch
from torch import nn

workdir = tempfile.mkdtemp()
os.chdir(workdir)


class SomeModule(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(1, 1) for i in range(10)])

    def forward(self, x):
        return self.linears(x)


try:
    m = SomeModule()
    torch.save(m.state_dict(), 'checkpoint.pth')
    state_dict = torch.load('checkpoint.pth', mmap=True)
    print(sorted(state_dict)[:3], len(state_dict))
    with torch.device('meta'):
        meta_m = SomeModule()
    print(meta_m.load_state_dict(state_dict, assign=True))

    state_dict = torch.load('checkpoint.pth')
    m = SomeModule()
    print(m.load_state_dict(state_dict))

    state_dict = torch.load('checkpoint.pth')
    state_dict = torch.load('checkpoint.pth', mmap=True)
    m = SomeModule()
    with torch.device('meta'):
        meta_m = SomeModule()
    print(meta_m.linears[0].weight)
    print(m.load_state_dict(state_dict))
    print(meta_m.load_state_dict(state_dict, assign=True))
    print(meta_m.linears[0].weight.device, torch.equal(meta_m.linears[0].weight, m.linears[0].weight))
finally:
    os.chdir(os.path.dirname(workdir))
    shutil.rmtree(workdir)
