# source: pytorch/tutorials, intermediate_source/spatial_transformer_tutorial.py
# Follows the tutorial's steps and calls in order (its Variable(volatile=True) and size_average=False version); written for this suite, not copied from it.
# compare: structure
# mask: ^Test set: Average loss: .*$
# adapted: torchvision and MNIST are not available here: 64 training and 32 test "images" of MNIST's shape (1x28x28 floats, normalized as by its Normalize((0.1307,), (0.3081,))), int64 labels 0-9, drawn by numpy, in a TensorDataset in the datasets' place; batches of 16 instead of 64 and num_workers=4 written 0; loss.data[0] (an IndexError on a 0-d loss since PyTorch 0.4) written loss.item(), as the tutorial's later versions do; 20 epochs cut to 1; the images are not plotted (matplotlib and make_grid left out): visualize_stn prints the shapes and the transformed batch's mean; the test line masked (its counts depend on the random initialization)
from __future__ import print_function

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable

use_cuda = torch.cuda.is_available()

rng = np.random.default_rng(0)


def fake_mnist(count):
    images = (rng.random((count, 1, 28, 28), dtype=np.float32) - np.float32(0.1307)) / np.float32(0.3081)
    labels = rng.integers(0, 10, count)
    return torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))


train_loader = torch.utils.data.DataLoader(fake_mnist(64), batch_size=16, shuffle=True, num_workers=0)
test_loader = torch.utils.data.DataLoader(fake_mnist(32), batch_size=16, shuffle=True, num_workers=0)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

        # the localization network of the spatial transformer
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True)
        )

        # the regressor of the 2x3 affine matrix
        self.fc_loc = nn.Sequential(
            nn.Linear(10 * 3 * 3, 32),
            nn.ReLU(True),
            nn.Linear(32, 3 * 2)
        )

        # starts as the identity transformation
        self.fc_loc[2].weight.data.fill_(0)
        self.fc_loc[2].bias.data = torch.FloatTensor([1, 0, 0, 0, 1, 0])

    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)

        grid = F.affine_grid(theta, x.size())
        x = F.grid_sample(x, grid)

        return x

    def forward(self, x):
        x = self.stn(x)

        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x)


model = Net()
if use_cuda:
    model.cuda()

optimizer = optim.SGD(model.parameters(), lr=0.01)


def train(epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        if use_cuda:
            data, target = data.cuda(), target.cuda()

        data, target = Variable(data), Variable(target)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 500 == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))


def test():
    model.eval()
    test_loss = 0
    correct = 0
    for data, target in test_loader:
        if use_cuda:
            data, target = data.cuda(), target.cuda()
        data, target = Variable(data, volatile=True), Variable(target)
        output = model(data)

        # the batch's summed loss
        test_loss += F.nll_loss(output, target, size_average=False).item()
        # the index of the largest log-probability
        pred = output.data.max(1, keepdim=True)[1]
        correct += pred.eq(target.data.view_as(pred)).cpu().sum()

    test_loss /= len(test_loader.dataset)
    print('\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'
          .format(test_loss, correct, len(test_loader.dataset),
                  100. * correct / len(test_loader.dataset)))


def visualize_stn():
    data, _ = next(iter(test_loader))
    data = Variable(data, volatile=True)

    if use_cuda:
        data = data.cuda()

    input_tensor = data.cpu().data
    transformed_input_tensor = model.stn(data).cpu().data
    print(input_tensor.shape, transformed_input_tensor.shape, transformed_input_tensor.mean())


for epoch in range(1, 1 + 1):
    train(epoch)
    test()

visualize_stn()
