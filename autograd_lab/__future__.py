"""``torch.__future__``: switches for behaviour torch will make the default.

``set_swap_module_params_on_conversion(True)``: ``nn.Module``'s conversions (``to``, ``float()``,
``half()``, ``double()``, ``type()``) and ``load_state_dict`` replace each parameter's contents
with ``torch.utils.swap_tensors`` (the parameter object keeps its identity, everything else about
it, class and attributes included, becomes the converted tensor's), instead of setting
``param.data``. ``load_state_dict`` then calls ``param.module_load(value, assign=...)`` to make
the new contents, which a tensor subclass may override through ``__torch_function__``.

``set_overwrite_module_params_on_conversion(True)``: conversions make new Parameter objects
instead of changing the existing ones (an optimizer holding the old ones no longer sees the
module's).
"""

from __future__ import annotations

__all__ = ["set_swap_module_params_on_conversion", "get_swap_module_params_on_conversion",
           "set_overwrite_module_params_on_conversion", "get_overwrite_module_params_on_conversion"]

_overwrite_module_params_on_conversion = False
_swap_module_params_on_conversion = False


def set_overwrite_module_params_on_conversion(value: bool) -> None:
    """Whether ``nn.Module`` conversions give the module new Parameter objects (see the module doc)."""
    global _overwrite_module_params_on_conversion
    _overwrite_module_params_on_conversion = value


def get_overwrite_module_params_on_conversion() -> bool:
    """The flag ``set_overwrite_module_params_on_conversion`` sets (False by default)."""
    return _overwrite_module_params_on_conversion


def set_swap_module_params_on_conversion(value: bool) -> None:
    """Whether ``nn.Module`` conversions and ``load_state_dict`` swap parameters' contents with
    ``torch.utils.swap_tensors`` (see the module doc)."""
    global _swap_module_params_on_conversion
    _swap_module_params_on_conversion = value


def get_swap_module_params_on_conversion() -> bool:
    """The flag ``set_swap_module_params_on_conversion`` sets (False by default)."""
    return _swap_module_params_on_conversion
