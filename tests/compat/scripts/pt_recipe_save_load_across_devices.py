# source: pytorch/tutorials, recipes_source/recipes/save_load_across_devices.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: there is no GPU here: each step that needs one runs inside a try and prints the error torch gives on a machine without one (the type and first line); model.pt is written into a temporary directory; the state dicts loaded are printed (load_state_dict's result)
import os
import tempfile

import torch
import torch.nn as nn
import torch.optim as optim  # noqa: F401


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # (the recipe never imports F: forward is not called)
        x = self.pool(F.relu(self.conv1(x)))  # noqa: F821
        x = self.pool(F.relu(self.conv2(x)))  # noqa: F821
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))  # noqa: F821
        x = F.relu(self.fc2(x))  # noqa: F821
        x = self.fc3(x)
        return x


net = Net()
print(net)


def attempt(step):
    """Run one step of the recipe; print the error it raises here, if any."""
    try:
        step()
    except Exception as error:
        print(type(error).__name__, str(error).splitlines()[0])


directory = tempfile.TemporaryDirectory()
PATH = os.path.join(directory.name, "model.pt")

# saved on a GPU, loaded on the CPU
torch.save(net.state_dict(), PATH)

device = torch.device('cpu')
model = Net()
print(model.load_state_dict(torch.load(PATH, map_location=device)))

# saved on a GPU, loaded on a GPU
torch.save(net.state_dict(), PATH)

device = torch.device("cuda")
model = Net()
print(model.load_state_dict(torch.load(PATH)))
attempt(lambda: model.to(device))

# saved on the CPU, loaded on a GPU
torch.save(net.state_dict(), PATH)

device = torch.device("cuda")
model = Net()
attempt(lambda: model.load_state_dict(torch.load(PATH, map_location="cuda:0")))
attempt(lambda: model.to(device))

# a DataParallel model's module saved (net is not wrapped here)
attempt(lambda: torch.save(net.module.state_dict(), PATH))
directory.cleanup()
