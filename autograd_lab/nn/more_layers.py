"""The modules of ``autograd_lab.nn.more_functional``: ``MaxUnpool1d/2d``, ``LPPool1d/2d``,
``LocalResponseNorm``, ``AlphaDropout`` and ``ChannelShuffle``. Each ``forward`` is one call into
``nn.functional``; arguments and reprs as torch's."""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import functional as F
from .layers import _DropoutNd
from .module import Module

__all__ = ["MaxUnpool1d", "MaxUnpool2d", "LPPool1d", "LPPool2d", "LocalResponseNorm",
           "AlphaDropout", "ChannelShuffle"]


class _MaxUnpoolNd(Module):
    """What MaxUnpool1d and MaxUnpool2d share: the sizes as tuples, ``stride`` defaulting to
    ``kernel_size``."""

    dims = 2
    unpool = staticmethod(F.max_unpool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        self.kernel_size = self._tuple(kernel_size)
        self.stride = self._tuple(stride if stride is not None else kernel_size)
        self.padding = self._tuple(padding)

    def _tuple(self, value: Any) -> tuple:
        return tuple(value) if isinstance(value, list | tuple) else (value,) * self.dims

    def forward(self, input: Tensor, indices: Tensor, output_size: Any = None) -> Tensor:
        return self.unpool(input, indices, self.kernel_size, self.stride, self.padding,
                           output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool2d(_MaxUnpoolNd):
    """Undoes ``MaxPool2d(return_indices=True)``: each value put back at its index, zeros elsewhere."""


class MaxUnpool1d(_MaxUnpoolNd):
    """Undoes ``MaxPool1d(return_indices=True)``."""

    dims = 1
    unpool = staticmethod(F.max_unpool1d)


class _LPPoolNd(Module):
    """The ``norm_type``-norm of each window (the arguments kept as given)."""

    pool = staticmethod(F.lp_pool2d)

    def __init__(self, norm_type: float, kernel_size: Any, stride: Any = None,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size = norm_type, kernel_size
        self.stride, self.ceil_mode = stride, ceil_mode

    def forward(self, input: Tensor) -> Tensor:
        return self.pool(input, float(self.norm_type), self.kernel_size, self.stride,
                         self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool2d(_LPPoolNd):
    """The ``norm_type``-norm of each window of an image."""


class LPPool1d(_LPPoolNd):
    """The ``norm_type``-norm of each window of a sequence."""

    pool = staticmethod(F.lp_pool1d)


class LocalResponseNorm(Module):
    """Each element divided by ``(k + alpha * mean of squares over size neighbouring channels) ** beta``."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input: Tensor) -> Tensor:
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class AlphaDropout(_DropoutNd):
    """Dropout for SELU networks (keeps mean and variance; ``F.alpha_dropout``)."""

    def forward(self, input: Tensor) -> Tensor:
        return F.alpha_dropout(input, self.p, self.training)


class ChannelShuffle(Module):
    """The channels split into ``groups`` groups and interleaved (``F.channel_shuffle``)."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
