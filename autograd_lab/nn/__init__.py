"""``t.nn``: modules (layers, losses, containers), ``Parameter``, ``init`` and ``functional``.

    model = t.nn.Sequential(t.nn.Linear(2, 16), t.nn.ReLU(), t.nn.Linear(16, 2))
    loss = t.nn.CrossEntropyLoss()(model(x), y)
"""

from __future__ import annotations

from . import functional, init, utils
from .activation_layers import (
    GLU,
    Fold,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LogSigmoid,
    PixelShuffle,
    PixelUnshuffle,
    PReLU,
    ReLU6,
    RReLU,
    Softmax2d,
    Softmin,
    Softshrink,
    Softsign,
    Tanhshrink,
    Threshold,
    Unfold,
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)
from .attention import MultiheadAttention
from .containers import DataParallel, ModuleDict, ParameterDict, ParameterList
from .layers import (
    CELU,
    ELU,
    GELU,
    SELU,
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Bilinear,
    CircularPad1d,
    CircularPad2d,
    CircularPad3d,
    ConstantPad1d,
    ConstantPad2d,
    ConstantPad3d,
    Conv1d,
    Conv2d,
    ConvTranspose1d,
    ConvTranspose2d,
    CosineSimilarity,
    Dropout,
    Dropout1d,
    Dropout2d,
    Dropout3d,
    Embedding,
    EmbeddingBag,
    Flatten,
    GroupNorm,
    Identity,
    InstanceNorm1d,
    InstanceNorm2d,
    LayerNorm,
    LeakyReLU,
    Linear,
    LogSoftmax,
    MaxPool1d,
    MaxPool2d,
    Mish,
    ModuleList,
    PairwiseDistance,
    ReflectionPad1d,
    ReflectionPad2d,
    ReflectionPad3d,
    ReLU,
    ReplicationPad1d,
    ReplicationPad2d,
    ReplicationPad3d,
    RMSNorm,
    Sequential,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
    Unflatten,
    ZeroPad1d,
    ZeroPad2d,
    ZeroPad3d,
)
from .lazy import (
    LazyBatchNorm1d,
    LazyBatchNorm2d,
    LazyConv1d,
    LazyConv2d,
    LazyConvTranspose1d,
    LazyConvTranspose2d,
    LazyLinear,
)
from .loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from .module import Module
from .more_layers import (
    AlphaDropout,
    ChannelShuffle,
    LocalResponseNorm,
    LPPool1d,
    LPPool2d,
    MaxUnpool1d,
    MaxUnpool2d,
)
from .parameter import Parameter, UninitializedBuffer, UninitializedParameter
from .recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from .transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ = [
    "Module", "Parameter", "UninitializedParameter", "LazyLinear", "LazyConv1d", "LazyConv2d",
    "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyBatchNorm1d", "LazyBatchNorm2d",
    "UninitializedBuffer", "functional", "init", "utils", "modules",
    "Linear", "Conv2d", "MaxPool2d", "Sequential",
    "Embedding", "EmbeddingBag", "BatchNorm1d", "LayerNorm", "SiLU", "Mish", "ELU", "SELU", "CELU",
    "ModuleList",
    "ModuleDict", "ParameterList", "ParameterDict", "DataParallel", "Unflatten", "CosineSimilarity",
    "ConstantPad1d", "ConstantPad2d", "ZeroPad1d", "ZeroPad2d", "SmoothL1Loss", "HuberLoss",
    "KLDivLoss", "ReLU", "LeakyReLU", "GELU", "Softplus", "Tanh", "Sigmoid", "Softmax",
    "LogSoftmax", "Dropout", "Identity", "Flatten", "MSELoss", "L1Loss", "CrossEntropyLoss",
    "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell",
    "GRUCell", "BatchNorm2d", "AvgPool2d", "AdaptiveAvgPool2d", "Conv1d", "MultiheadAttention",
    "ConvTranspose1d", "ConvTranspose2d", "MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d",
    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
    "RMSNorm", "Hardtanh", "ReLU6", "Threshold", "Hardshrink", "Softshrink", "LogSigmoid",
    "Hardswish", "Hardsigmoid", "GLU", "PReLU", "Softmin", "Softmax2d", "Softsign", "Tanhshrink",
    "PixelShuffle", "PixelUnshuffle", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
    "Unfold", "Fold", "PairwiseDistance", "Bilinear", "TransformerEncoderLayer",
    "TransformerEncoder", "TransformerDecoderLayer", "TransformerDecoder", "Transformer"]
__all__ += ["Dropout1d", "Dropout2d", "Dropout3d"]
__all__ += ["RReLU", "ConstantPad3d", "ZeroPad3d", "ReflectionPad1d", "ReflectionPad2d",
            "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
            "CircularPad1d", "CircularPad2d", "CircularPad3d", "MaxUnpool1d", "MaxUnpool2d",
            "LPPool1d", "LPPool2d", "LocalResponseNorm", "AlphaDropout", "ChannelShuffle"]

from . import modules  # noqa: E402 - torch.nn.modules: the classes above under torch's module paths
