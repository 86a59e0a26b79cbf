# source: pytorch/tutorials, recipes_source/recipes/saving_multiple_models_in_one_file.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the file is written in a temporary directory (removed at the end); the value of each cell's last expression is printed; its forward (never called, as in the recipe) uses torch.relu where the recipe names an F it never imports
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


netA = Net()
netB = Net()

optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.SGD(netB.parameters(), lr=0.001, momentum=0.9)

PATH = "model.pt"

torch.save({
    'modelA_state_dict': netA.state_dict(),
    'modelB_state_dict': netB.state_dict(),
    'optimizerA_state_dict': optimizerA.state_dict(),
    'optimizerB_state_dict': optimizerB.state_dict(),
}, PATH)

modelA = Net()
modelB = Net()
optimModelA = optim.SGD(modelA.parameters(), lr=0.001, momentum=0.9)
optimModelB = optim.SGD(modelB.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH)
print(modelA.load_state_dict(checkpoint['modelA_state_dict']))
print(modelB.load_state_dict(checkpoint['modelB_state_dict']))
print(optimizerA.load_state_dict(checkpoint['optimizerA_state_dict']))
print(optimizerB.load_state_dict(checkpoint['optimizerB_state_dict']))

modelA.eval()
print(modelB.eval())
modelA.train()
print(modelB.train())
print(torch.equal(modelB.fc3.weight, netB.fc3.weight), torch.equal(modelA.fc3.weight, netB.fc3.weight))

os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)
