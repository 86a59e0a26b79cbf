"""The layers: ``Linear``, ``Conv2d``, ``MaxPool2d``, the activation modules, ``Dropout``,
``Identity``, ``Flatten`` and the containers ``Sequential`` and ``ModuleList``. Each ``forward`` is
one call into ``nn.functional``."""

from __future__ import annotations

import math
import operator
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .. import _dtypes, creation
from ..autograd import grad_mode
from ..tensor import Size, Tensor
from . import functional as F
from . import init
from .module import Module, _add_indent
from .parameter import Parameter

__all__ = ["Linear", "Sequential", "ModuleList", "ReLU", "LeakyReLU", "GELU", "Softplus", "Tanh",
           "Sigmoid", "Softmax", "LogSoftmax", "Dropout", "Identity", "Flatten", "Conv2d",
           "MaxPool2d", "Embedding", "Conv1d", "BatchNorm1d", "BatchNorm2d", "AvgPool2d",
           "AdaptiveAvgPool2d", "Unflatten", "CosineSimilarity", "ConstantPad1d", "ConstantPad2d",
           "ZeroPad1d", "ZeroPad2d", "LayerNorm", "SiLU", "Mish", "ELU", "SELU", "CELU",
           "ConvTranspose1d", "ConvTranspose2d", "MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d",
           "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
           "RMSNorm", "PairwiseDistance", "Bilinear"]
__all__ += ["Dropout1d", "Dropout2d", "Dropout3d"]
__all__ += ["ConstantPad3d", "ZeroPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
            "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d",
            "CircularPad2d", "CircularPad3d"]


class Linear(Module):
    """``y = x @ weight.T + bias``: ``weight`` is ``(out_features, in_features)``. Initialized as in
    torch: ``kaiming_uniform_(weight, a=sqrt(5))``, bias uniform on ``±1/sqrt(in_features)``."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        # made as torch makes them, so sizes or a dtype of the wrong type get torch's errors
        self.weight = Parameter(creation.empty((out_features, in_features), device=device,
                                               dtype=dtype))
        if bias:
            self.bias = Parameter(creation.empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's default initialization (seeded by ``t.manual_seed``)."""
        _default_init(self.weight, self.bias, self.in_features)

    def forward(self, input: Tensor) -> Tensor:
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


def _default_init(weight: Parameter, bias: Parameter | None, fan_in: int) -> None:
    """torch's default for Linear and Conv2d: ``kaiming_uniform_(weight, a=sqrt(5))``, the bias
    uniform on ``±1/sqrt(fan_in)``."""
    with grad_mode.no_grad():
        init.kaiming_uniform_(weight, a=math.sqrt(5))
        if bias is not None:
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(bias, -bound, bound)


def _inplace_text(inplace: bool, leading: str = "") -> str:
    return f"{leading}inplace=True" if inplace else ""


class ReLU(Module):
    """``max(x, 0)``."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace_text(self.inplace)


class LeakyReLU(Module):
    """``x`` for positive ``x``, ``negative_slope * x`` otherwise."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + _inplace_text(self.inplace, ", ")


class GELU(Module):
    """Gaussian error linear unit, ``x * Phi(x)`` (``approximate='tanh'``: the tanh formula)."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """``log(1 + exp(beta * x)) / beta``, a smooth ReLU."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Tensor) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class SiLU(Module):
    """The sigmoid linear unit (swish), ``x * sigmoid(x)``."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.silu(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace_text(self.inplace)


class Mish(SiLU):
    """``x * tanh(softplus(x))``."""

    def forward(self, input: Tensor) -> Tensor:
        return F.mish(input, inplace=self.inplace)


class SELU(SiLU):
    """The scaled ELU with self-normalizing constants (``F.selu``)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.selu(input, inplace=self.inplace)


class ELU(Module):
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + _inplace_text(self.inplace, ", ")


class CELU(ELU):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""

    def forward(self, input: Tensor) -> Tensor:
        return F.celu(input, self.alpha, self.inplace)


class Tanh(Module):
    """Hyperbolic tangent."""

    def forward(self, input: Tensor) -> Tensor:
        return input.tanh()


class Sigmoid(Module):
    """``1 / (1 + exp(-x))``."""

    def forward(self, input: Tensor) -> Tensor:
        return input.sigmoid()


class Softmax(Module):
    """Softmax along ``dim`` (probabilities summing to 1)."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """Log of the softmax along ``dim``."""

    def forward(self, input: Tensor) -> Tensor:
        return F.log_softmax(input, self.dim, _stacklevel=5)


class _DropoutNd(Module):
    """What the dropout modules share: ``p``, ``inplace`` and their repr (torch's ``_DropoutNd``)."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """In training mode, zero each element with probability ``p`` (and scale the others by
    ``1/(1-p)``); in eval mode, pass the input through."""

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """In training mode, zero whole channels of ``(N, C, L)`` or ``(C, L)`` input with probability
    ``p`` (``F.dropout1d``); in eval mode, pass the input through."""

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """In training mode, zero whole channels of ``(N, C, H, W)`` input with probability ``p``
    (``F.dropout2d``); in eval mode, pass the input through."""

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """In training mode, zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input with
    probability ``p`` (``F.dropout3d``); in eval mode, pass the input through."""

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout3d(input, self.p, self.training, self.inplace)


class Identity(Module):
    """Returns its input (arguments are accepted and ignored, as in torch)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:
        return input


class Flatten(Module):
    """Flattens dims ``start_dim`` to ``end_dim`` into one (by default all but the batch dim)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dim ``dim`` into ``unflattened_size`` (a view: ``ViewBackward0``)."""

    def __init__(self, dim: int, unflattened_size: Any) -> None:
        super().__init__()
        if not isinstance(unflattened_size, tuple | list):
            raise TypeError("unflattened_size must be tuple of ints, but found type "
                            f"{type(unflattened_size).__name__}")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input: Tensor) -> Tensor:
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class CosineSimilarity(Module):
    """The cosine of the angle between two inputs along ``dim`` (``F.cosine_similarity``)."""

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """The ``p``-norm distance between the rows of two inputs (``F.pairwise_distance``)."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class Bilinear(Module):
    """``y = x1 @ weight[o] @ x2 + bias[o]`` for each output feature ``o``: ``weight`` is
    ``(out_features, in1_features, in2_features)``; both drawn from ``U(-k, k)``,
    ``k = 1 / sqrt(in1_features)``."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        self.weight = Parameter(creation.empty((out_features, in1_features, in2_features),
                                               dtype=dtype))
        if bias:
            self.bias = Parameter(creation.empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's initialization: weight and bias uniform in ``(-k, k)``, ``k = 1/sqrt(in1)``."""
        bound = 1 / math.sqrt(self.weight.size(1))
        with grad_mode.no_grad():
            init.uniform_(self.weight, -bound, bound)
            if self.bias is not None:
                init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class _ConstantPadNd(Module):
    """Pads with ``value``: ``padding`` an int (every side) or ``2 * dims`` ints (left, right, ...)."""

    dims = 1

    def __init__(self, padding: Any, value: float) -> None:
        super().__init__()
        self.padding = (padding,) * (2 * self.dims) if isinstance(padding, int) else tuple(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dim with ``value``."""


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dims with ``value``."""

    dims = 2


class ZeroPad1d(ConstantPad1d):
    """Pads the last dim with zeros."""

    def __init__(self, padding: Any) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ZeroPad1d):
    """Pads the last two dims with zeros."""

    dims = 2


class ConstantPad3d(_ConstantPadNd):
    """Pads the last three dims with ``value``."""

    dims = 3


class ZeroPad3d(ZeroPad1d):
    """Pads the last three dims with zeros."""

    dims = 3


class _CopyPadNd(Module):
    """What the reflection, replication and circular pads share: ``padding`` an int (every side)
    or ``2 * dims`` ints (left, right, top, bottom, front, back), applied by ``F.pad`` in ``mode``."""

    dims = 1
    mode = "reflect"

    def __init__(self, padding: Any) -> None:
        super().__init__()
        self.padding = (padding,) * (2 * self.dims) if isinstance(padding, int) else tuple(padding)

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ReflectionPadNd(_CopyPadNd):
    """Pads with the input mirrored at its edges (the edge not repeated)."""


class ReflectionPad1d(_ReflectionPadNd):
    """Pads the last dim with its reflection."""


class ReflectionPad2d(_ReflectionPadNd):
    """Pads the last two dims with their reflection."""

    dims = 2


class ReflectionPad3d(_ReflectionPadNd):
    """Pads the last three dims with their reflection."""

    dims = 3


class _ReplicationPadNd(_CopyPadNd):
    """Pads with copies of the edge elements."""

    mode = "replicate"


class ReplicationPad1d(_ReplicationPadNd):
    """Pads the last dim with copies of its edge elements."""


class ReplicationPad2d(_ReplicationPadNd):
    """Pads the last two dims with copies of their edge elements."""

    dims = 2


class ReplicationPad3d(_ReplicationPadNd):
    """Pads the last three dims with copies of their edge elements."""

    dims = 3


class _CircularPadNd(_CopyPadNd):
    """Pads with the input wrapped around (the other end's elements); the input must have
    ``dims + 1`` or ``dims + 2`` dims (torch's ValueError otherwise)."""

    mode = "circular"

    def forward(self, input: Tensor) -> Tensor:
        if input.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(f"expected {self.dims + 1}D or {self.dims + 2}D input "
                             f"(got {input.ndim}D input)")
        return super().forward(input)


class CircularPad1d(_CircularPadNd):
    """Pads the last dim circularly."""


class CircularPad2d(_CircularPadNd):
    """Pads the last two dims circularly."""

    dims = 2


class CircularPad3d(_CircularPadNd):
    """Pads the last three dims circularly."""

    dims = 3


def _index(modules: dict, idx: Any) -> str:
    """The key of child number ``idx`` (negative allowed), with torch's IndexError."""
    size = len(modules)
    idx = operator.index(idx)
    if not -size <= idx < size:
        raise IndexError(f"index {idx} is out of range")
    return next(islice(iter(modules), idx % size, None))


def _shift_in(modules: dict, index: int, module: Module) -> None:
    """``module`` as child ``index``, the children from there on renumbered one up (torch's loop)."""
    for i in range(len(modules), index, -1):
        modules[str(i)] = modules[str(i - 1)]
    modules[str(index)] = module


def _renumber(modules: dict) -> None:
    """Children named ``"0"``, ``"1"``... again after a removal, as torch renumbers them."""
    modules.update(dict(zip(map(str, range(len(modules))),
                            [modules.pop(k) for k in list(modules)])))


class Sequential(Module):
    """Modules applied one after the other: ``Sequential(a, b)(x)`` is ``b(a(x))``. Children are named
    ``"0"``, ``"1"``... (or given names, from an ``OrderedDict``)."""

    def __init__(self, *args: Module) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), module)

    def forward(self, input: Any) -> Any:
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return self._modules[_index(self._modules, idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        self.add_module(_index(self._modules, idx), module)

    def __delitem__(self, idx: int | slice) -> None:
        keys = list(self._modules)[idx] if isinstance(idx, slice) else [_index(self._modules, idx)]
        for key in keys:
            del self._modules[key]
        _renumber(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> Sequential:
        """Add ``module`` at the end."""
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        """``module`` placed before child ``index`` (negative counts from the end)."""
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        size = len(self._modules)
        if not -size <= index <= size:
            raise IndexError(f"Index out of range: {index}")
        _shift_in(self._modules, index + size if index < 0 else index, module)
        return self

    def extend(self, sequential: Iterable[Module]) -> Sequential:
        """Each of ``sequential``'s modules appended."""
        for layer in sequential:
            self.append(layer)
        return self

    def pop(self, key: int | slice) -> Any:
        """Child ``key`` removed (the rest renumbered) and returned."""
        value = self[key]
        del self[key]
        return value

    def __add__(self, other: Sequential) -> Sequential:
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        return Sequential().extend(self).extend(other)

    def __iadd__(self, other: Sequential) -> Sequential:
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        return self.extend(other)


class ModuleList(Module):
    """A list of modules, registered (so their parameters are found); it has no ``forward``."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._modules[_index(self._modules, idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        self.add_module(_index(self._modules, idx), module)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> ModuleList:
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """``module`` placed before child ``index``."""
        _shift_in(self._modules, index, module)

    def __delitem__(self, idx: int | slice) -> None:
        keys = list(self._modules)[idx] if isinstance(idx, slice) else [_index(self._modules, idx)]
        for key in keys:
            del self._modules[key]
        _renumber(self._modules)

    def pop(self, key: int | slice) -> Any:
        """Child ``key`` removed (the rest renumbered) and returned."""
        value = self[key]
        del self[key]
        return value

    def __add__(self, other: Iterable[Module]) -> ModuleList:
        return ModuleList().extend(self).extend(other)

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def __repr__(self) -> str:
        """torch's repr, which folds a run of modules with the same repr into one line:
        ``(0-5): 6 x TransformerEncoderLayer(...)``."""
        if not self._modules:
            return self._get_name() + "()"
        runs: list[list] = []  # [first index, last index, repr]
        for index, module in enumerate(self):
            text = repr(module)
            if runs and runs[-1][2] == text:
                runs[-1][1] = index
            else:
                runs.append([index, index, text])
        lines = [_add_indent(f"({first}): {text}" if first == last else
                             f"({first}-{last}): {last - first + 1} x {text}", 2)
                 for first, last, text in runs]
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


def _one_tuple(value: Any) -> tuple:
    """An int as a 1-tuple, a sequence as a tuple (torch's ``_single``)."""
    return (value,) if isinstance(value, int) else tuple(value)


def _as_tuple(value: Any, dims: int) -> tuple:
    """torch's ``_single`` (dims 1) or ``_pair`` (dims 2) of a size argument."""
    return _one_tuple(value) if dims == 1 else F._pair(value, "size")


_PADDING_MODES = {"zeros", "reflect", "replicate", "circular"}


class _ConvNd(Module):
    """What the convolutions share (torch's ``_ConvNd``): the argument checks, ``weight``
    ``(out_channels, in_channels / groups, *kernel_size)`` (transposed: ``(in_channels,
    out_channels / groups, *kernel_size)``) and ``bias``, torch's initialization
    (``kaiming_uniform_(weight, a=sqrt(5))``, bias uniform on ``±1/sqrt(fan_in)`` with ``fan_in``
    read from the weight) and ``extra_repr``."""

    dims = 2
    transposed = False

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any,
                 padding: Any, dilation: Any, output_padding: Any, groups: int, bias: bool,
                 padding_mode: str, dtype: _dtypes.dtype | None) -> None:
        super().__init__()
        kernel_size, stride = _as_tuple(kernel_size, self.dims), _as_tuple(stride, self.dims)
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in {"same", "valid"}:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 f"{ {'same', 'valid'} }")
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODES}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = kernel_size, stride
        self.padding = padding if isinstance(padding, str) else _as_tuple(padding, self.dims)
        self.dilation = _as_tuple(dilation, self.dims)
        self.output_padding = _as_tuple(output_padding, self.dims)
        self.groups, self.padding_mode = groups, padding_mode
        shape = ((in_channels, out_channels // groups) if self.transposed
                 else (out_channels, in_channels // groups))
        self.weight = Parameter(creation.empty((*shape, *kernel_size), dtype=dtype))
        if bias:
            self.bias = Parameter(creation.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's default initialization (seeded by ``t.manual_seed``)."""
        _default_init(self.weight, self.bias, math.prod(self.weight.shape[1:]))

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * len(self.padding):
            text += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Conv(_ConvNd):
    """Conv1d and Conv2d: ``forward`` is one call of ``F.conv1d``/``F.conv2d``; a ``padding_mode``
    other than ``'zeros'`` pads with ``F.pad`` first, as torch's modules do."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, 0,
                         groups, bias, padding_mode, dtype)

    def _convolve(self, input: Tensor, padding: Any) -> Tensor:
        function = F.conv1d if self.dims == 1 else F.conv2d
        return function(input, self.weight, self.bias, self.stride, padding, self.dilation,
                        self.groups)

    def forward(self, input: Tensor) -> Tensor:
        if self.padding_mode == "zeros":
            return self._convolve(input, self.padding)
        return self._convolve(F.pad(input, self._reversed_padding_repeated_twice(),
                                    mode=self.padding_mode), 0)

    def _reversed_padding_repeated_twice(self) -> list[int]:
        """``F.pad``'s amounts (last dim first, before and after) for this padding."""
        if self.padding == "valid":
            return [0, 0] * self.dims
        if self.padding == "same":
            totals = [d * (k - 1) for d, k in zip(self.dilation, self.kernel_size)]
            return [n for total in reversed(totals) for n in (total // 2, total - total // 2)]
        return [p for p in reversed(self.padding) for _ in range(2)]


class Conv2d(_Conv):
    """2-d convolution: ``weight`` is ``(out_channels, in_channels / groups, kH, kW)``."""


class Conv1d(_Conv):
    """1-d convolution: ``weight`` is ``(out_channels, in_channels / groups, k)``."""

    dims = 1


class _ConvTranspose(_ConvNd):
    """ConvTranspose1d and ConvTranspose2d: ``forward(input, output_size=None)`` is one call of
    ``F.conv_transpose1d``/``2d``; ``output_size`` picks the ``output_padding`` that gives it."""

    transposed = True

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 padding: Any = 0, output_padding: Any = 0, groups: int = 1, bias: bool = True,
                 dilation: Any = 1, padding_mode: str = "zeros", device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride,
                         _as_tuple(padding, self.dims), dilation, output_padding, groups, bias,
                         padding_mode, dtype)

    def _output_padding(self, input: Tensor, output_size: Any) -> tuple:
        """``output_padding``, or the one that makes the output ``output_size`` (torch's rule)."""
        if output_size is None:
            return self.output_padding
        batched = input.ndim == self.dims + 2
        leading = 2 if batched else 1
        output_size = list(output_size)
        if len(output_size) == leading + self.dims:
            output_size = output_size[leading:]
        if len(output_size) != self.dims:
            raise ValueError(f"ConvTranspose{self.dims}D: for {input.ndim}D input, output_size "
                             f"must have {self.dims} or {leading + self.dims} elements (got "
                             f"{len(output_size)})")
        smallest = [(input.shape[leading + d] - 1) * self.stride[d] - 2 * self.padding[d]
                    + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(self.dims)]
        largest = [size + self.stride[d] - 1 for d, size in enumerate(smallest)]
        for size, low, high in zip(output_size, smallest, largest):
            if size < low or size > high:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes "
                                 f"range from {smallest} to {largest} (for an input of "
                                 f"{Size(input.shape[2:])})")
        return tuple(size - low for size, low in zip(output_size, smallest))

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:
        function = F.conv_transpose1d if self.dims == 1 else F.conv_transpose2d
        return function(input, self.weight, self.bias, self.stride, self.padding,
                        self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose2d(_ConvTranspose):
    """Transposed 2-d convolution (learned upsampling): ``weight`` is
    ``(in_channels, out_channels / groups, kH, kW)``."""


class ConvTranspose1d(_ConvTranspose):
    """Transposed 1-d convolution: ``weight`` is ``(in_channels, out_channels / groups, k)``."""

    dims = 1


class _MaxPoolNd(Module):
    """What MaxPool1d and MaxPool2d share (torch's ``_MaxPoolNd``): the arguments as given,
    ``stride`` defaulting to ``kernel_size``."""

    pool = staticmethod(F.max_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input: Tensor) -> Any:
        return self.pool(input, self.kernel_size, self.stride, self.padding, self.dilation,
                         self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool2d(_MaxPoolNd):
    """The maximum of each window (``F.max_pool2d``)."""


class MaxPool1d(_MaxPoolNd):
    """The maximum of each window of a sequence (``F.max_pool1d``)."""

    pool = staticmethod(F.max_pool1d)


class AvgPool2d(Module):
    """The mean of each window (``F.avg_pool2d``)."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True,
                 divisor_override: int | None = None) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(Module):
    """The mean of each window of a sequence (``F.avg_pool1d``); sizes kept as 1-tuples, as torch."""

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__()
        self.kernel_size = _one_tuple(kernel_size)
        self.stride = _one_tuple(stride if stride is not None else kernel_size)
        self.padding, self.ceil_mode = _one_tuple(padding), ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AdaptiveAvgPoolNd(Module):
    """What the adaptive average poolings share: ``output_size``."""

    pool = staticmethod(F.adaptive_avg_pool2d)

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        return self.pool(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed ``output_size``, whatever the input's size."""


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average pooling of a sequence to a fixed ``output_size``, whatever its length."""

    pool = staticmethod(F.adaptive_avg_pool1d)


class _AdaptiveMaxPoolNd(_AdaptiveAvgPoolNd):
    """What the adaptive max poolings share: ``output_size`` and ``return_indices``."""

    pool = staticmethod(F.adaptive_max_pool2d)

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input: Tensor) -> Any:
        return self.pool(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max pooling to a fixed ``output_size``, whatever the input's size (``return_indices``:
    where each maximum is, too)."""


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max pooling of a sequence to a fixed ``output_size``, whatever its length."""

    pool = staticmethod(F.adaptive_max_pool1d)


def _table(rows: int, columns: int, weight: Tensor | None, dtype: _dtypes.dtype | None,
           requires_grad: bool) -> Parameter:
    """A lookup table's weight: a new ``rows x columns`` one (to be initialized), or ``weight``
    as given (its memory shared), which must have that shape."""
    if weight is None:
        weight = creation.empty((rows, columns), dtype=dtype)
    elif list(weight.shape) != [rows, columns]:
        raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
    return Parameter(weight, requires_grad=requires_grad)


def _pretrained_shape(embeddings: Tensor) -> tuple[int, int]:
    if embeddings.dim() != 2:
        raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
    rows, columns = embeddings.shape
    return rows, columns


class Embedding(Module):
    """A lookup table: row ``i`` of ``weight`` (``(num_embeddings, embedding_dim)``, drawn from
    N(0, 1)) for each index ``i``; the ``padding_idx`` row is zero and gets no gradient."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0,
                 scale_grad_by_freq: bool = False, sparse: bool = False, _weight: Any = None,
                 _freeze: bool = False, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.padding_idx, self.max_norm, self.norm_type = padding_idx, max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        self.weight = _table(num_embeddings, embedding_dim, _weight, dtype, requires_grad=not _freeze)
        if _weight is None:
            self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's default: N(0, 1), the padding row zero (seeded by ``t.manual_seed``)."""
        with grad_mode.no_grad():
            init.normal_(self.weight)
            if self.padding_idx is not None:
                self.weight[self.padding_idx].fill_(0)

    @classmethod
    def from_pretrained(cls, embeddings: Tensor, freeze: bool = True, padding_idx: int | None = None,
                        max_norm: float | None = None, norm_type: float = 2.0,
                        scale_grad_by_freq: bool = False, sparse: bool = False) -> Embedding:
        """An Embedding whose table is ``embeddings`` (rows: the vectors; its memory shared, the
        padding row left as given); ``freeze``: the table gets no gradient."""
        rows, columns = _pretrained_shape(embeddings)
        return cls(rows, columns, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=embeddings, _freeze=freeze)

    def forward(self, input: Tensor) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse:
            text += ", sparse=True"
        return text


class EmbeddingBag(Module):
    """A lookup table whose rows are reduced bag by bag (``mode``: ``'sum'``, ``'mean'`` or
    ``'max'``): ``forward(input, offsets)`` with ``offsets`` the start of each bag in a 1-D
    ``input``, or a 2-D ``input`` of one bag per row. ``weight`` is drawn from N(0, 1), the
    ``padding_idx`` row zero (and left out of its bag)."""

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm: float | None = None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                 sparse: bool = False, _weight: Any = None, include_last_offset: bool = False,
                 padding_idx: int | None = None, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type, self.scale_grad_by_freq = max_norm, norm_type, scale_grad_by_freq
        self.mode, self.sparse, self.include_last_offset = mode, sparse, include_last_offset
        self.padding_idx = padding_idx
        self.weight = _table(num_embeddings, embedding_dim, _weight, dtype, requires_grad=True)
        if _weight is None:
            self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's default: N(0, 1), the padding row zero (seeded by ``t.manual_seed``)."""
        with grad_mode.no_grad():
            init.normal_(self.weight)
            if self.padding_idx is not None:
                self.weight[self.padding_idx].fill_(0)

    @classmethod
    def from_pretrained(cls, embeddings: Tensor, freeze: bool = True, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        mode: str = "mean", sparse: bool = False,
                        include_last_offset: bool = False,
                        padding_idx: int | None = None) -> EmbeddingBag:
        """An EmbeddingBag whose table is ``embeddings`` (its memory shared); ``freeze``: the
        table gets no gradient."""
        rows, columns = _pretrained_shape(embeddings)
        bag = cls(rows, columns, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
                  _weight=embeddings, include_last_offset=include_last_offset,
                  padding_idx=padding_idx)
        bag.weight.requires_grad = not freeze
        return bag

    def forward(self, input: Tensor, offsets: Tensor | None = None,
                per_sample_weights: Tensor | None = None) -> Tensor:
        return F.embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type,
                               self.scale_grad_by_freq, self.mode, self.sparse, per_sample_weights,
                               self.include_last_offset, self.padding_idx)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        text += f", mode='{self.mode}'"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        return text


class BatchNorm1d(Module):
    """Normalizes each feature (dim 1 of ``(N, C)`` or ``(N, C, L)``) to zero mean and unit variance
    over the batch, then scales and shifts it (``weight``, ``bias``); keeps running statistics
    (``momentum``) used in ``eval()`` mode."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None, bias: bool = True) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(creation.ones(num_features, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        if affine and bias:
            self.bias = Parameter(creation.zeros(num_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", creation.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", creation.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", creation.zeros((), dtype=_dtypes.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)  # (F.batch_norm checks the channel count)
        # as torch: batch statistics when training or when no running ones are kept
        use_batch = self.training or self.running_mean is None
        if self.training and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
        factor = self.momentum
        if factor is None:  # a cumulative average of every batch so far, as torch
            factor = 1.0 / float(self.num_batches_tracked._data) if self.training else 0.0
        keep = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if keep else None,
                            self.running_var if keep else None, self.weight, self.bias, use_batch,
                            factor, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class LayerNorm(Module):
    """Normalizes each sample over its last dims (``normalized_shape``) to zero mean and unit
    variance, then scales and shifts elementwise (``weight`` ones, ``bias`` zeros, of that shape,
    with ``elementwise_affine``): what every transformer block uses."""

    def __init__(self, normalized_shape: Any, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device: Any = None, dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(self.normalized_shape, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        if elementwise_affine and bias:
            self.bias = Parameter(creation.zeros(self.normalized_shape, dtype=dtype))
        else:
            self.register_parameter("bias", None)

    def reset_parameters(self) -> None:
        """Weight ones, bias zeros (torch's default)."""
        with grad_mode.no_grad():
            if self.weight is not None:
                init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalizes each group of ``num_channels / num_groups`` channels of each sample (over the
    group's channels and positions), then scales and shifts per channel (``weight`` ones,
    ``bias`` zeros, with ``affine``)."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 device: Any = None, dtype: _dtypes.dtype | None = None, *,
                 bias: bool = True) -> None:
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.num_groups, self.num_channels, self.eps, self.affine = (num_groups, num_channels,
                                                                     eps, affine)
        if affine:
            self.weight = Parameter(creation.ones(num_channels, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        if affine and bias:
            self.bias = Parameter(creation.zeros(num_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class _InstanceNorm(BatchNorm1d):
    """What InstanceNorm1d and InstanceNorm2d share: BatchNorm's parameters and buffers (by default
    neither: ``affine=False``, ``track_running_stats=False``), each sample's channels normalized
    over their own positions (``F.instance_norm``), an unbatched input given a batch dim."""

    no_batch_dims = 2

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = False, track_running_stats: bool = False, device: Any = None,
                 dtype: _dtypes.dtype | None = None, *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype,
                         bias)

    def _check_input_dim(self, input: Tensor) -> None:
        dims = self.no_batch_dims
        if input.ndim not in (dims, dims + 1):
            raise ValueError(f"expected {dims}D or {dims + 1}D input (got {input.ndim}D input)")

    def forward(self, input: Tensor) -> Tensor:
        self._check_input_dim(input)
        feature_dim = input.ndim - self.no_batch_dims
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match "
                                 f"num_features ({self.num_features}), but got: "
                                 f"{input.shape[feature_dim]}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You "
                          "can silence this warning by not passing in num_features, which is not "
                          "used because affine=False", stacklevel=2)
        if input.ndim == self.no_batch_dims:
            return self._normalize(input.unsqueeze(0)).squeeze(0)
        return self._normalize(input)

    def _normalize(self, input: Tensor) -> Tensor:
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)


class InstanceNorm1d(_InstanceNorm):
    """Normalizes each channel of each sequence ``(N, C, L)`` (or ``(C, L)``) over its length."""


class InstanceNorm2d(_InstanceNorm):
    """Normalizes each channel of each image ``(N, C, H, W)`` (or ``(C, H, W)``) over its pixels."""

    no_batch_dims = 3


class InstanceNorm3d(_InstanceNorm):
    """Normalizes each channel of each volume ``(N, C, D, H, W)`` (or ``(C, D, H, W)``) over its
    voxels."""

    no_batch_dims = 4


class RMSNorm(Module):
    """Divides each sample by its root mean square over the last dims (``normalized_shape``), then
    scales elementwise (``weight`` ones, with ``elementwise_affine``); ``eps=None`` is the dtype's
    machine epsilon."""

    def __init__(self, normalized_shape: Any, eps: float | None = None,
                 elementwise_affine: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(creation.ones(self.normalized_shape, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    def forward(self, x: Tensor) -> Tensor:
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


class BatchNorm2d(BatchNorm1d):
    """Batch normalization of images ``(N, C, H, W)``: each channel over the batch and the pixels."""

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim != 4:
            raise ValueError(f"expected 4D input (got {input.ndim}D input)")


class BatchNorm3d(BatchNorm1d):
    """Batch normalization of volumes ``(N, C, D, H, W)``: each channel over the batch and the
    voxels."""

    def _check_input_dim(self, input: Tensor) -> None:
        if input.ndim != 5:
            raise ValueError(f"expected 5D input (got {input.ndim}D input)")
