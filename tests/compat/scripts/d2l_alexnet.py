# source: d2l-ai/d2l-en, chapter_convolutional-modern/alexnet.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Classifier with its layer_summary, init_cnn ... written out; its ProgressBoard prints the points it would plot); the value of each notebook cell's last expression is printed; the layer summary is of the chapter's 1x1x224x224 image; the training (ten epochs of Fashion-MNIST resized to 224x224) is left out (drawing the 40 million initial weights of the summary's model already takes most of the time a script may have here)
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it
from torch import nn

class AlexNet(d2l.Classifier):
    def __init__(self, lr=0.1, num_classes=10):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(
            nn.LazyConv2d(96, kernel_size=11, stride=4, padding=1),
            nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2),
            nn.LazyConv2d(256, kernel_size=5, padding=2), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.LazyConv2d(384, kernel_size=3, padding=1), nn.ReLU(),
            nn.LazyConv2d(384, kernel_size=3, padding=1), nn.ReLU(),
            nn.LazyConv2d(256, kernel_size=3, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
            nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(p=0.5),
            nn.LazyLinear(4096), nn.ReLU(),nn.Dropout(p=0.5),
            nn.LazyLinear(num_classes))
        self.net.apply(d2l.init_cnn)

print(AlexNet().layer_summary((1, 1, 224, 224)))
