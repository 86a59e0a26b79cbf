"""``nn.Module``: the base class of layers and models, with torch's bookkeeping.

Assigning a ``Parameter`` or a ``Module`` to an attribute registers it (``__setattr__``), so
``parameters()``, ``state_dict()``, ``zero_grad()`` and the printed tree find it without any list kept
by hand. Calling a module runs its ``forward`` (and the forward hooks, if any).
"""

from __future__ import annotations

import functools
import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from .. import __future__ as _future
from .._dtypes import dtype as _dtype
from .._stack import outside_the_library
from ..autograd import grad_mode
from ..autograd.meta import is_meta, meta_array
from ..autograd.node import RemovableHandle, add_hook
from ..autograd.subclass_hook import NoData
from ..device import CPU, META, device, placement
from ..tensor import Tensor
from ..utils.swap import swap_tensors
from .hooks import BackwardHooks, register_non_full_hooks
from .parameter import Parameter, _Uninitialized, zero_grads

__all__ = ["Module"]


def typename(value: Any) -> str:
    """What torch calls a value's type in error messages (``torch.FloatTensor``, ``int``)."""
    if isinstance(value, Tensor):
        return value.type()
    kind = type(value)
    if kind.__module__ in ("builtins", None):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _add_indent(text: str, spaces: int) -> str:
    """Indent every line but the first (how a child's repr nests inside its parent's)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + line for line in lines)


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the keys it could not match."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})"

    __str__ = __repr__


def _made_on_device(init: Callable[..., None]) -> Callable[..., None]:
    """A layer's ``__init__`` that honours its ``device=`` keyword as torch's layers do: the
    tensors it makes go to that device (the CPU or the meta device; another is refused)."""

    @functools.wraps(init)
    def init_on_device(self: Module, *args: Any, **kwargs: Any) -> None:
        place = kwargs.get("device")
        if place is None:
            init(self, *args, **kwargs)
            return
        with device(placement(place)):
            init(self, *args, **kwargs)

    return init_on_device


def _replace_data(tensor: Tensor, change: Callable[[Any], Any]) -> None:
    """``tensor``'s array (and its gradient's) replaced by ``change(array)``, in place, as
    ``Module.to`` converts parameters."""
    tensor._data = change(tensor._data)
    if tensor._grad is not None:
        tensor._grad = Tensor._make(change(tensor._grad._data))


def _set_data_applies(tensor: Tensor, applied: Tensor) -> bool:
    """torch's ``compute_should_use_set_data``: ``tensor.data = applied`` can take ``applied``
    (both hold arrays, or both hold no data of their own) and the overwrite flag is off."""
    compatible = (tensor._data.__class__ is NoData) == (applied._data.__class__ is NoData)
    return compatible and not _future.get_overwrite_module_params_on_conversion()


def _is_traceable_wrapper_subclass(tensor: Tensor) -> bool:
    """torch's test for a subclass it must swap rather than set ``.data`` of: it flattens into
    inner tensors (``__tensor_flatten__`` / ``__tensor_unflatten__``)."""
    kind = type(tensor)
    return kind is not Tensor and hasattr(kind, "__tensor_flatten__") and \
        hasattr(kind, "__tensor_unflatten__")


class Module:
    """Base class for every layer and model: subclass it, create the layers in ``__init__`` (after
    ``super().__init__()``), and write ``forward``."""

    training: bool

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and "device" in init.__code__.co_varnames[:init.__code__.co_argcount
                                                                       + init.__code__.co_kwonlyargcount]:
            cls.__init__ = _made_on_device(init)

    def __init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "training", True)
        set_(self, "_parameters", {})
        set_(self, "_buffers", {})
        set_(self, "_non_persistent_buffers_set", set())
        set_(self, "_modules", {})
        # (OrderedDicts, as torch's: they print as torch's do, e.g. a pruned module's hooks)
        set_(self, "_forward_hooks", OrderedDict())
        set_(self, "_forward_pre_hooks", OrderedDict())
        set_(self, "_backward_hooks", OrderedDict())
        set_(self, "_backward_pre_hooks", OrderedDict())
        # which kind the hooks in _backward_hooks are (None until one is registered): full
        # (register_full_backward_hook) or the deprecated kind (register_backward_hook)
        set_(self, "_is_full_backward_hook", None)
        set_(self, "_hooks_with_kwargs", set())  # keys of forward (pre-)hooks given the kwargs
        set_(self, "_hooks_always_called", set())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """What the module computes; every subclass defines it."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks
                or self._backward_pre_hooks):
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _call_with_hooks(self, args: tuple, kwargs: dict) -> Any:
        """``forward`` with the hooks around it, in torch's order: forward pre-hooks, the inputs
        wrapped for the backward hooks, forward, forward hooks, the outputs wrapped."""
        with_kwargs = self._hooks_with_kwargs
        for key, hook in list(self._forward_pre_hooks.items()):
            if key in with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of "
                                           f"(new_args, new_kwargs), but got {result}.")
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        full = bool(self._backward_hooks) and self._is_full_backward_hook is True
        backward = None
        if full or self._backward_pre_hooks:
            backward = BackwardHooks(self)
            if full:
                args = backward.setup_inputs(args)
        try:
            output = self.forward(*args, **kwargs)
        except Exception:
            for key, hook in list(self._forward_hooks.items()):
                if key in self._hooks_always_called:
                    hook(self, args, kwargs, None) if key in with_kwargs else hook(self, args, None)
            raise
        for key, hook in list(self._forward_hooks.items()):
            result = hook(self, args, kwargs, output) if key in with_kwargs else \
                hook(self, args, output)
            if result is not None:
                output = result
        if backward is not None:
            output = backward.setup_outputs(output)
        if self._backward_hooks and self._is_full_backward_hook is False:
            register_non_full_hooks(self, args, output)
        return output

    def _add_hook(self, table: dict, hook: Callable, prepend: bool, with_kwargs: bool = False,
                  always_call: bool = False) -> RemovableHandle:
        handle = add_hook(table, hook)
        if prepend:
            table[handle._key] = table.pop(handle._key)  # (moved to the end, then the rest after it)
            for key in [k for k in table if k != handle._key]:
                table[key] = table.pop(key)
        if with_kwargs:
            self._hooks_with_kwargs.add(handle._key)
        if always_call:
            self._hooks_always_called.add(handle._key)
        return handle

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """``hook(module, args)`` runs before ``forward``; it may return replacement args (with
        ``with_kwargs``: ``hook(module, args, kwargs)``, returning ``(args, kwargs)``)."""
        return self._add_hook(self._forward_pre_hooks, hook, prepend, with_kwargs)

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False,
                              with_kwargs: bool = False, always_call: bool = False) -> RemovableHandle:
        """``hook(module, args, output)`` runs after ``forward``; it may return a replacement output
        (with ``with_kwargs``: ``hook(module, args, kwargs, output)``; ``always_call``: also when
        forward raised, with output None)."""
        return self._add_hook(self._forward_hooks, hook, prepend, with_kwargs, always_call)

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """``hook(module, grad_input, grad_output)`` runs when the gradients with respect to the
        module's tensor inputs are computed; it may return replacement ``grad_input``."""
        self._backward_hook_kind(full=True)
        return self._add_hook(self._backward_hooks, hook, prepend)

    def register_backward_hook(self, hook: Callable) -> RemovableHandle:
        """Deprecated (torch's first module backward hook, kept for old code): at each call,
        ``hook(module, grad_input, grad_output)`` is registered on the ``grad_fn`` of the output's
        first tensor, so ``grad_input`` holds the gradients with respect to that one node's inputs
        (a ``Linear``'s addmm: bias, input, weight transposed), not the module's; it may return
        replacement ``grad_input``. torch warns (FutureWarning) where that differs from the
        module's inputs and outputs."""
        self._backward_hook_kind(full=False)
        return self._add_hook(self._backward_hooks, hook, False)

    def _backward_hook_kind(self, full: bool) -> None:
        """A module's backward hooks are all full or all of the deprecated kind, as in torch."""
        if self._is_full_backward_hook is (not full):
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a "
                               "single Module. Please use only one of them.")
        self._is_full_backward_hook = full

    def register_full_backward_pre_hook(self, hook: Callable,
                                        prepend: bool = False) -> RemovableHandle:
        """``hook(module, grad_output)`` runs when the gradients with respect to the module's
        outputs are computed; it may return replacement ``grad_output``."""
        return self._add_hook(self._backward_pre_hooks, hook, prepend)

    # -- registration ----------------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep_parameter=True)  # (a parameter replaced keeps its place)
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
            return
        modules = self.__dict__.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name)
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = value
            return
        buffers = self.__dict__.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                "(torch.Tensor or None expected)")
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def _forget(self, name: str, keep_parameter: bool = False) -> None:
        """Drop ``name`` from every place an attribute can live (before it is registered anew;
        with ``keep_parameter``, a parameter of that name stays where it is in the order of the
        parameters, as torch's does when another Parameter is assigned to it)."""
        self.__dict__.pop(name, None)
        for table in (self._buffers, self._modules) if keep_parameter else \
                (self._parameters, self._buffers, self._modules):
            table.pop(name, None)
        self._non_persistent_buffers_set.discard(name)

    def __getattr__(self, name: str) -> Any:
        # only called when normal lookup fails: registered parameters, buffers and children
        state = self.__dict__
        for table in ("_parameters", "_buffers", "_modules"):
            found = state.get(table)
            if found is not None and name in found:
                return found[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in (self._parameters, self._buffers, self._modules):
            if name in table:
                del table[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        names.update(self._parameters, self._buffers, self._modules)
        return sorted(name for name in names if not name[0].isdigit())

    def _check_name(self, kind: str, name: Any, table: dict) -> None:
        """torch's checks on a name given to register_parameter / register_buffer."""
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {typename(name)}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain "."')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in table:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or ``None``, a declared but absent one, like ``Linear(bias=False)``)."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name("parameter", name, self._parameters)
        if param is None:
            self._parameters[name] = None
            return
        if not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                f"created explicitly. To express '{name}' as a function of another Tensor, compute "
                "the value in the forward() method.")
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a tensor that is state but not a parameter (saved in ``state_dict`` if persistent)."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name("buffer", name, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name`` (what ``self.name = module`` does)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    # -- walking the tree ------------------------------------------------------------------------

    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """This module and every descendant, depth first, with dotted names (``""`` for self)."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            child_prefix = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, child_prefix, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct children, with their names."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, table: str, prefix: str, recurse: bool,
                       remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if (
            recurse) else [(prefix, self)]
        seen = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or (remove_duplicate and value in seen):
                    continue
                if remove_duplicate:
                    seen.add(value)
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """Every parameter with its dotted name (``"0.weight"``), each shared one once."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter of this module and its descendants (what an optimizer is given)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every descendant, then on this module (e.g. a custom initialization)."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- modes and gradients ---------------------------------------------------------------------

    def train(self, mode: bool = True) -> Module:
        """Set training mode (dropout active) on this module and its descendants."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (``train(False)``): dropout passes its input through."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's ``.grad``: to ``None`` (torch's default) or to zeros."""
        zero_grads(self.parameters(), set_to_none)

    # -- dtype conversion ------------------------------------------------------------------------

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Convert floating-point parameters and buffers to a dtype, in place, and move them to
        the meta device (``to("meta")``: their values go). Values cannot come back from the meta
        device (torch's error: use ``to_empty``); any device other than the CPU and the meta device
        is the same error as for a tensor."""
        target, place = kwargs.get("dtype"), kwargs.get("device")
        for arg in args:
            if isinstance(arg, _dtype):
                target = arg
            elif isinstance(arg, (str, device)) or (isinstance(arg, int) and not isinstance(arg, bool)):
                place = arg  # (an int is a device index: torch's error below, with no GPU)
        place = None if place is None else placement(place)
        tensors = self._tensors()
        if place == CPU and any(is_meta(value) for value in tensors):
            raise NotImplementedError(
                "Cannot copy out of meta tensor; no data! Please use torch.nn.Module.to_empty() "
                "instead of torch.nn.Module.to() when moving module from meta to a different "
                "device.")
        if place == META:
            for value in tensors:
                kind = target.numpy if target is not None and value.is_floating_point() else None
                _replace_data(value, lambda a, kind=kind: meta_array(a.shape, kind or a.dtype))
            return self
        if target is None:
            return self
        return self._convert(target, only_floating=True)

    def type(self, dst_type: Any) -> Module:
        """Every parameter and buffer (integer ones too, as torch) cast to ``dst_type`` (a dtype
        or a tensor type name such as ``'torch.DoubleTensor'``), in place."""
        dtype = Tensor._make(np.zeros(0, dtype=np.float32)).type(dst_type).dtype
        if dtype.numpy.kind not in "fcV" and any(p.requires_grad for p in self.parameters()):
            raise RuntimeError("data set to a tensor that requires gradients must be floating "
                               "point or complex dtype")
        return self._convert(dtype, only_floating=False)

    def _convert(self, target: _dtype, only_floating: bool) -> Module:
        """Parameters and buffers (floating point ones only, or all) and their grads as ``target``."""
        return self._apply(lambda t: t.to(target) if t.is_floating_point() or not only_floating
                           else t)

    def _apply(self, fn: Callable[[Tensor], Tensor], recurse: bool = True) -> Module:
        """torch's conversion step (``to``, ``float()``, ``half()``, ``type()`` use it): ``fn`` on
        each parameter (outside the graph), its grad and each buffer, of the submodules too with
        ``recurse``. A buffer becomes ``fn(buffer)``. A parameter keeps its identity (an optimizer
        holding it sees the change):

        - with ``torch.__future__.set_swap_module_params_on_conversion(True)``, or when the result
          is a traceable wrapper subclass (one with ``__tensor_flatten__``), its contents are
          swapped with ``Parameter(fn(param))`` (``torch.utils.swap_tensors``: the class and
          attributes of the result come along), and its grad's with ``fn(grad)``;
        - else ``param.data = fn(param)`` (only the array changes: a subclass's own attributes
          stay as they were), and so for its grad; with
          ``set_overwrite_module_params_on_conversion(True)``, or when ``fn`` gives a tensor of
          another kind (one without data of its own for one with, or the reverse), the module
          gets a new Parameter instead."""
        if recurse:
            for module in self.children():
                module._apply(fn)
        swapping = _future.get_swap_module_params_on_conversion()
        for key, param in self._parameters.items():
            if param is None:
                continue
            with grad_mode.no_grad():
                param_applied = fn(param)
            set_data = _set_data_applies(param, param_applied)
            swap = swapping or _is_traceable_wrapper_subclass(param_applied)
            param_grad = param.grad
            if swap:
                try:
                    if param_grad is not None:
                        param.grad = None
                    param_applied = Parameter(param_applied, requires_grad=param.requires_grad)
                    swap_tensors(param, param_applied)
                except Exception as error:
                    if param_grad is not None:
                        param.grad = param_grad
                    raise RuntimeError(f"_apply(): Couldn't swap {self._get_name()}.{key}") \
                        from error
                out_param = param
            elif set_data:
                param.data = param_applied
                out_param = param
            else:
                out_param = Parameter(param_applied, param.requires_grad)
                self._parameters[key] = out_param
            if param_grad is not None:
                with grad_mode.no_grad():
                    grad_applied = fn(param_grad)
                if swap:
                    grad_applied.requires_grad_(param_grad.requires_grad)
                    try:
                        swap_tensors(param_grad, grad_applied)
                    except Exception as error:
                        raise RuntimeError(
                            f"_apply(): Couldn't swap {self._get_name()}.{key}.grad") from error
                    out_param.grad = param_grad
                elif _set_data_applies(param_grad, grad_applied):
                    out_param.grad.data = grad_applied
                else:
                    out_param.grad = grad_applied.requires_grad_(param_grad.requires_grad)
        for key, buffer in self._buffers.items():
            if buffer is not None:
                self._buffers[key] = fn(buffer)
        return self

    def to_empty(self, *, device: Any, recurse: bool = True) -> Module:
        """Move parameters and buffers to ``device`` (the CPU or the meta device) without their
        values: a module built on the meta device gets real tensors to fill (here zeros)."""
        place = placement(device)
        for value in self._tensors(recurse):
            _replace_data(value, lambda a: meta_array(a.shape, a.dtype) if place == META
                          else np.zeros(a.shape, a.dtype))
        return self

    def _tensors(self, recurse: bool = True) -> list[Tensor]:
        """Every parameter and buffer (of the submodules too with ``recurse``), once each."""
        found: dict[int, Tensor] = {}
        for module in self.modules() if recurse else (self,):
            for table in (module._parameters, module._buffers):
                for value in table.values():
                    if value is not None:
                        found.setdefault(id(value), value)
        return list(found.values())

    def float(self) -> Module:
        from .._dtypes import float32

        return self.to(float32)

    def double(self) -> Module:
        from .._dtypes import float64

        return self.to(float64)

    def half(self) -> Module:
        from .._dtypes import float16

        return self.to(float16)

    def bfloat16(self) -> Module:
        """Floating-point parameters and buffers converted to bfloat16 (a storage dtype here: see
        the README's "bfloat16")."""
        from .._dtypes import bfloat16

        return self.to(bfloat16)

    def cpu(self) -> Module:
        """This module (everything is on the CPU), or torch's error for one on the meta device."""
        return self.to("cpu")

    def cuda(self, device: Any = None) -> Module:
        """There is no GPU here: torch's error, as for a tensor (a module without tensors passes)."""
        for tensor in [*self.parameters(), *self.buffers()]:
            tensor.cuda(device)
        return self

    def share_memory(self) -> Module:
        """A no-op here (one process): returns the module, as torch does."""
        return self

    # -- looking up by dotted name ---------------------------------------------------------------

    def get_submodule(self, target: str) -> Module:
        """The descendant at the dotted path ``target`` (``"body.0"``; ``""`` is this module)."""
        module = self
        for item in target.split(".") if target else []:
            if not hasattr(module, item):
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at the dotted path ``target`` (``"body.0.weight"``)."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path ``target``."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    # -- state_dict ------------------------------------------------------------------------------

    def state_dict(self, destination: OrderedDict | None = None, prefix: str = "",
                   keep_vars: bool = False) -> OrderedDict:
        """Every parameter and persistent buffer by dotted name, detached (``keep_vars`` keeps them;
        an uninitialized parameter or buffer of a lazy module, which has nothing to detach, is
        itself)."""
        if destination is None:
            destination = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                keep = keep_vars or isinstance(param, _Uninitialized)
                destination[prefix + name] = param if keep else param.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers_set:
                keep = keep_vars or isinstance(buffer, _Uninitialized)
                destination[prefix + name] = buffer if keep else buffer.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        return destination

    def _local_state(self) -> dict[str, Tensor]:
        state = {name: p for name, p in self._parameters.items() if p is not None}
        state.update((name, b) for name, b in self._buffers.items()
                     if b is not None and name not in self._non_persistent_buffers_set)
        return state

    def _load_local(self, state_dict: Mapping, prefix: str, missing: list, unexpected: list,
                    errors: list, assign: bool = False) -> None:
        """Copy this module's own entries from ``state_dict`` (torch's ``_load_from_state_dict``);
        with ``assign``, take the state dict's tensors themselves (a parameter stays a Parameter,
        keeping its ``requires_grad``)."""
        local = self._local_state()
        for name, target in local.items():
            key = prefix + name
            if key not in state_dict:
                missing.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                errors.append(f'While copying the parameter named "{key}", expected torch.Tensor or '
                              f"Tensor-like object from checkpoint but received {type(value)}")
                continue
            if isinstance(target, _Uninitialized):
                continue  # still without a shape (the value was uninitialized too): nothing to copy
            if target.ndim == 0 and value.ndim == 1:
                value = value[0]  # torch's backward-compatibility rule for old 0-d checkpoints
            if value.shape != target.shape:
                errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} "
                              f"from checkpoint, the shape in current model is {target.shape}.")
                continue
            to_meta = not assign and is_meta(target) and not is_meta(value)
            if to_meta:
                warnings.warn(
                    f"for {key}: copying from a non-meta parameter in the checkpoint to a meta "
                    "parameter in the current model, which is a no-op. (Did you mean to pass "
                    "`assign=True` to assign items in the state dictionary to their corresponding "
                    "key in the module instead of copying them in place?)", UserWarning,
                    stacklevel=outside_the_library())
            if _future.get_swap_module_params_on_conversion():
                try:
                    with grad_mode.no_grad():
                        self._swap_loaded(target, value, assign)
                except Exception as error:
                    errors.append(f'While swapping the parameter named "{key}", whose dimensions '
                                  f"in the model are {target.size()} and whose dimensions in the "
                                  f"checkpoint are {value.size()}, an exception occurred : "
                                  f"{error.args}.")
            elif assign:
                self._assign_loaded(name, target, value)
            elif not to_meta:
                with grad_mode.no_grad():
                    target.copy_(value)
        for key in state_dict:
            if key.startswith(prefix):
                head = key[len(prefix):].split(".", 1)[0]
                if head not in self._modules and head not in local:
                    unexpected.append(key)

    @staticmethod
    def _swap_loaded(target: Tensor, value: Tensor, assign: bool) -> None:
        """``load_state_dict``'s step with ``torch.__future__.set_swap_module_params_on_conversion
        (True)``: ``target``'s contents swapped with ``target.module_load(value, assign=...)``
        (a Parameter of it, for a parameter), so that ``target`` keeps its identity and a subclass
        decides what it loads (``Tensor.module_load``, which it can override through
        ``__torch_function__``)."""
        loaded = target.module_load(value, assign=assign)
        if loaded is value or loaded is target:
            raise RuntimeError("module_load returned one of self or other, please .detach() the "
                               "result if returning one of the inputs in module_load")
        if isinstance(target, Parameter):
            if not isinstance(loaded, Parameter):
                loaded = Parameter(loaded, requires_grad=target.requires_grad)
            else:
                loaded.requires_grad_(target.requires_grad)
        swap_tensors(target, loaded)

    def _assign_loaded(self, name: str, target: Tensor, value: Tensor) -> None:
        """``load_state_dict(assign=True)``'s step: ``value`` itself becomes entry ``name`` (a
        parameter's value wrapped as a Parameter sharing its memory)."""
        if isinstance(target, Parameter):
            if isinstance(value, Parameter):
                value.requires_grad_(target.requires_grad)
            else:
                value = Parameter(value, requires_grad=target.requires_grad)
            self._parameters[name] = value
        else:
            self._buffers[name] = value

    def load_state_dict(self, state_dict: Mapping, strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict`` into this module's tensors (in place),
        or, with ``assign``, make the state dict's tensors this module's (a module built on the
        meta device gets its values so). With ``strict``, missing or unexpected keys are errors,
        reported as torch words them."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing: list[str] = []
        unexpected: list[str] = []
        errors: list[str] = []

        def load(module: Module, local_state: Mapping, prefix: str) -> None:
            module._load_local(local_state, prefix, missing, unexpected, errors, assign)
            for name, child in module._modules.items():
                if child is not None:
                    child_prefix = prefix + name + "."
                    load(child, {k: v for k, v in local_state.items() if k.startswith(child_prefix)},
                         child_prefix)

        load(self, state_dict, "")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        return _IncompatibleKeys(missing, unexpected)

    # -- printing --------------------------------------------------------------------------------

    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr (e.g. ``in_features=2, ...``)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _add_indent(repr(module), 2)
                       for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"
