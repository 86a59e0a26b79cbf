# source: pytorch/tutorials, recipes_source/recipes/saving_and_loading_a_general_checkpoint.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the file is written in a temporary directory (removed at the end); the value of each cell's last expression is printed, and the loaded model checked equal to the saved one; its forward (never called, as in the recipe) uses torch.relu where the recipe names an F it never imports
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

EPOCH = 5
PATH = "model.pt"
LOSS = 0.4

torch.save({
    'epoch': EPOCH,
    'model_state_dict': net.state_dict(),
    'optimizer_state_dict': optimizer.state_dict(),
    'loss': LOSS,
}, PATH)

model = Net()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH)
print(sorted(checkpoint))
print(model.load_state_dict(checkpoint['model_state_dict']))
print(optimizer.load_state_dict(checkpoint['optimizer_state_dict']))
epoch = checkpoint['epoch']
loss = checkpoint['loss']
print(epoch, loss)
print(optimizer.state_dict())
print(all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), net.state_dict().values())))

print(model.eval())
print(model.training)
print(model.train())
print(model.training)

os.chdir(os.path.dirname(workdir))
shutil.rmtree(workdir)
