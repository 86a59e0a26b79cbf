# source: d2l-ai/d2l-en, chapter_recurrent-modern/deep-rnn.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# mask: ^it has.*
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's RNNScratch, RNNLMScratch, RNN, RNNLM, Trainer (with its gradient clipping), TimeMachine, Vocab ... written out; its ProgressBoard prints the points it would plot); d2l.TimeMachine's download of the novel is Sonnet 18 (shakespeare.txt) read 32 times over; max_epochs 100 cut to 1, and the data to 2,048 training and 1,024 validation sequences (TimeMachine(num_train=2048, num_val=1024), not 10,000 and 5,000); the value of each notebook cell's last expression is printed; the predicted text, which depends on the initialization (torch's generator here), is masked
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn

class StackedRNNScratch(d2l.Module):
    def __init__(self, num_inputs, num_hiddens, num_layers, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.rnns = nn.Sequential(*[d2l.RNNScratch(
            num_inputs if i==0 else num_hiddens, num_hiddens, sigma)
                                    for i in range(num_layers)])

@d2l.add_to_class(StackedRNNScratch)
def forward(self, inputs, Hs=None):
    outputs = inputs
    if Hs is None: Hs = [None] * self.num_layers
    for i in range(self.num_layers):
        outputs, Hs[i] = self.rnns[i](outputs, Hs[i])
        outputs = d2l.stack(outputs, 0)
    return outputs, Hs

data = d2l.TimeMachine(batch_size=1024, num_steps=32, num_train=2048, num_val=1024)
rnn_block = StackedRNNScratch(num_inputs=len(data.vocab),
                              num_hiddens=32, num_layers=2)

model = d2l.RNNLMScratch(rnn_block, vocab_size=len(data.vocab), lr=2)
trainer = d2l.Trainer(max_epochs=1, gradient_clip_val=1, num_gpus=1)
print(trainer.fit(model, data))

class GRU(d2l.RNN):  #@save
    """The multilayer GRU model."""
    def __init__(self, num_inputs, num_hiddens, num_layers, dropout=0):
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = nn.GRU(num_inputs, num_hiddens, num_layers,
                          dropout=dropout)

gru = GRU(num_inputs=len(data.vocab), num_hiddens=32, num_layers=2)
model = d2l.RNNLM(gru, vocab_size=len(data.vocab), lr=2)
print(trainer.fit(model, data))

print(model.predict('it has', 20, data.vocab, d2l.try_gpu()))
