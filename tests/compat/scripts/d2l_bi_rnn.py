# source: d2l-ai/d2l-en, chapter_recurrent-modern/bi-rnn.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's RNNScratch, RNN, Trainer (with its gradient clipping), TimeMachine, Vocab ... written out; its ProgressBoard prints the points it would plot); d2l.TimeMachine's download of the novel is Sonnet 18 (shakespeare.txt) read 32 times over; the value of each notebook cell's last expression is printed; the chapter defines the two models only: here each runs once on a batch of ones, its output shapes printed; the predicted text, which depends on the initialization (torch's generator here), is masked
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn

class BiRNNScratch(d2l.Module):
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.f_rnn = d2l.RNNScratch(num_inputs, num_hiddens, sigma)
        self.b_rnn = d2l.RNNScratch(num_inputs, num_hiddens, sigma)
        self.num_hiddens *= 2  # The output dimension will be doubled

@d2l.add_to_class(BiRNNScratch)
def forward(self, inputs, Hs=None):
    f_H, b_H = Hs if Hs is not None else (None, None)
    f_outputs, f_H = self.f_rnn(inputs, f_H)
    b_outputs, b_H = self.b_rnn(reversed(inputs), b_H)
    outputs = [d2l.concat((f, b), -1) for f, b in zip(
        f_outputs, reversed(b_outputs))]
    return outputs, (f_H, b_H)

class BiGRU(d2l.RNN):
    def __init__(self, num_inputs, num_hiddens):
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = nn.GRU(num_inputs, num_hiddens, bidirectional=True)
        self.num_hiddens *= 2


X = d2l.ones((5, 2, 4))  # (num_steps, batch_size, num_inputs)
birnn = BiRNNScratch(num_inputs=4, num_hiddens=8)
outputs, (f_H, b_H) = birnn(X)
print(len(outputs), outputs[0].shape, f_H.shape, b_H.shape, birnn.num_hiddens)
bigru = BiGRU(num_inputs=4, num_hiddens=8)
outputs, H = bigru(X)
print(outputs.shape, H.shape, outputs.grad_fn, bigru.num_hiddens, bigru.rnn)
