# source: d2l-ai/d2l-en, chapter_recurrent-neural-networks/rnn-concise.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# mask: ^it has.*
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's RNNLMScratch, Trainer (with its gradient clipping), TimeMachine, Vocab ... written out; its ProgressBoard prints the points it would plot); d2l.TimeMachine's download of the novel is Sonnet 18 (shakespeare.txt) read 32 times over; max_epochs 100 cut to 1; the value of each notebook cell's last expression is printed, and the model's RNN and parameter shapes at the end; the predicted text, which depends on the initialization (torch's generator here), is masked
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn
from torch.nn import functional as F  # noqa: F401 - the chapter imports it


class RNN(d2l.Module):  #@save
    """The RNN model implemented with high-level APIs."""
    def __init__(self, num_inputs, num_hiddens):
        super().__init__()
        self.save_hyperparameters()
        self.rnn = nn.RNN(num_inputs, num_hiddens)
        
    def forward(self, inputs, H=None):
        return self.rnn(inputs, H)


class RNNLM(d2l.RNNLMScratch):  #@save
    """The RNN-based language model implemented with high-level APIs."""
    def init_params(self):
        self.linear = nn.LazyLinear(self.vocab_size)
        
    def output_layer(self, hiddens):
        return d2l.swapaxes(self.linear(hiddens), 0, 1)


data = d2l.TimeMachine(batch_size=1024, num_steps=32)
rnn = RNN(num_inputs=len(data.vocab), num_hiddens=32)
model = RNNLM(rnn, vocab_size=len(data.vocab), lr=1)
print(model.predict('it has', 20, data.vocab))

trainer = d2l.Trainer(max_epochs=1, gradient_clip_val=1, num_gpus=1)
print(trainer.fit(model, data))

print(model.predict('it has', 20, data.vocab, d2l.try_gpu()))
print(model.rnn.rnn, [(n, p.shape) for n, p in model.named_parameters()])
