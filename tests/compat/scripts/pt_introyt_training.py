# source: pytorch/tutorials, beginner_source/introyt/trainingyt.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# mask: ^(?:(?:T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle Boot)(?:  |$)){4}$
# adapted: torchvision and FashionMNIST are not available here: 64 training and 32 validation "images" of FashionMNIST's shape (1x28x28 floats in [-1, 1), as after its Normalize((0.5,), (0.5,)), int64 labels 0-9), drawn by numpy, in a TensorDataset in the datasets' place; tensorboard is not available either: a SummaryWriter stand-in prints what it would log; the image grid is not shown (matplotlib and make_grid left out), only its labels printed (masked: the first batch is shuffled by torch's generator); dataiter.next() written next(dataiter) (PyTorch 2 removed the method); a loss reported every 8 batches instead of every 1000; num_workers=2 written 0 (two worker processes cost torch about 2 s a run here); 5 epochs cut to 2; the models are saved into a temporary directory
import os
import tempfile
from datetime import datetime

import numpy as np
import torch

rng = np.random.default_rng(0)


def fake_fashion_mnist(count):
    images = rng.random((count, 1, 28, 28), dtype=np.float32) * 2 - 1
    labels = rng.integers(0, 10, count)
    return torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))


class SummaryWriter:
    """Prints what torch.utils.tensorboard's writer would log."""

    def __init__(self, log_dir):
        self.log_dir = log_dir

    def add_scalar(self, tag, value, step):
        print('scalar', tag, value, step)

    def add_scalars(self, tag, values, step):
        print('scalars', tag, values, step)

    def flush(self):
        pass


training_set = fake_fashion_mnist(64)
validation_set = fake_fashion_mnist(32)

# shuffled for training, in order for validation
training_loader = torch.utils.data.DataLoader(training_set, batch_size=4, shuffle=True, num_workers=0)
validation_loader = torch.utils.data.DataLoader(validation_set, batch_size=4, shuffle=False, num_workers=0)

classes = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
           'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle Boot')

print('Training set has {} instances'.format(len(training_set)))
print('Validation set has {} instances'.format(len(validation_set)))

dataiter = iter(training_loader)
images, labels = next(dataiter)
print(images.shape, labels.shape)
print('  '.join(classes[labels[j]] for j in range(4)))

import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


# a LeNet-5 variant
class GarmentClassifier(nn.Module):
    def __init__(self):
        super(GarmentClassifier, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


model = GarmentClassifier()

loss_fn = torch.nn.CrossEntropyLoss()

# a batch of 4 dummy outputs over 10 classes and their labels
dummy_outputs = torch.rand(4, 10)
dummy_labels = torch.tensor([1, 5, 3, 7])

print(dummy_outputs)
print(dummy_labels)

loss = loss_fn(dummy_outputs, dummy_labels)
print('Total loss for this batch: {}'.format(loss.item()))

optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)


def train_one_epoch(epoch_index, tb_writer):
    running_loss = 0.
    last_loss = 0.

    for i, data in enumerate(training_loader):
        inputs, labels = data
        # gradients zeroed for every batch
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 8 == 7:
            last_loss = running_loss / 8  # loss per batch
            print('  batch {} loss: {}'.format(i + 1, last_loss))
            tb_x = epoch_index * len(training_loader) + i + 1
            tb_writer.add_scalar('Loss/train', last_loss, tb_x)
            running_loss = 0.

    return last_loss


directory = tempfile.TemporaryDirectory()
timestamp = datetime.now().strftime('%Y%m%d_%H%M%S')
writer = SummaryWriter(os.path.join(directory.name, 'runs/fashion_trainer_{}'.format(timestamp)))
epoch_number = 0

EPOCHS = 2

best_vloss = 1_000_000.

for epoch in range(EPOCHS):
    print('EPOCH {}:'.format(epoch_number + 1))

    model.train(True)
    avg_loss = train_one_epoch(epoch_number, writer)

    model.train(False)

    running_vloss = 0.0
    for i, vdata in enumerate(validation_loader):
        vinputs, vlabels = vdata
        voutputs = model(vinputs)
        vloss = loss_fn(voutputs, vlabels)
        running_vloss += vloss

    avg_vloss = running_vloss / (i + 1)
    print('LOSS train {} valid {}'.format(avg_loss, avg_vloss))

    writer.add_scalars('Training vs. Validation Loss',
                       {'Training': avg_loss, 'Validation': avg_vloss},
                       epoch_number + 1)
    writer.flush()

    # the model's state kept when the validation loss improves
    if avg_vloss < best_vloss:
        best_vloss = avg_vloss
        model_path = os.path.join(directory.name, 'model_{}_{}'.format(timestamp, epoch_number))
        torch.save(model.state_dict(), model_path)

    epoch_number += 1

saved_model = GarmentClassifier()
print(saved_model.load_state_dict(torch.load(model_path)))
directory.cleanup()
