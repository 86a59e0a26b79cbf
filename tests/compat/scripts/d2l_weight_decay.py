# source: d2l-ai/d2l-en, chapter_linear-regression/weight-decay.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Module, Trainer, DataModule, LinearRegressionScratch, LinearRegression ... written out; its ProgressBoard prints the points it would plot, the log scale set on it changes nothing); `%matplotlib inline` left out; the training data (d2l.randn) differs from torch's by design
from d2l import torch as d2l
import torch
from torch import nn  # noqa: F401 - the chapter imports it


class Data(d2l.DataModule):
    def __init__(self, num_train, num_val, num_inputs, batch_size):
        self.save_hyperparameters()
        n = num_train + num_val
        self.X = d2l.randn(n, num_inputs)
        noise = d2l.randn(n, 1) * 0.01
        w, b = d2l.ones((num_inputs, 1)) * 0.01, 0.05
        self.y = d2l.matmul(self.X, w) + b + noise

    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader([self.X, self.y], train, i)


def l2_penalty(w):
    return d2l.reduce_sum(w**2) / 2


class WeightDecayScratch(d2l.LinearRegressionScratch):
    def __init__(self, num_inputs, lambd, lr, sigma=0.01):
        super().__init__(num_inputs, lr, sigma)
        self.save_hyperparameters()

    def loss(self, y_hat, y):
        return (super().loss(y_hat, y) +
                self.lambd * l2_penalty(self.w))


data = Data(num_train=20, num_val=100, num_inputs=200, batch_size=5)
trainer = d2l.Trainer(max_epochs=10)


def train_scratch(lambd):
    model = WeightDecayScratch(num_inputs=200, lambd=lambd, lr=0.01)
    model.board.yscale='log'
    trainer.fit(model, data)
    print('L2 norm of w:', float(l2_penalty(model.w)))


train_scratch(0)

train_scratch(3)


class WeightDecay(d2l.LinearRegression):
    def __init__(self, wd, lr):
        super().__init__(lr)
        self.save_hyperparameters()
        self.wd = wd

    def configure_optimizers(self):
        return torch.optim.SGD([
            {'params': self.net.weight, 'weight_decay': self.wd},
            {'params': self.net.bias}], lr=self.lr)


model = WeightDecay(wd=3, lr=0.01)
model.board.yscale='log'
trainer.fit(model, data)

print('L2 norm of w:', float(l2_penalty(model.get_w_b()[0])))
print([(len(g['params']), g['weight_decay'], g['lr']) for g in trainer.optim.param_groups])
