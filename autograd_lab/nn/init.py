"""``nn.init``: fill a tensor in place with the initial values a layer starts from.

Every function writes into the tensor's memory under ``no_grad`` (so it works on parameters that
require grad) and returns the tensor. Random ones draw from ``autograd_lab.random`` (seed it with
``t.manual_seed``): the same seed gives the same weights every run, though not torch's numbers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import random as _random
from .._stack import outside_the_library
from ..autograd.meta import is_meta
from ..tensor import Tensor

__all__ = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
           "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
           "kaiming_normal_", "orthogonal_"]

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d")


def calculate_gain(nonlinearity: str, param: Any = None) -> float:
    """The recommended scale of the weights in front of ``nonlinearity`` (sqrt(2) for relu ...)."""
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif (not isinstance(param, bool) and isinstance(param, int)) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _write(tensor: Tensor, values: Any) -> Tensor:
    """Overwrite ``tensor``'s memory (an in-place change: its version goes up, as in torch; a
    meta tensor has no memory to write)."""
    if not is_meta(tensor):
        np.copyto(tensor._data, values, casting="unsafe")
    tensor._bump_version()
    return tensor


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
    """Values drawn uniformly from ``[a, b)``."""
    if is_meta(tensor):  # (no draws: they would change what the generator gives next)
        return _write(tensor, None)
    return _write(tensor, _random.uniform_array(tensor._data.shape, a, b, tensor._data.dtype,
                                                generator))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
    """Values drawn from the normal distribution N(mean, std**2)."""
    if is_meta(tensor):
        return _write(tensor, None)
    return _write(tensor, _random.normal_array(tensor._data.shape, mean, std, tensor._data.dtype,
                                               generator))


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Any = None) -> Tensor:
    """Values drawn from N(mean, std**2) restricted to ``[a, b]``, by rejection as torch does:
    normal draws redrawn where they fall outside when most of the mass is inside, else uniform
    draws on ``[a, b]`` kept with probability ``exp(-((x - mean) / std)**2 / 2)`` relative to the
    density's peak inside."""
    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The "
                      "distribution of values may be incorrect.", UserWarning,
                      stacklevel=outside_the_library())
    shape, dtype = tensor._data.shape, tensor._data.dtype
    # the bounds as the tensor's dtype holds them, as torch compares
    lo, hi = np.asarray(a, dtype=dtype).item(), np.asarray(b, dtype=dtype).item()
    inside = (math.erf((b - mean) / std / math.sqrt(2.0))
              - math.erf((a - mean) / std / math.sqrt(2.0))) / 2
    if inside > 0.3:
        values = _random.normal_array(shape, mean, std, dtype, generator)
        outside = (values < lo) | (values > hi)
        while outside.any():
            values = np.where(outside, _random.normal_array(shape, mean, std, dtype, generator),
                              values)
            outside = (values < lo) | (values > hi)
        return _write(tensor, values)
    log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2  # the density's top in [a, b]

    def rejected(proposal: np.ndarray) -> np.ndarray:
        log_ratio = -0.5 * ((proposal.astype(np.float64) - mean) / std) ** 2 - log_peak
        return np.log(_random.uniform_array(shape, 0.0, 1.0, np.dtype(np.float64),
                                            generator)) > log_ratio

    values = _random.uniform_array(shape, a, b, dtype, generator)
    pending = rejected(values)
    while pending.any():
        proposal = _random.uniform_array(shape, a, b, dtype, generator)
        values = np.where(pending, proposal, values)
        pending &= rejected(proposal)
    return _write(tensor, values)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Every element set to ``val``."""
    return _write(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    return _write(tensor, 1)


def zeros_(tensor: Tensor) -> Tensor:
    return _write(tensor, 0)


def eye_(tensor: Tensor) -> Tensor:
    """The identity matrix (2-d tensors only)."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _write(tensor, np.eye(*tensor._data.shape))


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """The identity of a convolution: a 3-, 4- or 5-d weight of zeros with a 1 at the kernel's
    centre joining input channel ``d`` to output channel ``d`` (in each of ``groups``)."""
    dims = tensor.ndim
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    shape = tensor._data.shape
    if shape[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = shape[0] // groups
    values = np.zeros(shape, dtype=tensor._data.dtype)
    centre = tuple(size // 2 for size in shape[2:])
    for g in range(groups):
        for d in range(min(per_group, shape[1])):
            values[(g * per_group + d, d, *centre)] = 1
    return _write(tensor, values)


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """How many inputs feed each output (fan_in) and how many outputs each input feeds (fan_out)."""
    if tensor.ndim < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field = 1
    for size in tensor._data.shape[2:]:
        receptive_field *= size
    return tensor._data.shape[1] * receptive_field, tensor._data.shape[0] * receptive_field


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Glorot initialization: uniform on ``[-a, a]``, ``a = gain * sqrt(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Glorot initialization: normal with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std)


def _kaiming_std(tensor: Tensor, a: float, mode: str, nonlinearity: str) -> float | None:
    """He initialization's standard deviation, or None (with torch's warning) for an empty tensor."""
    if 0 in tensor._data.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu", generator: Any = None) -> Tensor:
    """He initialization: uniform on ``[-b, b]``, ``b = gain * sqrt(3 / fan)``. ``nn.Linear`` uses
    it with ``a = sqrt(5)``, i.e. ``b = 1 / sqrt(fan_in)``."""
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", generator: Any = None) -> Tensor:
    """He initialization: normal with ``std = gain / sqrt(fan)``."""
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std)


def orthogonal_(tensor: Tensor, gain: float = 1, generator: Any = None) -> Tensor:
    """A (semi-)orthogonal matrix, times ``gain``: torch's recipe, the Q of the QR decomposition of
    a normal random matrix (rows by the product of the other dims), its columns' signs fixed by
    R's diagonal, so the rows (or the columns, whichever are fewer) are orthonormal."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor  # (torch: nothing to fill)
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flattened = _random.normal_array((rows, cols), 0.0, 1.0, np.dtype(np.float64))
    if rows < cols:
        flattened = flattened.T
    q, r = np.linalg.qr(flattened)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _write(tensor, (q * gain).reshape(tensor._data.shape))


def _deprecated(new: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """The old name of ``new`` (without its trailing underscore): it warns, as torch, then fills."""
    old_name = new.__name__[:-1]

    def deprecated_init(*args: Any, **kwargs: Any) -> Tensor:
        warnings.warn(f"`nn.init.{old_name}` is now deprecated in favor of "
                      f"`nn.init.{new.__name__}`.", FutureWarning, stacklevel=outside_the_library())
        return new(*args, **kwargs)

    deprecated_init.__name__ = old_name
    deprecated_init.__doc__ = f"{old_name}(...): deprecated, see ``{new.__name__}``."
    return deprecated_init


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
