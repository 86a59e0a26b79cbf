"""autograd_lab: PyTorch's eager autograd API on readable numpy, for teaching.

``import autograd_lab as t`` works where ``import torch as t`` worked, for the covered subset.
The core (this namespace, ``autograd``, ``nn``, ``optim``) imports numpy only; the Jupyter side
(``%load_ext autograd_lab``, ``trace``, ``draw``, ``plot_grad`` ...) loads on first use.
"""

from __future__ import annotations

from typing import Any

# isort: off
from . import autograd  # first: tensor.py and the op modules build on the autograd machinery
# isort: on
from . import (
    _C,
    __future__,
    _subclasses,
    _torch_signatures,
    amp,
    backends,
    creation,
    fast_paths,
    func,
    jit,
    linalg,
    nn,
    onnx,
    optim,
    overrides,
    profiler,
    random,
    special,
    utils,
)
from ._arguments import _parameter_names
from ._arguments import torch_function as _torch_function
from ._dtypes import (
    bfloat16,
    complex64,
    complex128,
    dtype,
    finfo,
    float16,
    float32,
    float64,
    iinfo,
    int8,
    int16,
    int32,
    int64,
    promote_types,
    uint8,
)
from ._dtypes import bool_ as bool  # noqa: A001 - torch's name
from ._dtypes import can_cast_dtypes as can_cast
from ._dtypes import result_type_of as result_type
from ._out import FACTORIES as _FACTORIES
from ._out import INPLACE_FUNCTIONS as _INPLACE_FUNCTIONS
from ._out import factory_with_out as _factory_with_out
from ._out import inplace_function as _inplace_function
from ._out import with_out as _with_out
from ._printing import get_printoptions, set_printoptions
from ._threads import get_num_threads, set_num_threads
from .autograd import (
    enable_grad,
    inference_mode,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from .autograd.grad_mode import is_inference_mode_enabled
from .compiler import compile  # noqa: A004, E402 - torch's name; after the ops it compiles
from .creation import *  # noqa: F403
from .creation import __all__ as _creation_all
from .device import (
    accelerator,
    cuda,
    device,
    get_default_device,
    layout,
    set_default_device,
    strided,
    xpu,
)
from .func import vmap  # torch.vmap is torch.func.vmap
from .nn.functional import addmm  # torch.addmm: what nn.functional.linear records
from .ops import numpy_dispatch as _numpy_dispatch  # noqa: F401 - Tensor.__array_ufunc__ uses it
from .ops import views as _views  # noqa: F401 - in-place changes of views use it
from .ops.activations import *  # noqa: F403
from .ops.activations import __all__ as _activations_all
from .ops.arithmetic import *  # noqa: F403
from .ops.arithmetic import __all__ as _arithmetic_all
from .ops.elementwise import *  # noqa: F403
from .ops.elementwise import __all__ as _elementwise_all
from .ops.indexing import *  # noqa: F403
from .ops.indexing import __all__ as _indexing_all
from .ops.linalg import *  # noqa: F403
from .ops.linalg import RESULT_TYPES as _linalg_result_types
from .ops.linalg import __all__ as _linalg_all
from .ops.reductions import *  # noqa: F403
from .ops.reductions import __all__ as _reductions_all
from .ops.reductions import return_types_aminmax as _aminmax_type
from .ops.reductions import return_types_cummax as _cummax_type
from .ops.reductions import return_types_cummin as _cummin_type
from .ops.reductions import return_types_kthvalue as _kthvalue_type
from .ops.reductions import return_types_max as _max_type
from .ops.reductions import return_types_min as _min_type
from .ops.shape import *  # noqa: F403
from .ops.shape import __all__ as _shape_all
from .random import Generator, default_generator, initial_seed, manual_seed, seed
from .serialization import load, save
from .tensor import LEGACY_TENSOR_TYPES as _LEGACY
from .tensor import Size, Tensor

# torch's functions that take out=: the same functions, wrapped (Tensor methods call them unwrapped)
for _name in ("add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "pow",
              "neg", "matmul", "mm", "bmm", "mv", "dot", "exp", "log", "sqrt", "sin", "cos", "tanh",
              "sigmoid", "abs", "clamp", "maximum", "minimum", "cat", "stack", "erfinv", "lgamma",
              "digamma", "polygamma", "scatter_reduce", "atan2", "arctan2", "remainder", "fmod",
              "floor_divide", "eq", "ne", "lt", "le", "gt", "ge", "bitwise_and", "bitwise_or",
              "bitwise_xor", "hypot", "logical_and", "logical_or", "logical_xor", "fmax", "fmin"):
    globals()[_name] = _with_out(globals()[_name])
# and the creation functions that take out= (torch.rand(2, 2, out=c))
for _name in _FACTORIES:
    globals()[_name] = _factory_with_out(globals()[_name])
# torch's in-place functions: torch.sin_(x) is x.sin_()
for _name in _INPLACE_FUNCTIONS:
    if hasattr(Tensor, _name):
        globals()[_name] = _inplace_function(_name)
# and every torch-level function whose signatures torch's parser checks: arguments of the wrong type
# give torch's TypeError (the creation functions and torch's aliases carry it already)
for _name in sorted((set(_torch_signatures.FUNCTIONS) - _torch_signatures.PYTHON_LEVEL)
                    & set(globals())):
    if callable(globals()[_name]) and not hasattr(globals()[_name], "torch_name") \
            and not isinstance(globals()[_name], type):
        globals()[_name] = _torch_function(globals()[_name], _name)
# and every other function taking dim= or keepdim=: torch's parser reads numpy's axis= and keepdims=
for _name, _value in list(globals().items()):
    if not _name.startswith("_") and callable(_value) and not isinstance(_value, type) \
            and not hasattr(_value, "torch_name") and {"dim", "keepdim"} & _parameter_names(_value):
        globals()[_name] = _torch_function(_value, _name)

# torch.cuda.amp.GradScaler, the deprecated spelling training scripts still use (device.py's cuda
# namespace cannot import amp: it is made before the tensor class)
cuda.amp = __import__("types").SimpleNamespace(GradScaler=amp.CudaGradScaler)
_matrix_trace = trace  # noqa: F405 - from ops.reductions


def trace(*args: Any, **kwargs: Any) -> Any:
    """Two functions share the name. ``trace(A)`` (or ``trace(input=A)``) is torch's: the sum of a
    matrix's diagonal. ``with trace() as tr:`` (options only, as ``%%trace``'s: ``values``,
    ``grads``, ``saved``, ``max_nodes``, ``format``) is the lab's: it records the graph built inside
    and displays it (:func:`autograd_lab.jupyter.trace.trace`, loaded on first use)."""
    if args or "input" in kwargs:
        return _matrix_trace(*args, **kwargs)
    from .jupyter.trace import trace as record_graph

    return record_graph(**kwargs)


float = float32  # noqa: A001
return_types = __import__("types").SimpleNamespace(
    max=_max_type, min=_min_type, aminmax=_aminmax_type, kthvalue=_kthvalue_type, cummax=_cummax_type,
    cummin=_cummin_type, **{kind.__name__: kind for kind in _linalg_result_types})
double = float64
cfloat = complex64
cdouble = complex128
half = float16
long = int64
int = int32  # noqa: A001
short = int16
# torch's legacy typed constructors (torch.LongTensor([1, 2])), also for isinstance checks
BoolTensor, HalfTensor, FloatTensor, DoubleTensor = (_LEGACY[f"{name}Tensor"]
                                                     for name in ("Bool", "Half", "Float", "Double"))
CharTensor, ShortTensor, IntTensor, LongTensor, ByteTensor, BFloat16Tensor = (
    _LEGACY[f"{name}Tensor"] for name in ("Char", "Short", "Int", "Long", "Byte", "BFloat16"))

__version__ = "0.1.0"

# The lab side is imported on first use, so `import autograd_lab` never loads IPython or matplotlib.
_LAZY = {
    "draw": ("autograd_lab.jupyter.trace", "draw"),
    "plot_grad": ("autograd_lab.jupyter.widgets", "plot_grad"),
    "descend": ("autograd_lab.jupyter.widgets", "descend"),
    "compare_grads": ("autograd_lab.jupyter.widgets", "compare_grads"),
    "widgets": ("autograd_lab.jupyter.widgets", None),
    "check": ("autograd_lab.check", None),
    "functional": ("autograd_lab.functional", None),
    "distributions": ("autograd_lab.distributions", None),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name)
        return module if attribute is None else getattr(module, attribute)
    raise AttributeError(f"module 'autograd_lab' has no attribute '{name}'")


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext autograd_lab``: register the ``%%trace`` magics."""
    from .jupyter import load_ipython_extension as register

    register(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext autograd_lab``: remove the magics again."""
    from .jupyter import unload_ipython_extension as unload

    unload(ipython)


def is_floating_point(input: Tensor) -> bool:
    return input.is_floating_point()


def is_complex(input: Tensor) -> bool:
    """Whether ``input``'s dtype is complex (complex64 or complex128)."""
    return input.is_complex()


def is_nonzero(input: Tensor) -> bool:
    """Whether the one element of ``input`` is not zero (torch's errors for none or several)."""
    return input.is_nonzero()



def get_default_dtype() -> dtype:
    """The dtype of new float tensors: always float32 here."""
    return float32


def set_default_dtype(d: dtype) -> None:
    """torch's ``set_default_dtype``: float32, the default, is accepted; another float dtype is not
    supported (autograd_lab's default float dtype is fixed: ask for float64 with ``dtype=``)."""
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the "
                        "default type")
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    if d is not float32:
        raise NotImplementedError(
            f"set_default_dtype({d}): autograd_lab's default float dtype is always torch.float32; "
            f"make {d} tensors with dtype={d} (e.g. torch.ones(3, dtype={d}))")


def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """``torch.dropout``: ``nn.functional.dropout(input, p, training=train)``."""
    return nn.functional.dropout(input, p, train)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-08) -> Tensor:
    """``torch.cosine_similarity``: ``nn.functional.cosine_similarity``."""
    return nn.functional.cosine_similarity(x1, x2, dim, eps)


__all__ = sorted(
    set(_creation_all) | set(_activations_all) | set(_arithmetic_all) | set(_elementwise_all)
    | set(_indexing_all) | set(_linalg_all) | set(_reductions_all) | set(_shape_all)
    | {"Tensor", "Size", "dtype", "float32", "float64", "float16", "int64", "int32", "int16", "int8",
       "uint8", "bool", "float", "double", "bfloat16", "complex64", "complex128", "cfloat", "cdouble", "half",
       "long", "int", "short", "device", "Generator",
       "default_generator", "set_default_device", "get_default_device", "cuda", "xpu", "accelerator",
       "backends", "amp", "save", "load",
       "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
       "is_inference_mode_enabled",
       "manual_seed", "seed", "initial_seed", "set_printoptions", "get_printoptions", "autograd",
       "is_anomaly_enabled", "is_anomaly_check_nan_enabled",
       "nn", "optim", "random", "is_floating_point", "get_default_dtype", "set_default_dtype", "func", "vmap",
       "compile", "finfo", "iinfo", "dropout", "cosine_similarity", "is_complex", "is_nonzero", "addmm",
       "can_cast", "get_num_threads", "set_num_threads"}
)
