"""``torch.nn.modules``: the layer classes under torch's module paths.

Checkpoint allowlists (``torch.serialization.safe_globals([torch.nn.modules.linear.Linear, ...])``,
as pytorch/examples' word language model loads its saved model) and ``isinstance`` checks name the
classes by the submodule torch defines them in. Each submodule here (``linear``, ``rnn``,
``sparse``, ...) holds the same classes as ``autograd_lab.nn`` (``nn.modules.linear.Linear is
nn.Linear``), those of torch's submodule that autograd_lab has.
"""

from __future__ import annotations

import sys
import types

from .. import __dict__ as _nn
from .. import attention, recurrent

# torch's submodule -> its classes that autograd_lab has (in the order of torch's __all__), by name
_LAYOUT = {
    "activation": ("Threshold ReLU RReLU Hardtanh ReLU6 Sigmoid Hardsigmoid Tanh SiLU Mish Hardswish ELU "
                   "CELU SELU GLU GELU Hardshrink LeakyReLU LogSigmoid Softplus Softshrink "
                   "MultiheadAttention PReLU Softsign Tanhshrink Softmin Softmax Softmax2d "
                   "LogSoftmax"),
    "batchnorm": "BatchNorm1d LazyBatchNorm1d BatchNorm2d LazyBatchNorm2d BatchNorm3d",
    "channelshuffle": "ChannelShuffle",
    "container": "Sequential ModuleList ModuleDict ParameterList ParameterDict",
    "conv": ("Conv1d Conv2d ConvTranspose1d ConvTranspose2d LazyConv1d LazyConv2d "
             "LazyConvTranspose1d LazyConvTranspose2d"),
    "distance": "PairwiseDistance CosineSimilarity",
    "dropout": "Dropout Dropout1d Dropout2d Dropout3d AlphaDropout",
    "flatten": "Flatten Unflatten",
    "fold": "Fold Unfold",
    "instancenorm": "InstanceNorm1d InstanceNorm2d InstanceNorm3d",
    "linear": "Bilinear Identity LazyLinear Linear NonDynamicallyQuantizableLinear",
    "loss": ("L1Loss NLLLoss KLDivLoss MSELoss BCELoss BCEWithLogitsLoss SmoothL1Loss HuberLoss "
             "CrossEntropyLoss"),
    "module": "Module",
    "normalization": "LocalResponseNorm LayerNorm GroupNorm RMSNorm",
    "padding": ("CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d ConstantPad3d "
                "ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d "
                "ReplicationPad3d ZeroPad1d ZeroPad2d ZeroPad3d"),
    "pixelshuffle": "PixelShuffle PixelUnshuffle",
    "pooling": ("MaxPool1d MaxPool2d MaxUnpool1d MaxUnpool2d AvgPool1d AvgPool2d LPPool1d LPPool2d "
                "AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveAvgPool1d AdaptiveAvgPool2d"),
    "rnn": "RNNBase RNN LSTM GRU RNNCellBase RNNCell LSTMCell GRUCell",
    "sparse": "Embedding EmbeddingBag",
    "transformer": ("Transformer TransformerEncoder TransformerDecoder TransformerEncoderLayer "
                    "TransformerDecoderLayer"),
    "upsampling": "Upsample UpsamplingNearest2d UpsamplingBilinear2d",
}

__all__ = list(_LAYOUT)

for _name, _names in _LAYOUT.items():
    _classes = _names.split()
    _module = types.ModuleType(f"{__name__}.{_name}", f"torch.nn.modules.{_name}: {', '.join(_classes)}.")
    for _class in _classes:
        # (MultiheadAttention's out_proj, a NonDynamicallyQuantizableLinear, and the recurrent
        # layers' bases are not exported by nn)
        setattr(_module, _class, _nn.get(_class) or getattr(attention, _class, None)
                or getattr(recurrent, _class))
    _module.__all__ = list(_classes)
    sys.modules[_module.__name__] = _module  # (so that `import torch.nn.modules.linear` finds it)
    globals()[_name] = _module
