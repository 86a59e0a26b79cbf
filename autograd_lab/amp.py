"""``torch.amp.GradScaler``: loss scaling for mixed-precision training (``torch.cuda.amp.GradScaler``
is its deprecated spelling).

Training scripts such as nanoGPT's ``train.py`` always go through a scaler (``scaler.scale(loss)
.backward()``, ``scaler.unscale_(optimizer)``, ``scaler.step(optimizer)``, ``scaler.update()``),
enabled only when they train in float16. A disabled scaler passes everything through. An enabled one
multiplies the loss by ``scale`` (a float32 0-d tensor, 65536 at first) so that small float16
gradients do not flush to zero, divides the gradients by it again before the step, skips the step
when a gradient is inf or NaN (the scale was too large) and adapts the scale: times
``backoff_factor`` after such a skip, times ``growth_factor`` after ``growth_interval`` steps in a
row without one. There is no GPU here: a scaler for ``'cuda'`` asked to be enabled warns and
disables itself, as torch's does without CUDA; one for ``'cpu'`` scales.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np

from .autograd import grad_mode
from .tensor import Tensor

__all__ = ["GradScaler"]

_READY, _UNSCALED, _STEPPED = "ready", "unscaled", "stepped"
_FIX = "This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration."


class GradScaler:
    """Scales losses and unscales gradients (see the module's docstring); ``enabled=False`` makes
    every method pass through (``scale`` returns its argument, ``step`` calls ``optimizer.step()``)."""

    def __init__(self, device: str = "cuda", init_scale: float = 2.0**16, growth_factor: float = 2.0,
                 backoff_factor: float = 0.5, growth_interval: int = 2000,
                 enabled: bool = True) -> None:
        self._device = device
        self._enabled = enabled
        if device == "cuda" and enabled:
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", UserWarning, stacklevel=2)
            self._enabled = False
        if self._enabled:
            assert growth_factor > 1.0, "The growth factor must be > 1.0."
            assert backoff_factor < 1.0, "The backoff factor must be < 1.0."
        self._init_scale = init_scale
        self._growth_factor, self._backoff_factor = growth_factor, backoff_factor
        self._growth_interval = growth_interval
        self._scale: Tensor | None = None  # made by the first scale(), as torch does
        self._growth_tracker = 0
        self._states: dict[int, dict[str, Any]] = {}

    def is_enabled(self) -> bool:
        """Whether this scaler scales (False when disabled, or asked for CUDA here)."""
        return self._enabled

    def _state(self, optimizer: Any) -> dict[str, Any]:
        """This optimizer's stage since the last ``update()`` and whether its gradients had an inf."""
        return self._states.setdefault(id(optimizer), {"stage": _READY, "found_inf": None})

    def _check_started(self, function: str) -> None:
        assert self._scale is not None, f"Attempted {function} but _scale is None.  " + _FIX

    def scale(self, outputs: Any) -> Any:
        """``outputs`` (a tensor, or tensors nested in lists and tuples) times the scale."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            if self._scale is None:
                self._scale = Tensor._make(np.array(self._init_scale, dtype=np.float32))
            return outputs * self._scale
        if isinstance(outputs, Iterable):
            scaled = map(self.scale, outputs)
            return type(outputs)(scaled) if isinstance(outputs, (list, tuple)) else scaled
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def unscale_(self, optimizer: Any) -> None:
        """Divide the gradients of ``optimizer``'s parameters by the scale, in place (once between
        two ``update()`` calls, before ``step``), and note whether one of them is inf or NaN."""
        if not self._enabled:
            return
        self._check_started("unscale_")
        state = self._state(optimizer)
        if state["stage"] == _UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the "
                               "last update().")
        if state["stage"] == _STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        # the reciprocal in double, then float32, as torch computes it
        inverse = np.float32(1.0 / np.float64(self._scale._data))
        found_inf = False
        with grad_mode.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    grad = param.grad
                    if grad is None:
                        continue
                    if grad._data.dtype == np.float16:
                        raise ValueError("Attempting to unscale FP16 gradients.")
                    found_inf = found_inf or not bool(np.isfinite(grad._data).all())
                    grad.mul_(float(inverse))
        state["found_inf"] = found_inf
        state["stage"] = _UNSCALED

    def step(self, optimizer: Any, *args: Any, **kwargs: Any) -> Any:
        """``optimizer.step()`` after ``unscale_`` (if not done yet), skipped when a gradient was
        inf or NaN; returns what ``step`` returned (None when skipped)."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._check_started("step")
        state = self._state(optimizer)
        if state["stage"] == _STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] == _READY:
            self.unscale_(optimizer)
        result = None if state["found_inf"] else optimizer.step(*args, **kwargs)
        state["stage"] = _STEPPED
        return result

    def update(self, new_scale: float | Tensor | None = None) -> None:
        """Adapt the scale (or set it to ``new_scale``) and start a new iteration."""
        if not self._enabled:
            return
        self._check_started("update")
        if new_scale is not None:
            value = new_scale if isinstance(new_scale, float) else new_scale.item()
            self._scale._data[...] = value
        else:
            found = [s["found_inf"] for s in self._states.values() if s["found_inf"] is not None]
            assert found, "No inf checks were recorded prior to update."
            if any(found):
                self._scale._data[...] *= np.float32(self._backoff_factor)
                self._growth_tracker = 0
            elif self._growth_tracker + 1 == self._growth_interval:
                grown = self._scale._data * np.float32(self._growth_factor)
                if math.isfinite(grown):
                    self._scale._data[...] = grown
                self._growth_tracker = 0
            else:
                self._growth_tracker += 1
        self._states = {}

    def get_scale(self) -> float:
        """The current scale (1.0 when disabled)."""
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else float(self._scale._data)

    def get_growth_factor(self) -> float:
        return self._growth_factor

    def set_growth_factor(self, new_factor: float) -> None:
        self._growth_factor = new_factor

    def get_backoff_factor(self) -> float:
        return self._backoff_factor

    def set_backoff_factor(self, new_factor: float) -> None:
        self._backoff_factor = new_factor

    def get_growth_interval(self) -> int:
        return self._growth_interval

    def set_growth_interval(self, new_interval: int) -> None:
        self._growth_interval = new_interval

    def state_dict(self) -> dict[str, Any]:
        """The scale and its rules (empty when disabled)."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._growth_tracker}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take the scale and its rules from ``state_dict`` (ignored when disabled)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale._data[...] = state_dict["scale"]
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._growth_tracker = state_dict["_growth_tracker"]


class CudaGradScaler(GradScaler):
    """``torch.cuda.amp.GradScaler``: ``GradScaler('cuda', ...)`` with torch's deprecation warning
    (there is no CUDA here, so an enabled one warns again and disables itself)."""

    def __init__(self, init_scale: float = 2.0**16, growth_factor: float = 2.0,
                 backoff_factor: float = 0.5, growth_interval: int = 2000,
                 enabled: bool = True) -> None:
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", init_scale, growth_factor, backoff_factor, growth_interval,
                         enabled)


CudaGradScaler.__name__ = CudaGradScaler.__qualname__ = "GradScaler"
