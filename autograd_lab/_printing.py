"""Tensor ``repr`` that reproduces PyTorch 2.x's text byte for byte, computed from numpy arrays.

This is a port of ``torch/_tensor_str.py`` (strided CPU tensors). The rules it keeps:

* A single :class:`_Formatter` looks at every value that will be shown and chooses one style for
  the whole tensor: integers as ``1.`` (*int mode*), fixed point with ``precision`` decimals, or
  scientific notation when the non-zero finite magnitudes span more than a factor 1000, exceed
  ``1e8`` or go below ``1e-4``. It also fixes one column width, so columns line up everywhere.
* Values are formatted as Python floats, i.e. after conversion to double, exactly as torch does
  (``tensor.tolist()``): a float32 ``0.1`` is formatted from ``0.10000000149011612``.
* Tensors with more than ``threshold`` elements are summarized to ``edgeitems`` rows and columns
  on each side *before* anything is formatted, so printing a huge tensor stays cheap.
* A complex tensor gets one formatter for its real parts and one for its imaginary parts; each
  element is ``real`` padded to the first's width, then the imaginary part with its sign and ``j``.
* Rows wrap at ``linewidth``; nested brackets and the ``tensor(`` prefix set the indentation;
  blocks of a 3-d tensor are separated by one blank line, of a 4-d tensor by two, and so on.

The public functions mirror ``torch.set_printoptions`` / ``torch.get_printoptions``; the Tensor
class calls :func:`format_tensor` with its data, its dtype name and its autograd suffixes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["format_tensor", "format_meta", "get_printoptions", "printoptions", "set_printoptions"]

_PREFIX = "tensor("


@dataclasses.dataclass
class _PrintOptions:
    """The options torch keeps in ``torch._tensor_str.PRINT_OPTS`` (same names and defaults)."""

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTIONS = _PrintOptions()

# The named profiles of torch.set_printoptions; each sets these four options (not sci_mode).
_PROFILES: dict[str, dict[str, float]] = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}

# dtype name -> numpy dtype. Names are torch's (printed as ``dtype=torch.<name>``).
_NUMPY_DTYPES: dict[str, type[np.generic]] = {
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "uint8": np.uint8,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "bool": np.bool_,
    "complex64": np.complex64,
    "complex128": np.complex128,
    "bfloat16": np.float32,  # (its values, exactly: torch prints them as floats)
}
_DEFAULT_FLOAT_DTYPE = "float32"
# Dtypes torch never names in a non-empty tensor's repr (the default float, int64 and bool).
_UNNAMED_DTYPES = frozenset({_DEFAULT_FLOAT_DTYPE, "complex64", "int64", "bool"})


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set the printing options, with the semantics of ``torch.set_printoptions``.

    Args:
        precision: digits after the decimal point (default 4).
        threshold: element count above which a tensor is summarized with ``...`` (default 1000).
        edgeitems: items kept at each end of every summarized dimension (default 3).
        linewidth: characters per line before a row wraps (default 80).
        profile: ``"default"``, ``"short"`` or ``"full"``; applied first, then overridden by any
            of the options above.
        sci_mode: ``True``/``False`` force or forbid scientific notation; ``None`` lets the
            formatter choose. As in torch, every call sets it (omitting it restores ``None``).
    """
    if profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(_OPTIONS, name, value)
    given = {"precision": precision, "threshold": threshold, "edgeitems": edgeitems,
             "linewidth": linewidth}
    for name, value in given.items():
        if value is not None:
            setattr(_OPTIONS, name, value)
    _OPTIONS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """The current options, as a dict that can be passed back to :func:`set_printoptions`."""
    return dataclasses.asdict(_OPTIONS)


@contextlib.contextmanager
def printoptions(**options: Any) -> Iterator[None]:
    """Temporarily change the printing options (same keywords as :func:`set_printoptions`)."""
    saved = get_printoptions()
    set_printoptions(**options)
    try:
        yield
    finally:
        set_printoptions(**saved)


def format_tensor(array: np.ndarray, dtype_name: str, suffixes: Sequence[str] = ()) -> str:
    """The text torch prints for a tensor: ``tensor([1., 2.], requires_grad=True)``.

    Args:
        array: the tensor's values (any shape, including 0-d and empty); converted to the numpy
            dtype matching ``dtype_name`` if needed.
        dtype_name: the torch dtype name without ``torch.``: ``"float32"``, ``"float64"``,
            ``"float16"``, ``"int64"``, ``"int32"``, ``"int16"``, ``"int8"``, ``"uint8"``,
            ``"bool"``, ``"complex64"`` or ``"complex128"``.
        suffixes: already formatted trailing items, in order, such as ``"requires_grad=True"`` or
            ``"grad_fn=<AddBackward0>"``. The ``size=`` and ``dtype=`` items torch adds go
            before them.

    Raises:
        ValueError: for an unknown ``dtype_name``.
    """
    if dtype_name not in _NUMPY_DTYPES:
        raise ValueError(f"cannot print a tensor of dtype {dtype_name!r}; "
                         f"known dtypes: {', '.join(_NUMPY_DTYPES)}")
    values = np.asarray(array, dtype=_NUMPY_DTYPES[dtype_name])
    indent = len(_PREFIX)
    items = _size_and_dtype_items(values, dtype_name)
    body = "[]" if values.size == 0 else _tensor_str(values, indent, _is_floating(dtype_name))
    return _add_suffixes(_PREFIX + body, [*items, *suffixes], indent)


def format_meta(array: np.ndarray, suffixes: Sequence[str] = ()) -> str:
    """The text torch prints for a tensor on the meta device, which has no values:
    ``tensor(..., device='meta', size=(2, 3), dtype=torch.int64)`` (the dtype unless it is the
    default float dtype), then ``suffixes``."""
    items = ["device='meta'", f"size={tuple(array.shape)}"]
    if array.dtype.name != _DEFAULT_FLOAT_DTYPE:
        items.append(f"dtype=torch.{array.dtype.name}")
    return _add_suffixes(_PREFIX + "...", [*items, *suffixes], len(_PREFIX))


def _is_floating(dtype_name: str) -> bool:
    return dtype_name.startswith(("float", "complex", "bfloat"))


def _size_and_dtype_items(values: np.ndarray, dtype_name: str) -> list[str]:
    """The ``size=...`` and ``dtype=...`` items torch puts before the autograd suffixes."""
    size_item = f"size={tuple(values.shape)}"
    dtype_item = f"dtype=torch.{dtype_name}"
    items = []
    if values.size == 0:
        # An empty tensor shows its shape unless it is (0,), and its dtype unless it is the
        # default float dtype: with no values, nothing else tells an int64 tensor apart.
        if values.ndim != 1:
            items.append(size_item)
        if dtype_name != _DEFAULT_FLOAT_DTYPE:
            items.append(dtype_item)
        return items
    if not _OPTIONS.edgeitems:
        # With edgeitems=0 a summarized tensor prints only "...", so torch adds the shape.
        items.append(size_item)
    if dtype_name not in _UNNAMED_DTYPES:
        items.append(dtype_item)
    return items


class _Formatter:
    """Chooses one number style and one column width for all the values of a tensor.

    Port of ``torch._tensor_str._Formatter``. Torch formats every value to measure the widest;
    here only the extreme values are formatted, which gives the same width: for each sign, the
    length of a formatted number never decreases with its magnitude (fixed point), or is largest
    at the smallest or the largest magnitude (scientific, whose exponent grows to three digits
    only at both ends).
    """

    def __init__(self, values: np.ndarray, floating: bool) -> None:
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            self.max_width = max([self.max_width, *(len(str(value)) for value in _extremes(flat))])
            return
        nonzero_finite = flat[np.isfinite(flat) & (flat != 0)]
        if nonzero_finite.size == 0:
            # Only zeros, nan and inf: torch keeps int mode, no scientific notation, width 1.
            return
        magnitudes = np.abs(nonzero_finite).astype(np.float64)
        # Python floats, so that a ratio overflowing to inf raises no numpy warning (as in torch).
        smallest, largest = float(magnitudes.min()), float(magnitudes.max())
        self.int_mode = bool(np.all(nonzero_finite == np.ceil(nonzero_finite)))
        if _OPTIONS.sci_mode is None:
            self.sci_mode = largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4
        else:
            self.sci_mode = _OPTIONS.sci_mode
        # In int mode torch appends "." to the measured "{:.0f}" text, hence the + 1.
        extra = 1 if self.int_mode and not self.sci_mode else 0
        widths = (len(self._number_text(value)) + extra for value in _extremes(nonzero_finite))
        self.max_width = max([self.max_width, *widths])

    @property
    def width(self) -> int:
        """The column width every formatted value is padded to."""
        return self.max_width

    def _number_text(self, value: float) -> str:
        """A finite or non-finite float in the chosen style, before the int-mode "." and padding."""
        precision = _OPTIONS.precision
        if self.sci_mode:
            return f"{value:.{precision}e}"
        if self.int_mode:
            return f"{value:.0f}"
        return f"{value:.{precision}f}"

    def format(self, value: float | int | bool) -> str:
        """One value (a Python scalar, as ``tensor.tolist()`` gives), right-aligned to the width."""
        if not self.floating:
            text = f"{value}"
        else:
            text = self._number_text(value)
            if self.int_mode and not self.sci_mode and math.isfinite(value):
                text += "."
        return text.rjust(self.max_width)


def _extremes(flat: np.ndarray) -> list[Any]:
    """The smallest and largest negative and non-negative values, as Python scalars."""
    extremes: list[Any] = []
    for part in (flat[flat < 0], flat[flat >= 0]):
        if part.size:
            extremes += [part.min().item(), part.max().item()]
    return extremes


def _tensor_str(values: np.ndarray, indent: int, floating: bool) -> str:
    """The bracketed contents of a non-empty tensor (torch's ``_tensor_str``)."""
    summarize = values.size > _OPTIONS.threshold
    shown = _summarized(values) if summarize else values
    if values.dtype.kind == "c":
        formatter: Any = _ComplexFormatter(shown)
    else:
        formatter = _Formatter(shown, floating)
    return _nested_str(values, indent, summarize, formatter)


class _ComplexFormatter:
    """torch's pair of formatters for a complex tensor: one chooses the style and width of the
    real parts, the other of the imaginary parts (each from its own values)."""

    def __init__(self, values: np.ndarray) -> None:
        self.real = _Formatter(values.real, True)
        self.imag = _Formatter(values.imag, True)

    @property
    def width(self) -> int:
        """The width of an element but for the 2 of ", " (the real part's width, the imaginary
        part's and its "j"), as torch counts it when wrapping rows."""
        return self.real.width + self.imag.width + 1

    def format(self, value: complex) -> str:
        real = self.real.format(value.real)
        imag = (self.imag.format(value.imag) + "j").lstrip()
        # a sign of its own (negative numbers, -0.0), or a "+"
        return real + imag if imag[0] in "+-" else real + "+" + imag


def _summarized(values: np.ndarray) -> np.ndarray:
    """The values a summarized print shows (torch's ``get_summarized_data``)."""
    edge = _OPTIONS.edgeitems
    if values.ndim == 0:
        return values
    if values.ndim == 1:
        if values.shape[0] > 2 * edge:
            # values[-0:] is the whole vector, so with edgeitems=0 torch measures every value.
            return np.concatenate((values[:edge], values[-edge:]))
        return values
    if not edge:
        return np.empty([0] * values.ndim, dtype=values.dtype)
    rows = [values[i] for i in _shown_indices(values.shape[0], summarize=True)]
    return np.stack([_summarized(row) for row in rows])


def _shown_indices(length: int, summarize: bool) -> list[int]:
    """Indices kept along a dimension: all, or ``edgeitems`` at each end when summarizing."""
    edge = _OPTIONS.edgeitems
    if summarize and length > 2 * edge:
        return [*range(edge), *range(length - edge, length)]
    return list(range(length))


def _nested_str(values: np.ndarray, indent: int, summarize: bool, formatter: _Formatter) -> str:
    """Brackets for one (sub)tensor whose opening bracket sits at column ``indent``."""
    if values.ndim == 0:
        return formatter.format(values.item())
    if values.ndim == 1:
        return _vector_str(values, indent, summarize, formatter)
    shown = _shown_indices(values.shape[0], summarize)
    slices = [_nested_str(values[i], indent + 1, summarize, formatter) for i in shown]
    if len(shown) < values.shape[0]:
        slices.insert(len(shown) // 2, "...")
    # Sub-blocks of an n-d tensor are separated by n - 2 blank lines.
    separator = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(slices) + "]"


def _vector_str(vector: np.ndarray, indent: int, summarize: bool, formatter: _Formatter) -> str:
    """One bracketed row, wrapped so that lines fit ``linewidth`` (torch's ``_vector_str``)."""
    element_length = formatter.width + 2  # the value, then ", "
    per_line = max(1, math.floor((_OPTIONS.linewidth - indent) / element_length))
    edge = _OPTIONS.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and vector.shape[0] > 2 * edge:
        items = ([formatter.format(value) for value in vector[:edge].tolist()] + [" ..."]
                 + [formatter.format(value) for value in vector[-edge:].tolist()])
    else:
        items = [formatter.format(value) for value in vector.tolist()]
    lines = [", ".join(items[start:start + per_line]) for start in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _add_suffixes(tensor_str: str, suffixes: Sequence[str], indent: int) -> str:
    """Append ``, item`` for each suffix, moving to a new line when ``linewidth`` would overflow."""
    parts = [tensor_str]
    # Torch's own arithmetic, kept as is: without a newline rfind gives -1, counting 2 extra.
    last_line_length = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_length + len(suffix) + 2 > _OPTIONS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_length = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_length += len(suffix) + 2
    parts.append(")")
    return "".join(parts)
