# source: pytorch/tutorials, recipes_source/recipes/saving_and_loading_models_for_inference.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the files are written in a temporary directory (removed at the end); the value of each cell's last expression is printed; torch.load of the entire model fails in torch 2.6 and later (weights_only=True by default): the error is caught and printed (its first line), then the model is loaded with weights_only=False as the error advises; its forward uses torch.relu where the recipe names an F it never imports
import os
import shutil
import tempfile

import torch
import torch.nn as nn
import torch.optim as optim

workdir = tempfile.mkdtemp()
os.chdir(workdir)


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
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
print(net)

optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

PATH = "state_dict_model.pt"
torch.save(net.state_dict(), PATH)

model = Net()
print(model.load_state_dict(torch.load(PATH)))
print(model.eval())

PATH = "entire_model.pt"
torch.save(net, PATH)

try:
    model = torch.load(PATH)
except Exception as error:
    print(type(error).__module__, type(error).__name__)
    print(str(error).splitlines()[0])
model = torch.load(PATH, weights_only=False)
print(model.eval())
print(type(model) is Net, model is not net)
x = torch.ones(1, 3, 32, 32)
print(torch.equal(model(x), net(x)), model(x).shape)

os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)
