# source: d2l-ai/d2l-en, chapter_recurrent-neural-networks/language-model.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# mask: ^(X: tensor\(| +|Y: tensor\()\[\[?[\d, ]+\]\]?\)?,? ?$
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's DataModule, TimeMachine, Vocab ... written out; TimeMachine's download of the novel is Sonnet 18 (shakespeare.txt) read 32 times over); the value of each notebook cell's last expression is printed; the first batch comes from a shuffling DataLoader (torch's generator, which autograd_lab does not reproduce), so its token indices are masked; the shapes, dtypes and the vocabulary's size are printed after it so that something of the batch is compared
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it

@d2l.add_to_class(d2l.TimeMachine)  #@save
def __init__(self, batch_size, num_steps, num_train=10000, num_val=5000):
    super(d2l.TimeMachine, self).__init__()
    self.save_hyperparameters()
    corpus, self.vocab = self.build(self._download())
    array = d2l.tensor([corpus[i:i+num_steps+1] 
                        for i in range(len(corpus)-num_steps)])
    self.X, self.Y = array[:,:-1], array[:,1:]

@d2l.add_to_class(d2l.TimeMachine)  #@save
def get_dataloader(self, train):
    idx = slice(0, self.num_train) if train else slice(
        self.num_train, self.num_train + self.num_val)
    return self.get_tensorloader([self.X, self.Y], train, idx)

data = d2l.TimeMachine(batch_size=2, num_steps=10)
for X, Y in data.train_dataloader():
    print('X:', X, '\nY:', Y)
    break
print(X.shape, X.dtype, Y.shape, Y.dtype, len(data.vocab), data.X.shape)
