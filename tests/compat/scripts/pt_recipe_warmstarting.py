# source: pytorch/tutorials, recipes_source/recipes/warmstarting_model_using_parameters_from_a_different_model.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the file is written in a temporary directory (removed at the end); the value of each cell's last expression is printed; after the recipe's load, one with renamed and missing keys (the renaming its text describes) shows what strict=False reports; its forward uses torch.relu where the recipe names an F it never imports
import os
import shutil
import tempfile

import torch
import torch.nn as nn

workdir = tempfile.mkdtemp()
os.chdir(workdir)


class NetA(nn.Module):
    def __init__(self):
        super(NetA, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)



netA = NetA()


class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)



netB = NetB()

PATH = "model.pt"
torch.save(netA.state_dict(), PATH)

print(netB.load_state_dict(torch.load(PATH), strict=False))
print(torch.equal(netB.fc3.weight, netA.fc3.weight))

# the renaming the recipe describes when keys do not match: a model with other names, and a
# state_dict with one entry too many and one too few
state = torch.load(PATH)
state["fc4.weight"] = state.pop("fc3.weight")
result = netB.load_state_dict(state, strict=False)
print(result)
print(result.missing_keys, result.unexpected_keys)
try:
    netB.load_state_dict(state)
except RuntimeError as error:
    print("RuntimeError:", error)
renamed = {key.replace("fc4", "fc3"): value for key, value in state.items()}
print(netB.load_state_dict(renamed))

os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)
