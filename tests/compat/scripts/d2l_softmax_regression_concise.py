# source: d2l-ai/d2l-en, chapter_linear-classification/softmax-regression-concise.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Classifier, Trainer ... written out; its ProgressBoard prints the points it would plot); d2l.FashionMNIST (a download of 70,000 images) is its synthetic stand-in of 512 training and 256 validation 1x28x28 images; max_epochs 10 cut to 3; the initialization and shuffling differ from torch's by design
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn
from torch.nn import functional as F


class SoftmaxRegression(d2l.Classifier):  #@save
    """The softmax regression model."""
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Flatten(),
                                 nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)


@d2l.add_to_class(d2l.Classifier)  #@save
def loss(self, Y_hat, Y, averaged=True):
    Y_hat = d2l.reshape(Y_hat, (-1, Y_hat.shape[-1]))
    Y = d2l.reshape(Y, (-1,))
    return F.cross_entropy(
        Y_hat, Y, reduction='mean' if averaged else 'none')


data = d2l.FashionMNIST(batch_size=256)
model = SoftmaxRegression(num_outputs=10, lr=0.1)
trainer = d2l.Trainer(max_epochs=3)
trainer.fit(model, data)
