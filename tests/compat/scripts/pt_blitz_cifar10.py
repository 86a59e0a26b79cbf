# source: pytorch/tutorials, beginner_source/blitz/cifar10_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# mask: ^(?: *(?:plane|car|bird|cat|deer|dog|frog|horse|ship|truck)(?: |$)){4}$
# mask: ^Predicted: .*$
# mask: ^Accuracy of .*%$
# adapted: torchvision and CIFAR10 are not available here: 32 training and 40 test "images" of CIFAR10's shape (3x32x32 floats in [-1, 1), as after its Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)), int64 labels 0-9, the test set holding each class four times so that every per-class accuracy is defined), drawn by numpy, in a TensorDataset in the datasets' place; the images are not shown (matplotlib and make_grid left out); dataiter.next() written next(dataiter) (PyTorch 2 removed the method); num_workers=2 written 0 (worker processes cost torch about 2 s a run here); a loss printed every 4 batches instead of every 2000; the shuffled labels, the predictions and the accuracies masked (they depend on torch's generator); class_total printed at the end
import numpy as np
import torch

rng = np.random.default_rng(0)


def fake_cifar10(labels):
    images = rng.random((len(labels), 3, 32, 32), dtype=np.float32) * 2 - 1
    return torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))


trainset = fake_cifar10(rng.integers(0, 10, 32))
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4,
                                          shuffle=True, num_workers=0)

testset = fake_cifar10(rng.permutation(np.arange(40) % 10))
testloader = torch.utils.data.DataLoader(testset, batch_size=4,
                                         shuffle=False, num_workers=0)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

dataiter = iter(trainloader)
images, labels = next(dataiter)
print(' '.join('%5s' % classes[labels[j]] for j in range(4)))

import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


# the network of the neural networks tutorial, for 3-channel images
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

import torch.optim as optim  # noqa: E402

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):

    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data

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

dataiter = iter(testloader)
images, labels = next(dataiter)
print('GroundTruth: ', ' '.join('%5s' % classes[labels[j]] for j in range(4)))

outputs = net(images)

# the class of highest energy
_, predicted = torch.max(outputs, 1)

print('Predicted: ', ' '.join('%5s' % classes[predicted[j]]
                              for j in range(4)))

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

class_correct = list(0. for i in range(10))
class_total = list(0. for i in range(10))
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predicted = torch.max(outputs, 1)
        c = (predicted == labels).squeeze()
        for i in range(4):
            label = labels[i]
            class_correct[label] += c[i].item()
            class_total[label] += 1

for i in range(10):
    print('Accuracy of %5s : %2d %%' % (
        classes[i], 100 * class_correct[i] / class_total[i]))

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
print(device)
print(class_total)

del dataiter
