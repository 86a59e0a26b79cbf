"""Dtypes and PyTorch's type-promotion rules.

Covered: float32 (the default for floats), float64, float16, int64, int32, int16, int8, uint8,
bool, complex64 (the default for complex numbers) and complex128, and bfloat16 (a storage dtype
here: see ``autograd/bfloat16_mode.py``). Promotion follows
torch: a higher *category* (bool < integer < floating < complex) always wins, and within a category
tensors with dimensions outrank zero-dimensional tensors, which outrank Python numbers. So
``int_tensor * 2.5`` is float32 (the default float), and ``float32_tensor * float64_scalar_tensor``
stays float32. A complex result keeps the precision of its floating operands: ``float64 *
complex64`` is complex128, ``float32_tensor * 1j`` complex64.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "dtype", "float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool_",
    "complex64", "complex128", "bfloat16", "DEFAULT_FLOAT", "DEFAULT_COMPLEX", "complex_counterpart",
    "real_counterpart", "as_dtype", "result_type", "promote_types", "result_type_of", "scalar_dtype",
    "type_name", "cpp_type_name", "can_cast", "can_cast_dtypes", "checked_number_array", "finfo",
    "iinfo", "converted",
]


class dtype:  # noqa: N801 - the name torch users type
    """A tensor element type, printed as ``torch.float32`` like PyTorch's."""

    __slots__ = ("name", "numpy", "is_floating_point", "is_complex", "itemsize", "_category",
                 "type_name", "cpp_name")

    def __init__(self, name: str, numpy_type: type, category: int, type_name: str,
                 cpp_name: str) -> None:
        self.name = name
        # torch's short name of the type, as its messages write it: Float (torch.FloatTensor)
        self.type_name = type_name
        # and the C++ name of its element type, as other messages write it: float, long int
        self.cpp_name = cpp_name
        self.numpy = np.dtype(numpy_type)
        self.is_floating_point = category == 2
        self.is_complex = category == 3
        self.itemsize = np.dtype(numpy_type).itemsize
        self._category = category  # 0 bool, 1 integer, 2 floating, 3 complex

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name  # pickles as the module-level singleton


class _ComplexDtype(dtype):
    """A complex dtype: reading its numpy dtype (which every path making a complex array from a
    torch dtype does) tells ``complex_seen`` that complex tensors are about."""

    __slots__ = ()

    @property  # type: ignore[override]
    def numpy(self) -> np.dtype:
        if not _complex_live.on:
            complex_seen()
        return _NUMPY_SLOT.__get__(self)

    @numpy.setter
    def numpy(self, value: np.dtype) -> None:
        _NUMPY_SLOT.__set__(self, value)


_NUMPY_SLOT = dtype.__dict__["numpy"]  # (the slot itself, under the property)


class _BFloat16Dtype(dtype):
    """bfloat16: numpy has no such type; ``ml_dtypes`` (Google's, the one JAX uses) provides it, and
    is imported only when the first bfloat16 array is made. Reading its numpy dtype tells
    ``bfloat16_seen`` that bfloat16 tensors are about (then ops check whether they take them)."""

    __slots__ = ()

    def __init__(self) -> None:  # (without reading ml_dtypes: importing the kit does not need it)
        self.name, self.type_name, self.cpp_name = "bfloat16", "BFloat16", "c10::BFloat16"
        self.is_floating_point, self.is_complex, self.itemsize, self._category = True, False, 2, 2

    @property  # type: ignore[override]
    def numpy(self) -> np.dtype:
        if not _bfloat16_live.on:
            bfloat16_seen()
        return _BFLOAT16_NUMPY


class _NotYet:
    on = False


_complex_live: Any = _NotYet  # complex_mode.live once complex_seen has imported it
_bfloat16_live: Any = _NotYet  # bfloat16_mode.live once bfloat16_seen has imported it
_BFLOAT16_NUMPY: Any = None  # ml_dtypes' numpy dtype, once bfloat16_seen has imported it

float32 = dtype("float32", np.float32, 2, "Float", "float")
float64 = dtype("float64", np.float64, 2, "Double", "double")
float16 = dtype("float16", np.float16, 2, "Half", "c10::Half")
int64 = dtype("int64", np.int64, 1, "Long", "long int")
int32 = dtype("int32", np.int32, 1, "Int", "int")
int16 = dtype("int16", np.int16, 1, "Short", "short int")
int8 = dtype("int8", np.int8, 1, "Char", "signed char")
uint8 = dtype("uint8", np.uint8, 1, "Byte", "unsigned char")
bool_ = dtype("bool", np.bool_, 0, "Bool", "bool")
complex64 = _ComplexDtype("complex64", np.complex64, 3, "ComplexFloat", "c10::complex<float>")
complex128 = _ComplexDtype("complex128", np.complex128, 3, "ComplexDouble", "c10::complex<double>")
bfloat16 = _BFloat16Dtype()
DEFAULT_FLOAT = float32
DEFAULT_COMPLEX = complex64  # the default float's complex counterpart: what ``1j`` becomes

_BY_NUMPY = {d.numpy: d for d in (float32, float64, float16, int64, int32, int16, int8, uint8, bool_)}
_BY_NUMPY.update({np.dtype(np.complex64): complex64, np.dtype(np.complex128): complex128})
# numpy's wider unsigned types are not torch dtypes: they become int64
_BY_NUMPY.update({np.dtype(np.uint16): int64, np.dtype(np.uint32): int64, np.dtype(np.uint64): int64})



def type_name(kind: dtype | np.dtype) -> str:
    """torch's short name for a dtype or an array's numpy dtype, as error messages write it
    (``Float``, ``Long``; ``torch.FloatTensor``): the one table of these names is the dtypes above."""
    if isinstance(kind, dtype):
        return kind.type_name
    found = _BY_NUMPY.get(np.dtype(kind))
    return found.type_name if found is not None else np.dtype(kind).name


def cpp_type_name(kind: dtype | np.dtype) -> str:
    """torch's C++ name for a dtype's elements, as some of its messages write it (``float``,
    ``long int``, ``c10::Half``)."""
    if isinstance(kind, dtype):
        return kind.cpp_name
    found = _BY_NUMPY.get(np.dtype(kind))
    return found.cpp_name if found is not None else np.dtype(kind).name


def can_cast(source: np.dtype, target: np.dtype) -> bool:
    """torch's rule for writing a result of dtype ``source`` into a tensor of dtype ``target`` (an
    in-place op, ``out=``): anything but floating into integer, or anything but bool into bool.
    (Looser than numpy's "same_kind": an int64 result goes into a uint8 tensor, wrapping.)"""
    if source.kind in "fcV" and target.kind in "iub" or source.kind == "c" and target.kind in "fV":
        return False
    return not (target.kind == "b" and source.kind != "b")


def can_cast_dtypes(from_: dtype, to: dtype) -> bool:
    """``torch.can_cast``: whether torch's casting rules let a value of dtype ``from_`` be written
    into a tensor of dtype ``to`` (see ``can_cast``)."""
    if not (isinstance(from_, dtype) and isinstance(to, dtype)):
        # (a plain TypeError: the torch-level wrapper words it for the call as it was written)
        raise TypeError("can_cast() takes two dtypes")
    return can_cast(from_.numpy, to.numpy)


def as_dtype(numpy_dtype: np.dtype) -> dtype:
    """The autograd_lab dtype of a numpy dtype (torch's TypeError for kinds torch has no dtype of).
    The first complex dtype seen switches on the ops' complex checks (``autograd.complex_mode``)."""
    try:
        found = _BY_NUMPY[numpy_dtype]
    except KeyError:
        pass
    else:
        if found._category == 3:
            complex_seen()
        return found
    raise unsupported_array_error(numpy_dtype)


def unsupported_array_error(numpy_dtype: np.dtype) -> TypeError:
    """torch's error for a numpy array of a type it has no dtype of (an ml_dtypes bfloat16 array
    too: torch does not read those, though its own bfloat16 tensors exist)."""
    module = numpy_dtype.type.__module__.split(".")[0]
    return TypeError(
        f"can't convert np.ndarray of type {module}.{numpy_dtype.type.__name__}. The only supported "
        "types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, "
        "uint64, uint32, uint16, uint8, and bool."
        "\nHint (autograd_lab): uint16, uint32 and uint64 arrays become int64 tensors here.")


def complex_seen() -> None:
    """A complex dtype is in use: from now on every op checks whether it supports complex inputs
    (``autograd/complex_mode.py``; until then the ops pay nothing for the check)."""
    global _complex_live
    from .autograd import complex_mode  # (the autograd package imports this module)

    if not complex_mode.live.on:
        complex_mode.live.switch_on()
    _complex_live = complex_mode.live


def bfloat16_seen() -> None:
    """A bfloat16 array is about to be made: import ``ml_dtypes`` (its numpy type) and from now on
    every op checks whether it takes bfloat16 inputs (``autograd/bfloat16_mode.py``)."""
    global _bfloat16_live, _BFLOAT16_NUMPY
    try:
        import ml_dtypes
    except ImportError:  # (a dependency of the kit: only a broken install lacks it)
        raise ImportError("torch.bfloat16 needs the ml_dtypes package (numpy has no bfloat16 type): "
                          "pip install ml_dtypes") from None
    from .autograd import bfloat16_mode  # (the autograd package imports this module)

    _BFLOAT16_NUMPY = np.dtype(ml_dtypes.bfloat16)
    _BY_NUMPY[_BFLOAT16_NUMPY] = bfloat16
    if not bfloat16_mode.live.on:
        bfloat16_mode.live.switch_on()
    _bfloat16_live = bfloat16_mode.live


def converted(array: np.ndarray, numpy_dtype: np.dtype, copy: bool = True) -> np.ndarray:
    """``array`` converted to ``numpy_dtype`` as torch converts: to or from bfloat16 through
    float32 (torch's bfloat16 type converts from and to float only, so a float64 or int64 value is
    rounded to float32 first; converting it directly can round to the other neighbour), otherwise
    numpy's ``astype`` (``copy``: as astype's)."""
    source = array.dtype
    if source != numpy_dtype and _BFLOAT16_NUMPY is not None and (
            numpy_dtype == _BFLOAT16_NUMPY or source == _BFLOAT16_NUMPY):
        with np.errstate(invalid="ignore", over="ignore"):  # (as torch: NaN to int, silently)
            return np.asarray(array, dtype=np.float32).astype(numpy_dtype)
    return array.astype(numpy_dtype, copy=copy)


def complex_counterpart(kind: dtype) -> dtype:
    """The complex dtype holding a floating dtype's precision (torch's ``toComplexType``):
    float64 -> complex128, float32 -> complex64; a complex dtype is its own. float16's, torch's
    complex32, does not exist here: NotImplementedError."""
    if kind._category == 3:
        return kind
    if kind is float64:
        return complex128
    if kind is float32:
        return complex64
    raise NotImplementedError(f"{kind} with complex numbers makes torch.complex32, which "
                              "autograd_lab does not have: convert to float32 or float64 first")


def real_counterpart(kind: dtype) -> dtype:
    """The real dtype of a complex dtype's parts (complex64 -> float32); other dtypes unchanged."""
    return float32 if kind is complex64 else float64 if kind is complex128 else kind


def scalar_dtype(value: object) -> dtype:
    """The dtype torch gives a Python number: bool, int64, or the default float."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return int64
    if isinstance(value, (complex, np.complexfloating)):
        return DEFAULT_COMPLEX
    if value is None or isinstance(value, (str, bytes)):
        # (np.asarray would turn None into NaN: a silent wrong value)
        raise TypeError(f"unsupported operand type for a tensor operation: "
                        f"'{type(value).__name__}' (a Tensor or a Python number is expected)")
    return DEFAULT_FLOAT


def _promote(a: dtype | None, b: dtype | None) -> dtype | None:
    if a is None:
        return b
    if b is None or a is b:
        return a
    if a._category == 3 or b._category == 3:  # the precision of the wider floating part
        parts = [real_counterpart(k) for k in (a, b) if k._category >= 2]
        return complex_counterpart(parts[0] if len(parts) == 1 else _promote(*parts))
    if {a.name, b.name} == {"uint8", "int8"}:
        return int16  # neither holds the other's values: the smallest type that holds both
    if {a.name, b.name} == {"bfloat16", "float16"}:
        return float32  # (the same: bfloat16 has the range, float16 the precision)
    return a if a._category > b._category or (
        a._category == b._category and a.itemsize >= b.itemsize) else b


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """torch's combine_categories: a lower-priority operand only matters if its category is higher."""
    if higher is None:
        return lower
    if lower is None or higher._category == 3:
        return higher
    if lower._category == 3:  # a complex number or 0-d tensor with a real tensor
        return complex_counterpart(higher) if higher.is_floating_point else lower
    if higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return _promote(higher, lower)
    return higher


def result_type(*operands: object) -> dtype:
    """The dtype of an elementwise op over tensors and Python numbers, by torch's rules."""
    dim_result = zero_dim_result = scalar_result = None
    for operand in operands:
        operand_dtype = getattr(operand, "dtype", None)
        if isinstance(operand_dtype, dtype):
            if operand.ndim:
                dim_result = _promote(dim_result, operand_dtype)
            else:
                zero_dim_result = _promote(zero_dim_result, operand_dtype)
        else:
            scalar_result = _promote(scalar_result, scalar_dtype(operand))
    return _combine(dim_result, _combine(zero_dim_result, scalar_result))


def promote_types(type1: dtype, type2: dtype) -> dtype:
    """The smallest dtype both ``type1`` and ``type2`` convert to without losing their kind
    (``torch.promote_types``)."""
    if not (isinstance(type1, dtype) and isinstance(type2, dtype)):
        # (a plain TypeError: the torch-level wrapper words it for the call as it was written)
        raise TypeError("promote_types() takes two dtypes")
    return _promote(type1, type2)


def result_type_of(tensor: object, other: object) -> dtype:
    """``torch.result_type``: the dtype an elementwise op over ``tensor`` and ``other`` (tensors or
    numbers) computes in; 0-d tensors and numbers only promote to a higher kind."""
    for operand in (tensor, other):
        if not (isinstance(getattr(operand, "dtype", None), dtype) or
                (isinstance(operand, (bool, int, float, complex)))):
            raise TypeError("result_type() takes tensors and numbers")
    return result_type(tensor, other)


def _short(value: float) -> str:
    """A number as C's ``%g`` writes it (torch's finfo/iinfo reprs)."""
    return f"{value:g}"


class finfo:  # noqa: N801 - torch's name
    """The limits of a floating-point dtype (default: the default float): ``bits``, ``eps``,
    ``max``, ``min``, ``tiny`` (= ``smallest_normal``), ``resolution``; ``dtype`` is its name. A
    complex dtype gives its parts' (complex64: float32's), as torch."""

    def __init__(self, type: dtype | None = None) -> None:  # noqa: A002 - torch's argument name
        type = DEFAULT_FLOAT if type is None else type
        if not isinstance(type, dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{type.__class__.__name__}")
        type = real_counterpart(type)
        if not type.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo "
                            "to handle 'torch.finfo'")
        self.dtype = type.name
        if type is bfloat16:  # (torch's values, written out: numpy has no finfo of it)
            self.bits, self.eps, self.resolution = 16, 2.0 ** -7, 0.01
            self.max = float.fromhex("0x1.fep127")
            self.min = -self.max
            self.tiny = self.smallest_normal = 2.0 ** -126
            return
        info = np.finfo(type.numpy)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)

    def __repr__(self) -> str:
        return (f"finfo(resolution={_short(self.resolution)}, min={_short(self.min)}, "
                f"max={_short(self.max)}, eps={_short(self.eps)}, "
                f"smallest_normal={_short(self.smallest_normal)}, tiny={_short(self.tiny)}, "
                f"dtype={self.dtype})")


class iinfo:  # noqa: N801 - torch's name
    """The limits of an integer dtype: ``bits``, ``max``, ``min``; ``dtype`` is its name."""

    def __init__(self, type: dtype) -> None:  # noqa: A002 - torch's argument name
        if not isinstance(type, dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{type.__class__.__name__}")
        if type is bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.is_floating_point or type.is_complex:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        info = np.iinfo(type.numpy)
        self.bits = int(info.bits)
        self.max = int(info.max)
        self.min = int(info.min)
        self.dtype = type.name

    def __repr__(self) -> str:
        return f"iinfo(min={_short(self.min)}, max={_short(self.max)}, dtype={self.dtype})"


def number_array(value: object, numpy_dtype: np.dtype) -> np.ndarray:
    """A Python number as a 0-d array of ``numpy_dtype``; an int outside an integer dtype's range
    wraps around as in torch (``uint8 + -3`` adds 253, ``int64 + 2**63`` wraps), where numpy raises
    OverflowError (beyond 64 bits, torch's OverflowError). A complex number goes into complex
    dtypes only (numpy would drop its imaginary part: a silent wrong value)."""
    if isinstance(value, complex) and np.dtype(numpy_dtype).kind != "c":
        raise RuntimeError(f"value cannot be converted to type "
                           f"{_CHECKED_NAMES.get(np.dtype(numpy_dtype).name, 'bool')} without overflow")
    if _BFLOAT16_NUMPY is not None and numpy_dtype == _BFLOAT16_NUMPY:  # (through float32, as torch)
        with np.errstate(over="ignore"):
            return np.asarray(value, dtype=np.float32).astype(numpy_dtype)
    try:
        with np.errstate(over="ignore"):  # (a float too big for float32 is inf, silently, as torch)
            return np.asarray(value, dtype=numpy_dtype)
    except OverflowError:
        if type(value) is not int:
            raise
        if not -2**63 <= value < 2**64:
            raise OverflowError("int too big to convert") from None
        wrapped = (value + 2**63) % 2**64 - 2**63  # its 64 bits, read as a signed integer
        return np.asarray(wrapped, dtype=np.int64).astype(numpy_dtype)


# how torch's overflow error names each dtype's C++ type (c10's ``checked_convert``)
_CHECKED_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
                  "int64": "int64_t", "float32": "float", "float64": "double", "float16": "c10::Half",
                  "complex64": "c10::complex<float>", "complex128": "c10::complex<double>",
                  "bfloat16": "c10::BFloat16"}


def checked_number_array(value: object, numpy_dtype: np.dtype, *, half: bool = True) -> np.ndarray:
    """A Python number as a 0-d array of ``numpy_dtype`` where torch converts it checked (a fill
    value, a bound, ``full``): a value the dtype cannot hold is torch's RuntimeError, not wrapped.
    As torch, an unsigned dtype takes negative ints down to minus its maximum (two's complement),
    bool takes anything, and float16 and bfloat16 too where torch does not check them
    (``half=False``: ``where``, ``x[key] = v``, ``fill_`` and ``full`` of one element)."""
    numpy_dtype = np.dtype(numpy_dtype)
    name = _CHECKED_NAMES.get(numpy_dtype.name)
    if type(value) is int and not -2**63 <= value < 2**64:
        raise OverflowError("int too big to convert")
    if not half and (numpy_dtype == np.float16 or numpy_dtype.kind == "V"):  # (V: bfloat16)
        name = None
    if name is not None and isinstance(value, int | float) and not isinstance(value, bool):
        if numpy_dtype.kind in "iu":
            info = np.iinfo(numpy_dtype)
            low = -int(info.max) if numpy_dtype.kind == "u" and isinstance(value, int) else info.min
            fits = value == value and low <= value <= info.max  # (NaN never fits)
        else:
            fits = value != value or abs(value) == float("inf") or abs(value) <= float(np.finfo(
                numpy_dtype).max)
        if not fits:
            raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    return number_array(value, numpy_dtype)
