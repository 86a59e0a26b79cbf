# source: d2l-ai/d2l-en, chapter_convolutional-modern/cnn-design.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Classifier with its layer_summary, init_cnn, ResNeXtBlock ... written out; its ProgressBoard prints the points it would plot); the value of each notebook cell's last expression is printed; the layer summary is of the chapter's 1x1x96x96 image; the training (ten epochs of Fashion-MNIST resized to 96x96) is one epoch of 64 synthetic images resized to 32x32 in batches of 32 (d2l.FashionMNIST's stand-in); the initialization and shuffling differ from torch's by design
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn
from torch.nn import functional as F  # noqa: F401 - the chapter imports it

class AnyNet(d2l.Classifier):
    def stem(self, num_channels):
        return nn.Sequential(
            nn.LazyConv2d(num_channels, kernel_size=3, stride=2, padding=1),
            nn.LazyBatchNorm2d(), nn.ReLU())

@d2l.add_to_class(AnyNet)
def stage(self, depth, num_channels, groups, bot_mul):
    blk = []
    for i in range(depth):
        if i == 0:
            blk.append(d2l.ResNeXtBlock(num_channels, groups, bot_mul,
                use_1x1conv=True, strides=2))
        else:
            blk.append(d2l.ResNeXtBlock(num_channels, groups, bot_mul))
    return nn.Sequential(*blk)

@d2l.add_to_class(AnyNet)
def __init__(self, arch, stem_channels, lr=0.1, num_classes=10):
    super(AnyNet, self).__init__()
    self.save_hyperparameters()
    self.net = nn.Sequential(self.stem(stem_channels))
    for i, s in enumerate(arch):
        self.net.add_module(f'stage{i+1}', self.stage(*s))
    self.net.add_module('head', nn.Sequential(
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
        nn.LazyLinear(num_classes)))
    self.net.apply(d2l.init_cnn)

class RegNetX32(AnyNet):
    def __init__(self, lr=0.1, num_classes=10):
        stem_channels, groups, bot_mul = 32, 16, 1
        depths, channels = (4, 6), (32, 80)
        super().__init__(
            ((depths[0], channels[0], groups, bot_mul),
             (depths[1], channels[1], groups, bot_mul)),
            stem_channels, lr, num_classes)

print(RegNetX32().layer_summary((1, 1, 96, 96)))

model = RegNetX32(lr=0.05)
trainer = d2l.Trainer(max_epochs=1, num_gpus=1)
data = d2l.FashionMNIST(batch_size=32, resize=(32, 32), num_train=64, num_val=32)
print(trainer.fit(model, data))
