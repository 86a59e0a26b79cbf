# source: pytorch/tutorials, beginner_source/introyt/introyt1_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# mask: ^(?: *(?:plane|car|bird|cat|deer|dog|frog|horse|ship|truck)(?: |$)){4}$
# mask: ^Accuracy of the network on the 10000 test images: \d+ %$
# adapted: torchvision and CIFAR10 are not available here: 32 training and 16 test "images" of CIFAR10's shape (3x32x32 floats in [-1, 1), as after its Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)), int64 labels 0-9), drawn by numpy, in a TensorDataset in the datasets' place (the first section's CIFAR10 loader with its other Normalize is the same data); the images are not shown (matplotlib and make_grid left out), only their labels printed (masked: the batch is shuffled by torch's generator); num_workers=2 written 0 (worker processes cost torch about 2 s a run here); a loss printed every 4 batches instead of every 2000; the accuracy line masked (it depends on the random initialization)
import numpy as np
import torch

# creating tensors
z = torch.zeros(5, 3)
print(z)
print(z.dtype)

i = torch.ones((5, 3), dtype=torch.int16)
print(i)

# a seeded generator repeats its draws
torch.manual_seed(1729)
r1 = torch.rand(2, 2)
print('A random tensor:')
print(r1)

r2 = torch.rand(2, 2)
print('\nA different random tensor:')
print(r2)

torch.manual_seed(1729)
r3 = torch.rand(2, 2)
print('\nShould match r1:')
print(r3)

# arithmetic, with scalars broadcast
ones = torch.ones(2, 3)
print(ones)

twos = torch.ones(2, 3) * 2
print(twos)

threes = ones + twos
print(threes)
print(threes.shape)

r1 = torch.rand(2, 3)
r2 = torch.rand(3, 2)

r = (torch.rand(2, 2) - 0.5) * 2
print('A random matrix, r:')
print(r)

print('\nAbsolute value of r:')
print(torch.abs(r))

print('\nInverse sine of r:')
print(torch.asin(r))

print('\nDeterminant of r:')
print(torch.det(r))
print('\nSingular value decomposition of r:')
print(torch.svd(r))

print('\nAverage and standard deviation of r:')
print(torch.std_mean(r))
print('\nMaximum value of r:')
print(torch.max(r))

import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class LeNet(nn.Module):

    def __init__(self):
        super(LeNet, self).__init__()
        # one input channel, 6 output channels, 5x5 kernels
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # affine maps: y = Wx + b
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # max pooling over a (2, 2) window, then a square one given by one number
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

    def num_flat_features(self, x):
        size = x.size()[1:]  # every dimension but the batch's
        num_features = 1
        for s in size:
            num_features *= s
        return num_features


net = LeNet()
print(net)

input = torch.rand(1, 1, 32, 32)
print('\nImage batch shape:')
print(input.shape)

output = net(input)
print('\nRaw output:')
print(output)
print(output.shape)

rng = np.random.default_rng(0)


def fake_cifar10(count):
    images = rng.random((count, 3, 32, 32), dtype=np.float32) * 2 - 1
    labels = rng.integers(0, 10, count)
    return torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))


trainset = fake_cifar10(32)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4,
                                          shuffle=True, num_workers=0)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

dataiter = iter(trainloader)
images, labels = next(dataiter)
print(' '.join('%5s' % classes[labels[j]] for j in range(4)))

import torch.optim as optim  # noqa: E402

testset = fake_cifar10(16)
testloader = torch.utils.data.DataLoader(testset, batch_size=4,
                                         shuffle=False, num_workers=0)

dataiter = iter(trainloader)
images, labels = next(dataiter)
print(' '.join('%5s' % classes[labels[j]] for j in range(4)))


# LeNet for 3-channel images
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
        x = x.view(-1, 16 * 5 * 5)
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

        optimizer.zero_grad()

        # forward, backward, a step
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

correct = 0
total = 0
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

print('Accuracy of the network on the 10000 test images: %d %%' % (
    100 * correct / total))
