# source: d2l-ai/d2l-en, chapter_convolutional-modern/nin.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Classifier with its layer_summary, init_cnn ... written out); the layer summary is of a 1x1x96x96 image, not 224x224; the training (ten epochs of Fashion-MNIST resized to 224x224) is left out: apply_init on one synthetic batch of 8 96x96 images, then one SGD step on it, the loss masked
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn


def nin_block(out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.LazyConv2d(out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU())


class NiN(d2l.Classifier):
    def __init__(self, lr=0.1, num_classes=10):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(
            nin_block(96, kernel_size=11, strides=4, padding=0),
            nn.MaxPool2d(3, stride=2),
            nin_block(256, kernel_size=5, strides=1, padding=2),
            nn.MaxPool2d(3, stride=2),
            nin_block(384, kernel_size=3, strides=1, padding=1),
            nn.MaxPool2d(3, stride=2),
            nn.Dropout(0.5),
            nin_block(num_classes, kernel_size=3, strides=1, padding=1),
            nn.AdaptiveAvgPool2d((1, 1)),
            nn.Flatten())
        self.net.apply(d2l.init_cnn)


NiN().layer_summary((1, 1, 96, 96))

model = NiN(lr=0.05)
data = d2l.FashionMNIST(batch_size=8, resize=(96, 96), num_train=8, num_val=8)
model.apply_init([next(iter(data.get_dataloader(True)))[0]], d2l.init_cnn)
print(model)
X, y = next(iter(data.get_dataloader(True)))
optimizer = model.configure_optimizers()
loss = model.loss(model(X), y)
optimizer.zero_grad()
loss.backward()
optimizer.step()
print('loss', loss.item(), loss.grad_fn)
print(model.net[0][0].weight.grad.shape, sum(p.numel() for p in model.parameters()))
