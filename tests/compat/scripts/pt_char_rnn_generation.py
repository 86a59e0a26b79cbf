# source: pytorch/tutorials, intermediate_source/char_rnn_generation_tutorial.py
# Follows the tutorial's steps and calls in order (its current version: nn.LogSoftmax(dim=1), loss = torch.Tensor([0]) summed in place, sampling under torch.no_grad()); written for this suite, not copied from it.
# compare: structure
# adapted: the names download (data/names, 18 languages) is replaced by the 4 languages sampled at the end (Russian, German, Spanish, Chinese) with 12 names each, written below into a temporary data/names (by tests/compat/data/names_data.py; removed at the end), and the files are read in sorted order (glob's order depends on the file system); 100000 iterations cut to 600 (printed every 200, averaged every 100); the plot is left out (the averaged losses are printed); the tensors of one training example are printed; the times and the sampled names (the weights and the dropout are drawn by torch's generator) are masked
# mask: ^\d+m \d+s(?= \()
# mask: ^[RUSGEPACHI][A-Za-z .,;'-]*$
import glob
import math
import os
import random
import shutil
import string
import time
import unicodedata
from io import open

import torch
import torch.nn as nn

from names_data import write_names

NAMES = {
    "Russian": ["Ababko", "Abaev", "Abagyan", "Abaidulin", "Abaidullin", "Abaimoff", "Abaimov",
                "Abakeliya", "Abakovsky", "Abakshin", "Abakumoff", "Abalakin"],
    "German": ["Abbing", "Abel", "Abeln", "Abt", "Achilles", "Achterberg", "Acker", "Ackermann",
               "Adam", "Adenauer", "Adler", "Müller"],
    "Spanish": ["Abana", "Abano", "Abarca", "Abaroa", "Abascal", "Abasolo", "Abel", "Abelló",
                "Aberquero", "Abreu", "Acosta", "Agramunt"],
    "Chinese": ["Ang", "AuYong", "Bai", "Ban", "Bao", "Bei", "Bian", "Bui", "Cai", "Cao", "Cen",
                "Chai"],
}
root = write_names(NAMES)

# preparing the data: a list of ASCII names per language
all_letters = string.ascii_letters + " .,;'-"
n_letters = len(all_letters) + 1  # and the end-of-string marker


def findFiles(path): return sorted(glob.glob(path))


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in all_letters
    )


def readLines(filename):
    with open(filename, encoding='utf-8') as some_file:
        return [unicodeToAscii(line.strip()) for line in some_file]


category_lines = {}
all_categories = []
for filename in findFiles('data/names/*.txt'):
    category = os.path.splitext(os.path.basename(filename))[0]
    all_categories.append(category)
    lines = readLines(filename)
    category_lines[category] = lines

n_categories = len(all_categories)

if n_categories == 0:
    raise RuntimeError('Data not found. Make sure that you downloaded data '
                       'from https://download.pytorch.org/tutorial/data.zip and extract it to '
                       'the current directory.')

print('# categories:', n_categories, all_categories)
print(unicodeToAscii("O'Néàl"))


# the network: the category, the letter and the hidden state in; the next letter's log-probabilities out
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size

        self.i2h = nn.Linear(n_categories + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(n_categories + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.dropout = nn.Dropout(0.1)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        output = self.dropout(output)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


def randomChoice(l):
    return l[random.randint(0, len(l) - 1)]


def randomTrainingPair():
    category = randomChoice(all_categories)
    line = randomChoice(category_lines[category])
    return category, line


def categoryTensor(category):
    """The category, one-hot: <1 x n_categories>."""
    li = all_categories.index(category)
    tensor = torch.zeros(1, n_categories)
    tensor[0][li] = 1
    return tensor


def inputTensor(line):
    """The first to the last letter, one-hot (no end marker)."""
    tensor = torch.zeros(len(line), 1, n_letters)
    for li in range(len(line)):
        letter = line[li]
        tensor[li][0][all_letters.find(letter)] = 1
    return tensor


def targetTensor(line):
    """The second letter to the end marker, as indices."""
    letter_indexes = [all_letters.find(line[li]) for li in range(1, len(line))]
    letter_indexes.append(n_letters - 1)
    return torch.LongTensor(letter_indexes)


def randomTrainingExample():
    category, line = randomTrainingPair()
    category_tensor = categoryTensor(category)
    input_line_tensor = inputTensor(line)
    target_line_tensor = targetTensor(line)
    return category_tensor, input_line_tensor, target_line_tensor


category_tensor, input_line_tensor, target_line_tensor = randomTrainingExample()
print(category_tensor, input_line_tensor.shape, target_line_tensor)

# training: a loss at every letter, summed, one backward at the end
criterion = nn.NLLLoss()

learning_rate = 0.0005


def train(category_tensor, input_line_tensor, target_line_tensor):
    target_line_tensor.unsqueeze_(-1)
    hidden = rnn.initHidden()

    rnn.zero_grad()

    loss = torch.Tensor([0])  # (or simply 0)

    for i in range(input_line_tensor.size(0)):
        output, hidden = rnn(category_tensor, input_line_tensor[i], hidden)
        l = criterion(output, target_line_tensor[i])
        loss += l

    loss.backward()

    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)

    return output, loss.item() / input_line_tensor.size(0)


def timeSince(since):
    now = time.time()
    s = now - since
    m = math.floor(s / 60)
    s -= m * 60
    return '%dm %ds' % (m, s)


rnn = RNN(n_letters, 128, n_letters)

n_iters = 600
print_every = 200
plot_every = 100
all_losses = []
total_loss = 0  # reset every plot_every iterations

start = time.time()

for iter in range(1, n_iters + 1):
    output, loss = train(*randomTrainingExample())
    total_loss += loss

    if iter % print_every == 0:
        print('%s (%d %d%%) %.4f' % (timeSince(start), iter, iter / n_iters * 100, loss))

    if iter % plot_every == 0:
        all_losses.append(total_loss / plot_every)
        total_loss = 0

print(all_losses)

# sampling: the likeliest letter fed back in, up to the end marker
max_length = 20


def sample(category, start_letter='A'):
    with torch.no_grad():
        category_tensor = categoryTensor(category)
        input = inputTensor(start_letter)
        hidden = rnn.initHidden()

        output_name = start_letter

        for i in range(max_length):
            output, hidden = rnn(category_tensor, input[0], hidden)
            topv, topi = output.topk(1)
            topi = topi[0][0]
            if topi == n_letters - 1:
                break
            else:
                letter = all_letters[topi]
                output_name += letter
            input = inputTensor(letter)

        return output_name


def samples(category, start_letters='ABC'):
    for start_letter in start_letters:
        print(sample(category, start_letter))


samples('Russian', 'RUS')

samples('German', 'GER')

samples('Spanish', 'SPA')

samples('Chinese', 'CHI')

os.chdir(os.path.dirname(root))
shutil.rmtree(root)
