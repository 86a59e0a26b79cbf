# source: pytorch/tutorials, recipes_source/recipes/zeroing_out_gradients.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: torchvision and CIFAR10 are not available here: 32 training and 16 test "images" of CIFAR10's shape (3x32x32 floats in [-1, 1), as after its Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)), int64 labels 0-9), drawn by numpy, in a TensorDataset in the datasets' place; num_workers=2 written 0 (worker processes cost torch about 2 s a run here); a loss printed every 4 batches instead of every 2000
import numpy as np
import torch

import torch.nn as nn
import torch.nn.functional as F

import torch.optim as optim

rng = np.random.default_rng(0)


def fake_cifar10(count):
    images = rng.random((count, 3, 32, 32), dtype=np.float32) * 2 - 1
    labels = rng.integers(0, 10, count)
    return torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))


trainset = fake_cifar10(32)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4,
                                          shuffle=True, num_workers=0)

testset = fake_cifar10(16)
testloader = torch.utils.data.DataLoader(testset, batch_size=4,
                                         shuffle=False, num_workers=0)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')


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
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):

    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data

        # gradients accumulate: zeroed before each batch
        optimizer.zero_grad()

        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 4 == 3:
            print('[%d, %5d] loss: %.3f' %
                  (epoch + 1, i + 1, running_loss / 4))
            running_loss = 0.0

print('Finished Training')
