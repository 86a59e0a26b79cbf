# source: pytorch/tutorials, intermediate_source/char_rnn_classification_tutorial.py
# Follows the tutorial's steps and calls in order (its CharRNN version: nn.RNN, NamesDataset, random_split); written for this suite, not copied from it.
# compare: structure
# adapted: the names download (data/names, 18 languages) is replaced by 4 languages of 12 names each, written below into a temporary data/names (by tests/compat/data/names_data.py; removed at the end), and the files are read in sorted order (glob's order depends on the file system); 27 epochs cut to 4 (reported every 2), minibatches of 8 names (64 would leave no batch of the 41 training names); the plots are left out (the loss list and the confusion matrix, as a tensor, are printed); the training time and the label guessed for "Albert" by the untrained network (drawn by torch's generator) are masked
# mask: (?<=training took ).*s$
# mask: ^\('[A-Za-z]+', \d\)$
import glob
import os
import random
import shutil
import string
import time
import unicodedata
from io import open

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset

from names_data import write_names

NAMES = {
    "Czech": ["Abl", "Adsit", "Ajdrna", "Alt", "Antonowitsch", "Bacon", "Ballalatak", "Baltazar",
              "Bartos", "Bastl", "Bauer", "Ślusàrski"],
    "Italian": ["Abandonato", "Abatangelo", "Abatantuono", "Abate", "Abategiovanni", "Abatescianni",
                "Abba", "Abbadelli", "Abbascia", "Abbatangelo", "Abbatantuono", "Abbate"],
    "Japanese": ["Abe", "Abukara", "Adachi", "Aida", "Aihara", "Aizawa", "Ajibana", "Akaike",
                 "Akamatsu", "Akatsuka", "Akechi", "Akera"],
    "Korean": ["Ahn", "Baik", "Bang", "Byon", "Cha", "Chang", "Chi", "Chin", "Cho", "Choe", "Choi",
               "Chong"],
}
root = write_names(NAMES)

# preparing torch: the default device
device = torch.device('cpu')
if torch.cuda.is_available():
    device = torch.device('cuda')
torch.set_default_device(device)
print(f"Using device = {torch.get_default_device()}")

# preparing the data: letters, one-hot tensors
allowed_characters = string.ascii_letters + " .,;'" + "_"  # "_" stands for any other character
n_letters = len(allowed_characters)


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in allowed_characters
    )


print(f"converting 'Ślusàrski' to {unicodeToAscii('Ślusàrski')}")


def letterToIndex(letter):
    if letter not in allowed_characters:
        return allowed_characters.find("_")
    else:
        return allowed_characters.find(letter)


def lineToTensor(line):
    """A <line_length x 1 x n_letters> tensor of one-hot letters."""
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(f"The letter 'a' becomes {lineToTensor('a')}")
print(f"The name 'Ahn' becomes {lineToTensor('Ahn')}")


class NamesDataset(Dataset):

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.load_time = time.localtime
        labels_set = set()

        self.data = []
        self.data_tensors = []
        self.labels = []
        self.labels_tensors = []

        text_files = sorted(glob.glob(os.path.join(data_dir, '*.txt')))
        for filename in text_files:
            label = os.path.splitext(os.path.basename(filename))[0]
            labels_set.add(label)
            lines = open(filename, encoding='utf-8').read().strip().split('\n')
            for name in lines:
                self.data.append(name)
                self.data_tensors.append(lineToTensor(name))
                self.labels.append(label)

        # the labels' tensors, made once
        self.labels_uniq = list(labels_set)
        for idx in range(len(self.labels)):
            temp_tensor = torch.tensor([self.labels_uniq.index(self.labels[idx])], dtype=torch.long)
            self.labels_tensors.append(temp_tensor)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        data_item = self.data[idx]
        data_label = self.labels[idx]
        data_tensor = self.data_tensors[idx]
        label_tensor = self.labels_tensors[idx]
        return label_tensor, data_tensor, data_label, data_item


alldata = NamesDataset("data/names")
print(f"loaded {len(alldata)} items of data")
print(f"example = {alldata[0]}")

train_set, test_set = torch.utils.data.random_split(alldata, [.85, .15], generator=torch.Generator(device=device).manual_seed(2024))
print(f"train examples = {len(train_set)}, validation examples = {len(test_set)}")


# the network: nn.RNN, then a linear layer and a log-softmax on its last hidden state
class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(CharRNN, self).__init__()

        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)

        return output


n_hidden = 128
rnn = CharRNN(n_letters, n_hidden, len(alldata.labels_uniq))
print(rnn)


def label_from_output(output, output_labels):
    top_n, top_i = output.topk(1)
    label_i = top_i[0].item()
    return output_labels[label_i], label_i


input = lineToTensor('Albert')
output = rnn(input)
print(output)
print(label_from_output(output, alldata.labels_uniq))


# training with minibatches of names (of different lengths, so no DataLoader)
def train(rnn, training_data, n_epoch=10, n_batch_size=64, report_every=50, learning_rate=0.2, criterion=nn.NLLLoss()):
    current_loss = 0
    all_losses = []
    rnn.train()
    optimizer = torch.optim.SGD(rnn.parameters(), lr=learning_rate)

    start = time.time()  # noqa: F841 - (unused in the tutorial too)
    print(f"training on data set with n = {len(training_data)}")

    for iter in range(1, n_epoch + 1):
        rnn.zero_grad()

        batches = list(range(len(training_data)))
        random.shuffle(batches)
        batches = np.array_split(batches, len(batches) // n_batch_size)

        for idx, batch in enumerate(batches):
            batch_loss = 0
            for i in batch:
                (label_tensor, text_tensor, label, text) = training_data[i]
                output = rnn.forward(text_tensor)
                loss = criterion(output, label_tensor)
                batch_loss += loss

            batch_loss.backward()
            nn.utils.clip_grad_norm_(rnn.parameters(), 3)
            optimizer.step()
            optimizer.zero_grad()

            current_loss += batch_loss.item() / len(batch)

        all_losses.append(current_loss / len(batches))
        if iter % report_every == 0:
            print(f"{iter} ({iter / n_epoch:.0%}): \t average batch loss = {all_losses[-1]}")
        current_loss = 0

    return all_losses


start = time.time()
all_losses = train(rnn, train_set, n_epoch=4, n_batch_size=8, learning_rate=0.15, report_every=2)
end = time.time()
print(f"training took {end-start}s")
print(all_losses)


def evaluate(rnn, testing_data, classes):
    confusion = torch.zeros(len(classes), len(classes))

    rnn.eval()
    with torch.no_grad():
        for i in range(len(testing_data)):
            (label_tensor, text_tensor, label, text) = testing_data[i]
            output = rnn(text_tensor)
            guess, guess_i = label_from_output(output, classes)
            label_i = classes.index(label)
            confusion[label_i][guess_i] += 1

    # each row divided by its sum
    for i in range(len(classes)):
        denom = confusion[i].sum()
        if denom > 0:
            confusion[i] = confusion[i] / denom

    print(confusion)


evaluate(rnn, test_set, classes=alldata.labels_uniq)
os.chdir(os.path.dirname(root))
shutil.rmtree(root)
