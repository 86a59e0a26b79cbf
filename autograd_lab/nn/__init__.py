"""``t.nn``: modules (layers, losses, containers), ``Parameter``, ``init`` and ``functional``.

    model = t.nn.Sequential(t.nn.Linear(2, 16), t.nn.ReLU(), t.nn.Linear(16, 2))
    loss = t.nn.CrossEntropyLoss()(model(x), y)
"""

from __future__ import annotations

from . import functional, init
from .containers import ModuleDict, ParameterDict, ParameterList
from .layers import (
    CELU,
    ELU,
    GELU,
    SELU,
    BatchNorm1d,
    Conv2d,
    Dropout,
    Embedding,
    Flatten,
    Identity,
    LayerNorm,
    LeakyReLU,
    Linear,
    LogSoftmax,
    MaxPool2d,
    Mish,
    ModuleList,
    ReLU,
    Sequential,
    Sigmoid,
    SiLU,
    Softmax,
    Softplus,
    Tanh,
    Unflatten,
)
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from .module import Module
from .parameter import Parameter

__all__ = ["Module", "Parameter", "functional", "init", "Linear", "Conv2d", "MaxPool2d", "Sequential",
           "Embedding", "BatchNorm1d", "LayerNorm", "SiLU", "Mish", "ELU", "SELU", "CELU",
           "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Unflatten", "ReLU",
           "LeakyReLU", "GELU", "Softplus", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Dropout",
           "Identity", "Flatten", "MSELoss", "L1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss"]
