"""Lazy modules: layers whose input size is read from their first input (``nn.LazyLinear``,
``nn.LazyConv1d``/``2d``, ``nn.LazyConvTranspose1d``/``2d``, ``nn.LazyBatchNorm1d``/``2d``).

Until its first call a lazy module holds ``UninitializedParameter`` objects (no shape yet). A
forward pre-hook then reads the input's size, materializes the parameters in place (the same
objects, so an optimizer made before the first call keeps working), initializes them as the
ordinary layer does, and turns the module into that layer (``LazyLinear`` becomes ``Linear``,
``LazyConv2d`` becomes ``Conv2d``).
"""

from __future__ import annotations

from typing import Any

from ..autograd import grad_mode
from ..tensor import Tensor
from .layers import BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, Linear
from .module import Module
from .parameter import UninitializedBuffer, UninitializedParameter

__all__ = ["LazyModuleMixin", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyBatchNorm1d", "LazyBatchNorm2d"]


class LazyModuleMixin:
    """What every lazy module shares: ``has_uninitialized_params()`` and the first-call hook that
    runs ``initialize_parameters(*inputs)`` and then makes the module a ``cls_to_become``."""

    cls_to_become: type[Module] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer of this module is still uninitialized."""
        return any(isinstance(p, (UninitializedParameter, UninitializedBuffer))
                   for p in (*self._parameters.values(), *self._buffers.values()))

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Give the parameters their shapes from the first input (each lazy module's own)."""
        raise NotImplementedError(f"initialize_parameters is not implemented for {type(self).__name__}")

    def _load_local(self, state_dict: Any, prefix: str, *lists: list) -> None:
        """Loading a state dict gives uninitialized parameters and buffers the shapes of the
        loaded ones (the module stays lazy until its first call, as in torch)."""
        lazy = (UninitializedParameter, UninitializedBuffer)
        for name, param in (*self._parameters.items(), *self._buffers.items()):
            value = state_dict.get(prefix + name)
            if isinstance(param, lazy) and isinstance(value, Tensor) and not isinstance(value, lazy):
                with grad_mode.no_grad():
                    param.materialize(value.shape)
        super()._load_local(state_dict, prefix, *lists)


def _infer_parameters(module: Any, args: tuple) -> None:
    module.initialize_parameters(*args)
    if module.has_uninitialized_params():
        raise RuntimeError(f"module {type(module).__name__} has not been fully initialized")
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become


class LazyLinear(LazyModuleMixin, Linear):
    """``Linear`` whose ``in_features`` is the last size of its first input; it becomes a
    ``Linear`` on that call (printed ``LazyLinear(in_features=0, ...)`` before it)."""

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self) -> None:
        """The ordinary ``Linear`` initialization, once the parameters have shapes."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:
        """``in_features`` is the input's last size."""
        if self.has_uninitialized_params():
            with grad_mode.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:  # parameters loaded from a state dict before the first call
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(
                    f"The in_features inferred from input: {input.shape[-1]} is not equal to "
                    f"in_features from self.weight: {self.weight.shape[-1]}")
            self.in_features = input.shape[-1]


class _LazyConvMixin(LazyModuleMixin):
    """What the lazy convolutions share: ``in_channels`` is 0 until the first call, which reads it
    from the input's channel dim (dim 1 of a batch, dim 0 of an unbatched input) and gives
    ``weight`` and ``bias`` their shapes and the convolution's initialization."""

    def _uninitialized(self, bias: bool, device: Any, dtype: Any) -> None:
        """Replace the (empty) parameters the convolution made by uninitialized ones."""
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self) -> None:
        """The convolution's initialization, once the parameters have shapes."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def _in_channels(self, input: Tensor) -> int:
        batched = self.dims + 2
        if input.ndim not in (batched - 1, batched):
            raise RuntimeError(f"Expected {batched - 1}D (unbatched) or {batched}D (batched) input "
                               f"to {type(self).__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.ndim == batched else input.shape[0]

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:
        """``in_channels`` is the input's channel count; parameters loaded from a state dict
        before the first call are kept (and ``in_channels`` stays 0, as in torch)."""
        if not self.has_uninitialized_params():
            return
        self.in_channels = self._in_channels(input)
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        shape = ((self.in_channels, self.out_channels // self.groups) if self.transposed
                 else (self.out_channels, self.in_channels // self.groups))
        with grad_mode.no_grad():
            self.weight.materialize((*shape, *self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()


class _LazyConv(_LazyConvMixin):
    """The lazy ``Conv1d``/``Conv2d``: their arguments less ``in_channels``."""

    def __init__(self, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode,
                         device, dtype)
        self.out_channels = out_channels
        self._uninitialized(bias, device, dtype)


class _LazyConvTranspose(_LazyConvMixin):
    """The lazy ``ConvTranspose1d``/``ConvTranspose2d``: their arguments less ``in_channels``."""

    def __init__(self, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 output_padding: Any = 0, groups: int = 1, bias: bool = True, dilation: Any = 1,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False,
                         dilation, padding_mode, device, dtype)
        self.out_channels = out_channels
        self._uninitialized(bias, device, dtype)


class LazyConv1d(_LazyConv, Conv1d):
    """``Conv1d`` whose ``in_channels`` is read from its first input; it becomes a ``Conv1d``."""

    cls_to_become = Conv1d


class LazyConv2d(_LazyConv, Conv2d):
    """``Conv2d`` whose ``in_channels`` is read from its first input; it becomes a ``Conv2d``
    (printed ``LazyConv2d(0, out_channels, ...)`` before it)."""

    cls_to_become = Conv2d


class LazyConvTranspose1d(_LazyConvTranspose, ConvTranspose1d):
    """``ConvTranspose1d`` whose ``in_channels`` is read from its first input."""

    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTranspose, ConvTranspose2d):
    """``ConvTranspose2d`` whose ``in_channels`` is read from its first input."""

    cls_to_become = ConvTranspose2d


class _LazyBatchNorm(LazyModuleMixin):
    """The lazy batch norms: ``num_features`` is 0 until the first call, which reads it from the
    input's dim 1 and gives the affine parameters and running statistics their shapes (weight
    ones, bias zeros, running mean zeros, running variance ones). Without affine parameters and
    running statistics there is nothing to shape: ``num_features`` stays 0, as in torch."""

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__(0, eps, momentum, affine, track_running_stats, device, dtype, bias)
        if self.weight is not None:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
        if self.bias is not None:
            self.bias = UninitializedParameter(device=device, dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:
        """``num_features`` is the input's dim 1."""
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        with grad_mode.no_grad():
            for name, fill in (("weight", 1.0), ("bias", 0.0), ("running_mean", 0.0),
                               ("running_var", 1.0)):
                value = getattr(self, name)
                if value is not None:
                    value.materialize((self.num_features,))
                    value.fill_(fill)
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.zero_()


class LazyBatchNorm1d(_LazyBatchNorm, BatchNorm1d):
    """``BatchNorm1d`` whose ``num_features`` is read from its first input."""

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyBatchNorm, BatchNorm2d):
    """``BatchNorm2d`` whose ``num_features`` is read from its first input."""

    cls_to_become = BatchNorm2d
