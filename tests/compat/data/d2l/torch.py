"""The helpers of d2l-ai/d2l-en's ``d2l/torch.py`` that the suite's chapters use, written out to run
without the d2l package, matplotlib or downloads.

Adaptations: ``ProgressBoard`` prints each averaged point it would plot (``label x y``) instead of
drawing it; ``plot`` and ``show_heatmaps`` print what they would draw; ``FashionMNIST`` is a small
synthetic stand-in of the same shapes (made by numpy's seeded generator, so alike under both
libraries) instead of the download. The ``torch`` imported here is whichever library the suite's
import hook binds.
"""

import collections
import inspect
import math
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

d2l = sys.modules[__name__]
nn_Module = nn.Module

ones = torch.ones
zeros = torch.zeros
tensor = torch.tensor
arange = torch.arange
exp = torch.exp
log = torch.log
normal = torch.normal
rand = torch.rand
randn = torch.randn
matmul = torch.matmul
float32 = torch.float32
stack = torch.stack
concat = torch.cat
abs = torch.abs  # noqa: A001 - d2l's name for it


def numpy(x, *args, **kwargs):
    return x.detach().numpy(*args, **kwargs)


def reshape(x, *args, **kwargs):
    return x.reshape(*args, **kwargs)


def to(x, *args, **kwargs):
    return x.to(*args, **kwargs)


def transpose(x, *args, **kwargs):
    return x.t(*args, **kwargs)


def reduce_sum(x, *args, **kwargs):
    return x.sum(*args, **kwargs)


def reduce_mean(x, *args, **kwargs):
    return x.mean(*args, **kwargs)


def argmax(x, *args, **kwargs):
    return x.argmax(*args, **kwargs)


def astype(x, *args, **kwargs):
    return x.type(*args, **kwargs)


def cpu():
    """The CPU device."""
    return torch.device('cpu')


def add_to_class(Class):
    """Register functions as methods in created class."""
    def wrapper(obj):
        setattr(Class, obj.__name__, obj)
    return wrapper


def corr2d(X, K):
    """Two-dimensional cross-correlation of ``X`` with the kernel ``K``, one output element at a
    time (the convolution chapter's definition)."""
    h, w = K.shape
    Y = zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = reduce_sum(X[i:i + h, j:j + w] * K)
    return Y


def num_gpus_available():
    """How many CUDA devices there are (d2l's ``num_gpus``)."""
    return torch.cuda.device_count()


def init_cnn(module):
    """Xavier-uniform weights for the linear and 2-d convolution layers (the LeNet chapter's)."""
    if type(module) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(module.weight)


class HyperParameters:
    """The base class of hyperparameters."""

    def save_hyperparameters(self, ignore=()):
        """Save the calling function's arguments as attributes."""
        frame = inspect.currentframe().f_back
        _, _, _, local_vars = inspect.getargvalues(frame)
        self.hparams = {k: v for k, v in local_vars.items()
                        if k not in set(list(ignore) + ['self']) and not k.startswith('_')}
        for k, v in self.hparams.items():
            setattr(self, k, v)


class ProgressBoard(HyperParameters):
    """Averages the points of each curve as d2l's board does; prints them instead of plotting."""

    def __init__(self, xlabel=None, ylabel=None, xlim=None, ylim=None, display=True):
        self.save_hyperparameters()

    def draw(self, x, y, label, every_n=1):
        Point = collections.namedtuple('Point', ['x', 'y'])
        if not hasattr(self, 'raw_points'):
            self.raw_points = collections.OrderedDict()
            self.data = collections.OrderedDict()
        if label not in self.raw_points:
            self.raw_points[label] = []
            self.data[label] = []
        points = self.raw_points[label]
        points.append(Point(x, y))
        if len(points) != every_n:
            return
        mean = lambda values: sum(values) / len(values)  # noqa: E731 - as d2l writes it
        point = Point(mean([p.x for p in points]), mean([p.y for p in points]))
        self.data[label].append(point)
        points.clear()
        if self.display:
            print(label, f'{point.x:.4f}', f'{float(point.y):.4f}')


class Module(nn_Module, HyperParameters):
    """The base class of models."""

    def __init__(self, plot_train_per_epoch=2, plot_valid_per_epoch=1):
        super().__init__()
        self.save_hyperparameters()
        self.board = ProgressBoard()

    def loss(self, y_hat, y):
        raise NotImplementedError

    def forward(self, X):
        assert hasattr(self, 'net'), 'Neural network is defined'
        return self.net(X)

    def plot(self, key, value, train):
        """Plot a point in animation."""
        assert hasattr(self, 'trainer'), 'Trainer is not inited'
        self.board.xlabel = 'epoch'
        if train:
            x = self.trainer.train_batch_idx / self.trainer.num_train_batches
            n = self.trainer.num_train_batches / self.plot_train_per_epoch
        else:
            x = self.trainer.epoch + 1
            n = self.trainer.num_val_batches / self.plot_valid_per_epoch
        self.board.draw(x, d2l.numpy(d2l.to(value, d2l.cpu())),
                        ('train_' if train else 'val_') + key, every_n=int(n))

    def training_step(self, batch):
        l = self.loss(self(*batch[:-1]), batch[-1])
        self.plot('loss', l, train=True)
        return l

    def validation_step(self, batch):
        l = self.loss(self(*batch[:-1]), batch[-1])
        self.plot('loss', l, train=False)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)

    def apply_init(self, inputs, init=None):
        """Run one forward pass (lazy layers get their shapes), then ``init`` on every layer (the
        lazy-initialization chapter's)."""
        self.forward(*inputs)
        if init is not None:
            self.net.apply(init)


class DataModule(HyperParameters):
    """The base class of data."""

    def __init__(self, root='../data', num_workers=4):
        self.save_hyperparameters()

    def get_dataloader(self, train):
        raise NotImplementedError

    def train_dataloader(self):
        return self.get_dataloader(train=True)

    def val_dataloader(self):
        return self.get_dataloader(train=False)

    def get_tensorloader(self, tensors, train, indices=slice(0, None)):
        tensors = tuple(a[indices] for a in tensors)
        dataset = torch.utils.data.TensorDataset(*tensors)
        return torch.utils.data.DataLoader(dataset, self.batch_size, shuffle=train)


class Trainer(HyperParameters):
    """The base class for training models with data."""

    def __init__(self, max_epochs, num_gpus=0, gradient_clip_val=0):
        self.save_hyperparameters()
        # as d2l: the GPUs asked for that exist (none here, under either library: the CPU trains)
        self.gpus = [torch.device(f'cuda:{i}') for i in range(min(num_gpus, num_gpus_available()))]

    def prepare_data(self, data):
        self.train_dataloader = data.train_dataloader()
        self.val_dataloader = data.val_dataloader()
        self.num_train_batches = len(self.train_dataloader)
        self.num_val_batches = len(self.val_dataloader) if self.val_dataloader is not None else 0

    def prepare_model(self, model):
        model.trainer = self
        model.board.xlim = [0, self.max_epochs]
        self.model = model

    def fit(self, model, data):
        self.prepare_data(data)
        self.prepare_model(model)
        self.optim = model.configure_optimizers()
        self.epoch = 0
        self.train_batch_idx = 0
        self.val_batch_idx = 0
        for self.epoch in range(self.max_epochs):  # noqa: B020 - as d2l writes it
            self.fit_epoch()

    def prepare_batch(self, batch):
        return batch

    def fit_epoch(self):
        self.model.train()
        for batch in self.train_dataloader:
            loss = self.model.training_step(self.prepare_batch(batch))
            self.optim.zero_grad()
            with torch.no_grad():
                loss.backward()
                self.optim.step()
            self.train_batch_idx += 1
        if self.val_dataloader is None:
            return
        self.model.eval()
        for batch in self.val_dataloader:
            with torch.no_grad():
                self.model.validation_step(self.prepare_batch(batch))
            self.val_batch_idx += 1


class SyntheticRegressionData(DataModule):
    """Synthetic data for linear regression."""

    def __init__(self, w, b, noise=0.01, num_train=1000, num_val=1000, batch_size=32):
        super().__init__()
        self.save_hyperparameters()
        n = num_train + num_val
        self.X = d2l.randn(n, len(w))
        noise = d2l.randn(n, 1) * noise
        self.y = d2l.matmul(self.X, d2l.reshape(w, (-1, 1))) + b + noise

    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)


class LinearRegressionScratch(Module):
    """Linear regression with its weight and bias as plain tensors that require grad."""

    def __init__(self, num_inputs, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.w = normal(0, sigma, (num_inputs, 1), requires_grad=True)
        self.b = zeros(1, requires_grad=True)

    def forward(self, X):
        return matmul(X, self.w) + self.b

    def loss(self, y_hat, y):
        return reduce_mean((y_hat - y) ** 2 / 2)

    def configure_optimizers(self):
        return SGD([self.w, self.b], self.lr)


class SGD(HyperParameters):
    """Minibatch stochastic gradient descent written out."""

    def __init__(self, params, lr):
        self.save_hyperparameters()

    def step(self):
        for param in self.params:
            param -= self.lr * param.grad

    def zero_grad(self):
        for param in self.params:
            if param.grad is not None:
                param.grad.zero_()


class LinearRegression(Module):
    """Linear regression with an ``nn.LazyLinear``, ``nn.MSELoss`` and ``optim.SGD``."""

    def __init__(self, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.LazyLinear(1)
        self.net.weight.data.normal_(0, 0.01)
        self.net.bias.data.fill_(0)

    def forward(self, X):
        return self.net(X)

    def loss(self, y_hat, y):
        return nn.MSELoss()(y_hat, y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), self.lr)

    def get_w_b(self):
        return (self.net.weight.data, self.net.bias.data)


class Classifier(Module):
    """The base class of classification models."""

    def validation_step(self, batch):
        Y_hat = self(*batch[:-1])
        self.plot('loss', self.loss(Y_hat, batch[-1]), train=False)
        self.plot('acc', self.accuracy(Y_hat, batch[-1]), train=False)

    def accuracy(self, Y_hat, Y, averaged=True):
        """The fraction (or the mask) of correct predictions."""
        Y_hat = d2l.reshape(Y_hat, (-1, Y_hat.shape[-1]))
        preds = d2l.astype(d2l.argmax(Y_hat, axis=1), Y.dtype)
        compare = d2l.astype(preds == d2l.reshape(Y, -1), d2l.float32)
        return d2l.reduce_mean(compare) if averaged else compare

    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = d2l.reshape(Y_hat, (-1, Y_hat.shape[-1]))
        Y = d2l.reshape(Y, (-1,))
        return F.cross_entropy(Y_hat, Y, reduction='mean' if averaged else 'none')


class FashionMNIST(DataModule):
    """A synthetic stand-in for Fashion-MNIST: ``num_train`` and ``num_val`` 1x28x28 images in
    [0, 1] (a fixed template per class plus noise, from numpy's generator) with int64 labels."""

    def __init__(self, batch_size=64, resize=(28, 28), num_train=512, num_val=256):
        super().__init__()
        self.save_hyperparameters()
        generator = np.random.default_rng(0)
        templates = generator.uniform(0, 1, (10, 1, *resize))
        n = num_train + num_val
        labels = generator.integers(0, 10, n)
        images = np.clip(templates[labels] + generator.normal(0, 1.0, (n, 1, *resize)), 0, 1)
        self.X = torch.tensor(images.astype(np.float32))
        self.y = torch.tensor(labels.astype(np.int64))

    def text_labels(self, indices):
        labels = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat',
                  'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
        return [labels[int(i)] for i in indices]

    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)


def check_shape(a, shape):
    """Assert that ``a`` has ``shape``."""
    assert a.shape == shape, f"tensor's shape {a.shape} != expected shape {shape}"


def show_heatmaps(matrices, xlabel, ylabel, titles=None, figsize=(2.5, 2.5), cmap='Reds'):
    """Print the (rows, columns) grid of matrices that d2l draws as heatmaps."""
    num_rows, num_cols = matrices.shape[:2]
    print(f'heatmaps {num_rows}x{num_cols} ({ylabel} by {xlabel}):')
    print(matrices.detach())


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, **kwargs):
    """Print the curves d2l would plot: their labels, then each curve's values (a tensor whose
    rows are curves, or a list of curves)."""
    print(f'plot ({xlabel} / {ylabel}), legend {legend}:')
    curves = Y if Y is not None else X
    for curve in curves if isinstance(curves, list) else [curves]:
        print(curve.detach() if hasattr(curve, 'detach') else curve)


def masked_softmax(X, valid_lens):
    """Softmax over the last axis, the elements past each row's valid length masked out (set to
    -1e6 first, so they get weight 0); ``valid_lens`` per batch (1-d) or per query (2-d)."""
    if valid_lens is None:
        return F.softmax(X, dim=-1)
    shape = X.shape
    if valid_lens.dim() == 1:
        valid_lens = torch.repeat_interleave(valid_lens, shape[1])
    else:
        valid_lens = valid_lens.reshape(-1)
    flat = X.reshape(-1, shape[-1])
    positions = torch.arange(shape[-1], dtype=torch.float32, device=X.device)
    flat[~(positions[None, :] < valid_lens[:, None])] = -1e6
    return F.softmax(flat.reshape(shape), dim=-1)


class DotProductAttention(nn.Module):
    """Scaled dot-product attention over batches: ``softmax(Q K^T / sqrt(d)) V``, masked."""

    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(queries.shape[-1])
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)


class MultiHeadAttention(Module):
    """Multi-head attention: the heads are folded into the batch for one DotProductAttention."""

    def __init__(self, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__()
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_k = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_v = nn.LazyLinear(num_hiddens, bias=bias)
        self.W_o = nn.LazyLinear(num_hiddens, bias=bias)

    def forward(self, queries, keys, values, valid_lens):
        queries = self.transpose_qkv(self.W_q(queries))
        keys = self.transpose_qkv(self.W_k(keys))
        values = self.transpose_qkv(self.W_v(values))
        if valid_lens is not None:
            valid_lens = torch.repeat_interleave(valid_lens, repeats=self.num_heads, dim=0)
        return self.W_o(self.transpose_output(self.attention(queries, keys, values, valid_lens)))

    def transpose_qkv(self, X):
        """(batch, steps, hiddens) to (batch * heads, steps, hiddens / heads)."""
        X = X.reshape(X.shape[0], X.shape[1], self.num_heads, -1).permute(0, 2, 1, 3)
        return X.reshape(-1, X.shape[2], X.shape[3])

    def transpose_output(self, X):
        """The inverse of ``transpose_qkv``."""
        X = X.reshape(-1, self.num_heads, X.shape[1], X.shape[2]).permute(0, 2, 1, 3)
        return X.reshape(X.shape[0], X.shape[1], -1)
