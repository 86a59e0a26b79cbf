# source: pytorch/examples, time_sequence_prediction/train.py
# Follows pytorch/examples' time_sequence_prediction (generate_sine_wave.py, then train.py: their steps and calls in order); written for this suite, not copied from it.
# compare: structure
# adapted: the two programs run one after the other in a temporary directory (removed at the end); the sine waves are 10 of length 40 (not 100 of 1000: the first 3 for testing, as in the example), train.py's --steps is 2 (not 15) and its prediction runs 20 steps ahead (not 1000); since torch 2.6, train.py's torch.load of the saved numpy array stops with torch's UnpicklingError (weights_only): that is printed, then the file is loaded with weights_only=False, as the error advises for a trusted file; the plots are left out (the prediction's shape is printed); LBFGS's number of closure calls depends on the values (the weights are drawn by torch's generator), so the losses its closure prints are masked whole
# mask: ^loss: .*$
import os
import shutil
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

work_dir = tempfile.mkdtemp(prefix="sine-")
os.chdir(work_dir)

# ---- generate_sine_wave.py ------------------------------------------------------------------------
np.random.seed(2)

T = 20
L = 40
N = 10

x = np.empty((N, L), 'int64')
x[:] = np.array(range(L)) + np.random.randint(-4 * T, 4 * T, N).reshape(N, 1)
data = np.sin(x / 1.0 / T).astype('float64')
torch.save(data, open('traindata.pt', 'wb'))


# ---- train.py --------------------------------------------------------------------------------------
class Sequence(nn.Module):
    """Two stacked LSTM cells and a linear read-out, stepped along the sequence, then fed their
    own predictions for ``future`` more steps."""

    def __init__(self):
        super(Sequence, self).__init__()
        self.lstm1 = nn.LSTMCell(1, 51)
        self.lstm2 = nn.LSTMCell(51, 51)
        self.linear = nn.Linear(51, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)

        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):  # the predictions fed back in
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs


steps = 2  # (--steps)
np.random.seed(0)
torch.manual_seed(0)
try:
    data = torch.load('traindata.pt')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
    print(str(e).split("WeightsUnpickler error: ")[1].splitlines()[0])
    data = torch.load('traindata.pt', weights_only=False)
input = torch.from_numpy(data[3:, :-1])
target = torch.from_numpy(data[3:, 1:])
test_input = torch.from_numpy(data[:3, :-1])
test_target = torch.from_numpy(data[:3, 1:])
seq = Sequence()
seq.double()
criterion = nn.MSELoss()
# LBFGS: the whole data set fits in one batch
optimizer = optim.LBFGS(seq.parameters(), lr=0.8)
for i in range(steps):
    print('STEP: ', i)

    def closure():
        optimizer.zero_grad()
        out = seq(input)
        loss = criterion(out, target)
        print('loss:', loss.item())
        loss.backward()
        return loss
    optimizer.step(closure)
    with torch.no_grad():
        future = 20
        pred = seq(test_input, future=future)
        loss = criterion(pred[:, :-future], test_target)
        print('test loss:', loss.item())
        y = pred.detach().numpy()
    print(y.shape, y.dtype)

os.chdir(os.path.dirname(work_dir))
shutil.rmtree(work_dir)
