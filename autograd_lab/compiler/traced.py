"""Traced arrays: numpy arrays that write down the numpy code computed on them.

The compiler runs each op's own ``forward`` and ``backward`` rule on :class:`Traced` values instead of
arrays. A ``Traced`` holds a real value (so every shape, dtype and branch on them is the real one)
and the variable of the generated code that will hold it. Each operation on it, an operator, a
numpy ufunc (``__array_ufunc__``), a numpy function (``__array_function__``) or an array method,
computes its real result and appends one statement to the :class:`Emitter`: the rule, replayed,
writes its own code.

Anything that would turn traced values into Python values (``float(x)``, ``if (x > 0).any():``,
``np.asarray(x)``, ``x.tolist()``) raises :class:`TracingError`: the generated code could not make
the same decision on other values. The compiler then runs that op's rule itself in the generated
code (see ``codegen``), so a rule that branches on its data still gives the right answer.

Python numbers a rule mixes with arrays (the ``1`` of ``1 - y``) become named constants of the dtype
numpy would have converted them to (``f32_1 = np.float32(1.0)``), so the generated code does not
convert a Python number on every call; the real results with the constant and with the number are
compared bit for bit, and the number is kept as it is where they would differ.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .._matmul_rounding import in_torch_order, matmul_as_torch_rounds
from .expr import (
    Assign,
    Attr,
    BinOp,
    Call,
    Comment,
    Expr,
    Literal,
    Mutation,
    Name,
    SliceExpr,
    Statement,
    Subscript,
    TupleExpr,
    Unary,
    Var,
    literal,
)

__all__ = ["Traced", "TracedObject", "Emitter", "TracingError", "Constants"]


class TracingError(Exception):
    """A rule did something with traced values that generated code cannot repeat."""


_BINARY = {
    np.add: "+", np.subtract: "-", np.multiply: "*", np.true_divide: "/", np.floor_divide: "//",
    np.remainder: "%", np.power: "**", np.matmul: "@", np.less: "<", np.less_equal: "<=",
    np.greater: ">", np.greater_equal: ">=", np.equal: "==", np.not_equal: "!=",
    np.bitwise_and: "&", np.bitwise_or: "|", np.bitwise_xor: "^", np.left_shift: "<<",
    np.right_shift: ">>",
}
_UNARY = {np.negative: "-", np.positive: "+", np.invert: "~"}

# numpy functions whose result's shape depends on the values: generated code specialised to
# shapes cannot use them on traced data
_VALUE_SHAPED = {"nonzero", "flatnonzero", "argwhere", "unique", "extract", "compress", "trim_zeros",
                 "histogram", "bincount", "unique_values", "unique_counts", "unique_inverse",
                 "unique_all", "setdiff1d", "intersect1d", "union1d", "isin", "in1d"}
# numpy functions that read only what the specialisation fixes (shapes, dtypes)
_METADATA = {"shape", "ndim", "size", "result_type", "iscomplexobj", "isrealobj", "min_scalar_type"}
# numpy functions that make fresh arrays: never shared between two uses, never folded
_FRESH = {"zeros_like", "ones_like", "empty_like", "full_like", "copy", "array", "zeros", "ones",
          "empty", "full"}
# array methods that only read the specialisation
_METADATA_ATTRIBUTES = {"shape", "dtype", "ndim", "size", "itemsize", "nbytes", "strides"}


class Constants:
    """The values the generated code reads by name: numbers, small arrays, classes and helpers.
    Equal values share one name (``f32_1`` for every float32 one)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self._by_key: dict[Any, str] = {}
        self.shown: dict[str, str] = {}  # name -> how the code listing defines it
        self.taken: set[str] = set()  # every name in use (the emitter's variables too)

    def number(self, value: np.generic) -> Name:
        """A numpy scalar as a named constant (``f32_0_5 = np.float32(0.5)``)."""
        key = ("scalar", value.dtype.str, value.tobytes())
        name = self._by_key.get(key)
        if name is None:
            name = self._unique(_number_name(value))
            self._by_key[key] = name
            self.values[name] = value
            self.shown[name] = f"np.{value.dtype.type.__name__}({_number_text(value)})"
        return Name(name)

    def array(self, value: np.ndarray) -> Name:
        """A (read-only) array as a named constant (a 0-d one as a numpy scalar: the same
        arithmetic, and one name per number)."""
        if value.ndim == 0:
            return self.number(value[()])
        frozen = value if not value.flags.writeable else value.copy()
        frozen.flags.writeable = False
        key = ("array", frozen.dtype.str, frozen.shape, frozen.tobytes()) if frozen.size <= 4096 \
            else ("array-id", id(value))
        name = self._by_key.get(key)
        if name is None:
            name = self._unique(f"k_{'x'.join(map(str, frozen.shape)) or 'scalar'}")
            self._by_key[key] = name
            self.values[name] = frozen
            self.shown[name] = _array_text(frozen)
        return Name(name)

    def object(self, value: Any, hint: str) -> Name:
        """Any other object (a class, a function) under a readable name."""
        key = ("object", id(value))
        name = self._by_key.get(key)
        if name is None:
            name = self._unique(hint)
            self._by_key[key] = name
            self.values[name] = value
        return Name(name)

    def _unique(self, name: str) -> str:
        base, count = name, 1
        while name in self.values or name in _RESERVED or name in self.taken:
            name = f"{base}_{count}"
            count += 1
        self.taken.add(name)
        return name


_RESERVED = {"np", "sum_to_shape", "rule", "rule_backward", "inf", "nan"}


def _number_name(value: np.generic) -> str:
    kind = {"f": "f", "i": "i", "u": "u", "b": "b", "c": "c"}.get(value.dtype.kind, "k")
    bits = value.dtype.itemsize * 8
    prefix = "b" if kind == "b" else f"{kind}{bits}"
    number = value.item()
    if isinstance(number, float) and math.isnan(number):
        text = "nan"
    elif isinstance(number, float) and math.isinf(number):
        text = "inf" if number > 0 else "neg_inf"
    else:
        if isinstance(number, float) and number == int(number) and abs(number) < 1e15:
            number = int(number)
        text = str(number).replace("-", "neg").replace(".", "_").replace("+", "")
        if not text.replace("_", "").isalnum():
            text = "c"
    return f"{prefix}_{text}"


def _number_text(value: np.generic) -> str:
    number = value.item()
    if isinstance(number, float):
        if math.isnan(number):
            return "np.nan"
        if math.isinf(number):
            return "np.inf" if number > 0 else "-np.inf"
    return repr(number)


def _array_text(value: np.ndarray) -> str:
    if value.size <= 8:
        return f"np.array({value.tolist()!r}, dtype=np.{value.dtype.type.__name__})"
    return f"<array of shape {value.shape}, {value.dtype}>"


class Emitter:
    """Where traced operations write their statements, and how names are made unique."""

    def __init__(self, constants: Constants, taken: set[str] | None = None) -> None:
        self.constants = constants
        self.statements: list[Statement] = []
        self._taken = constants.taken  # (one namespace: variables and constants)
        self._taken.update(taken or (), _RESERVED, dir(builtins))
        self._counts: dict[str, int] = {}
        self.line = ""  # the learner's source line the statements belong to
        self.views: dict[Var, list[Var]] = {}  # var -> the vars it may be a view of
        self.protected: set[Var] = set()  # the caller's arrays: never changed in place
        # what ``expr.transpose_products`` may rewrite: var -> (left, right, and their real values)
        # of a product of two matrices, and var -> the expression it is the transpose of
        self.products: dict[Var, tuple[Expr, Expr, Any, Any]] = {}
        self.transposes: dict[Var, Expr] = {}

    # -- names --------------------------------------------------------------------------------------

    def fresh(self, hint: str, temporary: bool = False) -> Var:
        """A new variable named after ``hint`` (``h``, ``h_1``, ``h_2`` ...)."""
        return Var(self.unique_name(hint), temporary)

    def unique_name(self, hint: str) -> str:
        base = _identifier(hint)
        name = base
        taken = self._taken
        while name in taken:
            count = self._counts.get(base, 0) + 1
            self._counts[base] = count
            name = f"{base}_{count}"
        taken.add(name)
        return name

    def rename(self, var: Var, hint: str) -> None:
        """Give ``var`` (a temporary so far) a name of its own: it holds a value worth naming."""
        self._taken.discard(var.name)
        var.name = self.unique_name(hint)
        var.temporary = False

    # -- statements ---------------------------------------------------------------------------------

    def comment(self, text: str) -> None:
        self.statements.append(Comment(text))

    def assign(self, expr: Expr, value: Any, hint: str, operands: list[Traced],
               pure: bool = True) -> Traced:
        """``var = expr``: a new traced value (``pure``: the expression may be shared with another
        equal one; False for fresh buffers and calls into rules)."""
        var = self.fresh(hint, temporary=True)
        self.statements.append(Assign(var, expr, self.line, pure))
        views = [operand.var for operand in operands
                 if isinstance(operand.var, Var) and _may_share(value, operand.value)]
        if views:
            self.views[var] = views
        return Traced(value, var, self)

    def mutate(self, target: Traced, expr: Expr, text_op: str) -> None:
        """A statement changing ``target`` in place (after copying it, when its variable is also
        another value's or the caller's: the generated code never changes those)."""
        if not isinstance(target.var, Var):
            raise TracingError("a rule changed a constant in place")
        if target.borrowed or target.var in self.protected:
            copy = self.fresh("copy", temporary=True)
            self.statements.append(Assign(copy, Call(Attr(target.var, "copy"), []), self.line,
                                          pure=False))
            if isinstance(expr, Call) and expr.kwargs.get("out") is target.var:
                expr.kwargs["out"] = copy
            for position, arg in enumerate(getattr(expr, "args", [])):
                if arg is target.var:
                    expr.args[position] = copy
            target.var, target.borrowed = copy, False
        self.statements.append(Mutation(target.var, expr, text_op, self.line))

    # -- values coming in ---------------------------------------------------------------------------

    def operand(self, value: Any, partner_dtypes: list | None = None) -> tuple[Expr, Any, Traced | None]:
        """``value`` as an expression of the generated code: ``(expr, real value, traced or None)``.
        Python numbers next to arrays become constants of the dtype numpy would convert them to."""
        if isinstance(value, Traced):
            if value.emitter is not self:
                raise TracingError("a traced value from another trace")
            return value.var, value.value, value
        if isinstance(value, TracedObject):
            return value.var, value.value, None
        if isinstance(value, np.ndarray):
            return self.constants.array(value), value, None
        if isinstance(value, np.generic):
            return self.constants.number(value), value, None
        text = literal(value)
        if text is None:
            if isinstance(value, (list, tuple)):
                exprs = [self.operand(item)[0] for item in value]
                real = type(value)(_real(item) for item in value)
                if isinstance(value, tuple):
                    return TupleExpr(exprs), real, None
                return Call(Name("list"), [TupleExpr(exprs)]), real, None
            return self.constants.object(value, _object_hint(value)), value, None
        return Literal(text), value, None


def _identifier(hint: str) -> str:
    if hint.isidentifier() and not hint.startswith("_") and hint[-1] != "_":
        return hint
    known = _IDENTIFIERS.get(hint)
    if known is None:
        text = "".join(c if c.isalnum() or c == "_" else "_" for c in hint).strip("_") or "v"
        if text[0].isdigit():
            text = "v" + text
        if len(_IDENTIFIERS) > 4096:
            _IDENTIFIERS.clear()
        known = _IDENTIFIERS[hint] = text
    return known


_IDENTIFIERS: dict[str, str] = {}


def _object_hint(value: Any) -> str:
    name = getattr(value, "__name__", None) or type(value).__name__
    return _identifier(name)


def _may_share(a: Any, b: Any) -> bool:
    return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.may_share_memory(a, b)


def _real(value: Any) -> Any:
    """``value`` with every traced value replaced by its real one (in lists, tuples, dicts)."""
    if isinstance(value, Traced):
        return value.value
    if type(value) in (list, tuple):
        return type(value)(_real(item) for item in value)
    if type(value) is dict:
        return {key: _real(item) for key, item in value.items()}
    if isinstance(value, slice):
        return value
    return value


def _contains_traced(value: Any) -> bool:
    if isinstance(value, Traced):
        return True
    if type(value) in (list, tuple):
        return any(_contains_traced(item) for item in value)
    if type(value) is dict:
        return any(_contains_traced(item) for item in value.values())
    return False


def _dtype_of(value: Any) -> Any:
    """What numpy's promotion sees of an operand: a dtype, or the Python number itself (weak)."""
    if isinstance(value, Traced):
        return value.value.dtype
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype
    return value


def _identical(a: Any, b: Any) -> bool:
    """The same dtype, shape and bits (NaNs and signed zeros included)."""
    if type(a) is not type(b) and not (isinstance(a, np.generic) and isinstance(b, np.generic)):
        return False
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


class Traced:
    """A value of the generated code: its real value now, and the variable (or constant) that holds
    it. See the module doc."""

    __slots__ = ("value", "var", "emitter", "borrowed")
    __array_priority__ = 2000

    def __init__(self, value: Any, var: Expr, emitter: Emitter, borrowed: bool = False) -> None:
        self.value = value
        self.var = var
        self.emitter = emitter
        self.borrowed = borrowed  # its variable is another value's (``x * 1`` is written ``x``)

    def __repr__(self) -> str:
        name = getattr(self.var, "name", "?")
        return f"<traced {name}: {np.shape(self.value)} {self.value.dtype}>"

    # -- what the specialisation fixes ---------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self.value)

    @property
    def dtype(self) -> np.dtype:
        return self.value.dtype

    @property
    def ndim(self) -> int:
        return np.ndim(self.value)

    @property
    def size(self) -> int:
        return np.size(self.value)

    @property
    def itemsize(self) -> int:
        return self.value.dtype.itemsize

    @property
    def nbytes(self) -> int:
        return self.value.nbytes

    @property
    def strides(self) -> tuple[int, ...]:
        return np.asarray(self.value).strides

    @property
    def flags(self) -> Any:
        return np.asarray(self.value).flags

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):  # noqa: ANN204
        if not self.shape:
            raise TypeError("iteration over a 0-d array")
        return (self[index] for index in range(self.shape[0]))

    # -- what generated code cannot do ---------------------------------------------------------------

    def _refuse(self, what: str) -> Any:
        raise TracingError(f"{what} of a traced value: the generated code would make this decision "
                           "once, for every call")

    def __bool__(self) -> bool:
        return self._refuse("bool()")

    def __float__(self) -> float:
        return self._refuse("float()")

    def __int__(self) -> int:
        return self._refuse("int()")

    def __index__(self) -> int:
        return self._refuse("an index")

    def __complex__(self) -> complex:
        return self._refuse("complex()")

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._refuse("np.asarray()")

    def __contains__(self, item: Any) -> bool:
        return self._refuse("'in'")

    __hash__ = None  # type: ignore[assignment]  # (as numpy arrays)

    def item(self, *args: Any) -> Any:
        return self._refuse(".item()")

    def tolist(self) -> Any:
        return self._refuse(".tolist()")

    def tobytes(self, *args: Any) -> Any:
        return self._refuse(".tobytes()")

    # -- numpy's protocols ---------------------------------------------------------------------------

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return _ufunc(self.emitter, ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Callable, types: tuple, args: tuple, kwargs: dict) -> Any:
        return _function(self.emitter, func, args, kwargs)

    # -- operators (through the ufuncs, as numpy's own arrays do) ------------------------------------

    def __add__(self, other: Any) -> Any:
        return np.add(self, other)

    def __radd__(self, other: Any) -> Any:
        return np.add(other, self)

    def __sub__(self, other: Any) -> Any:
        return np.subtract(self, other)

    def __rsub__(self, other: Any) -> Any:
        return np.subtract(other, self)

    def __mul__(self, other: Any) -> Any:
        return np.multiply(self, other)

    def __rmul__(self, other: Any) -> Any:
        return np.multiply(other, self)

    def __truediv__(self, other: Any) -> Any:
        return np.true_divide(self, other)

    def __rtruediv__(self, other: Any) -> Any:
        return np.true_divide(other, self)

    def __floordiv__(self, other: Any) -> Any:
        return np.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Any:
        return np.floor_divide(other, self)

    def __mod__(self, other: Any) -> Any:
        return np.remainder(self, other)

    def __rmod__(self, other: Any) -> Any:
        return np.remainder(other, self)

    def __pow__(self, other: Any) -> Any:
        return np.power(self, other)

    def __rpow__(self, other: Any) -> Any:
        return np.power(other, self)

    def __matmul__(self, other: Any) -> Any:
        return np.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return np.matmul(other, self)

    def __and__(self, other: Any) -> Any:
        return np.bitwise_and(self, other)

    def __rand__(self, other: Any) -> Any:
        return np.bitwise_and(other, self)

    def __or__(self, other: Any) -> Any:
        return np.bitwise_or(self, other)

    def __ror__(self, other: Any) -> Any:
        return np.bitwise_or(other, self)

    def __xor__(self, other: Any) -> Any:
        return np.bitwise_xor(self, other)

    def __rxor__(self, other: Any) -> Any:
        return np.bitwise_xor(other, self)

    def __lt__(self, other: Any) -> Any:
        return np.less(self, other)

    def __le__(self, other: Any) -> Any:
        return np.less_equal(self, other)

    def __gt__(self, other: Any) -> Any:
        return np.greater(self, other)

    def __ge__(self, other: Any) -> Any:
        return np.greater_equal(self, other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return np.equal(self, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return np.not_equal(self, other)

    def __neg__(self) -> Any:
        return np.negative(self)

    def __pos__(self) -> Any:
        return np.positive(self)

    def __abs__(self) -> Any:
        return np.absolute(self)

    def __invert__(self) -> Any:
        return np.invert(self)

    # in place: on an array, the generated code changes its variable too; a numpy scalar cannot
    # change, so Python rebinds the name to the new value, as it would for the real scalar
    def _inplace(self, ufunc: np.ufunc, other: Any, text_op: str) -> Any:
        if not isinstance(self.value, np.ndarray):
            return ufunc(self, other)
        expr, real, _ = self.emitter.operand(other)
        ufunc(self.value, real, out=self.value)
        self.emitter.mutate(self, expr, text_op)
        return self

    def __iadd__(self, other: Any) -> Any:
        return self._inplace(np.add, other, "+=")

    def __isub__(self, other: Any) -> Any:
        return self._inplace(np.subtract, other, "-=")

    def __imul__(self, other: Any) -> Any:
        return self._inplace(np.multiply, other, "*=")

    def __itruediv__(self, other: Any) -> Any:
        return self._inplace(np.true_divide, other, "/=")

    def __ipow__(self, other: Any) -> Any:
        return self._inplace(np.power, other, "**=")

    # -- indexing ------------------------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Any:
        parts, real, is_tuple = _key(self.emitter, key)
        value = self.value[real]
        return self.emitter.assign(Subscript(self.var, parts, is_tuple), value, "t", [self])

    def __setitem__(self, key: Any, item: Any) -> None:
        parts, real, is_tuple = _key(self.emitter, key)
        expr, value, _ = self.emitter.operand(item)
        if not isinstance(self.value, np.ndarray):
            raise TracingError("item assignment into a numpy scalar")
        self.value[real] = value
        # (the target is the statement's own variable: the key and the value are what it reads)
        self.emitter.mutate(self, TupleExpr([Subscript(Name("_"), parts, is_tuple), expr]), "[]=")

    # -- array methods -------------------------------------------------------------------------------

    @property
    def T(self) -> Any:  # noqa: N802
        result = self.emitter.assign(Attr(self.var, "T"), np.asarray(self.value).T if isinstance(
            self.value, np.ndarray) else self.value.T, "t", [self])
        if np.ndim(self.value) == 2:
            self.emitter.transposes[result.var] = self.var
        return result

    @property
    def mT(self) -> Any:  # noqa: N802
        return self.emitter.assign(Attr(self.var, "mT"), self.value.mT, "t", [self])

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(np.ndarray, name, None)
        if attribute is None or name.startswith("_"):
            raise AttributeError(f"'Traced' object has no attribute '{name}'")
        if not callable(attribute):
            raise TracingError(f"the array attribute .{name} of a traced value")
        return lambda *args, **kwargs: _method(self, name, args, kwargs)


class TracedObject:
    """An object a public function prepared from tensor data and handed to an op as a parameter
    (``nll_loss``'s ``Targets``): the generated code computes it with the same function, and the
    rule's reads of its array attributes become reads of the generated code's object. Its other
    attributes (sizes, shapes) are taken as they were when traced."""

    __slots__ = ("value", "var", "emitter")

    def __init__(self, value: Any, var: Expr, emitter: Emitter) -> None:
        self.value = value
        self.var = var
        self.emitter = emitter

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.value, name)
        if isinstance(real, (np.ndarray, np.generic)):
            return self.emitter.assign(Attr(self.var, name), real, name, [])
        if callable(real):
            raise TracingError(f"a method of a prepared argument ({type(self.value).__name__})")
        return real


# -- the three ways numpy is called -----------------------------------------------------------------


def _ufunc(emitter: Emitter, ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    if method == "__call__" and not kwargs:
        return _plain_ufunc(emitter, ufunc, inputs)
    out = kwargs.pop("out", None)
    if out is not None:
        out = out if isinstance(out, tuple) else (out,)
        if len(out) != 1 or not isinstance(out[0], Traced):
            raise TracingError(f"np.{ufunc.__name__} writing into something that is not traced")
    for name in ("where", "casting", "order", "subok", "signature", "axes", "axis"):
        if name in kwargs and _contains_traced(kwargs[name]):
            raise TracingError(f"a traced value as {name}= of np.{ufunc.__name__}")
    function = _ufunc_expr(emitter, ufunc)
    if method != "__call__":
        function = Attr(function, method)
    dtypes = [_dtype_of(value) for value in inputs]
    operands = []
    exprs: list[Expr] = []
    reals: list[Any] = []
    for position, value in enumerate(inputs):
        if method == "at" and position == 1:  # the index of ufunc.at
            parts, real, _ = _key(emitter, value)
            exprs.append(TupleExpr(parts) if isinstance(value, tuple) else parts[0])
            reals.append(real)
            continue
        if isinstance(value, (int, float, bool)) and not isinstance(value, np.generic):
            expr, real = _number_operand(emitter, ufunc, method, inputs, position, dtypes)
            exprs.append(expr)
            reals.append(real)
            continue
        expr, real, traced = emitter.operand(value)
        exprs.append(expr)
        reals.append(real)
        if traced is not None:
            operands.append(traced)
    real_kwargs = {key: _real(value) for key, value in kwargs.items()}
    expr_kwargs = {key: emitter.operand(value)[0] for key, value in kwargs.items()}
    if method == "at":
        target = inputs[0]
        if not isinstance(target, Traced):
            raise TracingError(f"np.{ufunc.__name__}.at on an array that is not traced")
        ufunc.at(*reals, **real_kwargs)
        emitter.mutate(target, Call(function, exprs, expr_kwargs), "")
        return None
    if out is not None:
        result = getattr(ufunc, method)(*reals, out=out[0].value, **real_kwargs)
        expr_kwargs["out"] = out[0].var
        emitter.mutate(out[0], Call(function, exprs, expr_kwargs), "")
        return out[0]
    result = getattr(ufunc, method)(*reals, **real_kwargs)
    if isinstance(result, tuple):  # (divmod, frexp, modf)
        raise TracingError(f"np.{ufunc.__name__} with two results")
    if not operands:  # constants only: computed now
        return _constant_result(emitter, result)
    if method == "__call__" and not kwargs and len(inputs) == 2:
        same = _unchanged_operand(ufunc, inputs, result)
        if same is not None:  # x * 1, x / 1, x ** 1: written x (a fresh value all the same)
            return Traced(result, same.var, emitter, borrowed=True)
    if method == "__call__" and not kwargs and ufunc in _BINARY and len(exprs) == 2:
        expr: Expr = BinOp(_BINARY[ufunc], exprs[0], exprs[1])
    elif method == "__call__" and not kwargs and ufunc in _UNARY and len(exprs) == 1:
        expr = Unary(_UNARY[ufunc], exprs[0])
    else:
        expr = Call(function, exprs, expr_kwargs)
    return emitter.assign(expr, result, ufunc.__name__ if method == "__call__" else method,
                          operands)


def _plain_ufunc(emitter: Emitter, ufunc: np.ufunc, inputs: tuple) -> Any:
    """``ufunc(*inputs)``: the common case, kept short (operators land here)."""
    exprs: list[Expr] = []
    reals: list[Any] = []
    operands: list[Traced] = []
    dtypes = None
    for position, value in enumerate(inputs):
        kind = type(value)
        if kind is Traced:
            exprs.append(value.var)
            reals.append(value.value)
            operands.append(value)
        elif kind is float or kind is int:
            if dtypes is None:
                dtypes = [_dtype_of(item) for item in inputs]
            expr, real = _number_operand(emitter, ufunc, "__call__", inputs, position, dtypes)
            exprs.append(expr)
            reals.append(real)
        else:
            expr, real, traced = emitter.operand(value)
            exprs.append(expr)
            reals.append(real)
            if traced is not None:
                operands.append(traced)
    result = ufunc(*reals)
    if type(result) is tuple:  # (divmod, frexp, modf)
        raise TracingError(f"np.{ufunc.__name__} with two results")
    if not operands:  # constants only: computed now
        return _constant_result(emitter, result)
    if len(inputs) == 2:
        if ufunc in _ONE_NEUTRAL:
            same = _unchanged_operand(ufunc, inputs, result)
            if same is not None:  # x * 1, x / 1, x ** 1: written x (a fresh value all the same)
                return Traced(result, same.var, emitter, borrowed=True)
        symbol = _BINARY.get(ufunc)
        expr: Expr = BinOp(symbol, exprs[0], exprs[1]) if symbol is not None else \
            Call(_ufunc_expr(emitter, ufunc), exprs)
    elif len(inputs) == 1 and ufunc in _UNARY:
        expr = Unary(_UNARY[ufunc], exprs[0])
    else:
        expr = Call(_ufunc_expr(emitter, ufunc), exprs)
    out = emitter.assign(expr, result, ufunc.__name__, operands)
    if ufunc is np.matmul and np.ndim(reals[0]) == 2 and np.ndim(reals[1]) == 2:
        emitter.products[out.var] = (exprs[0], exprs[1], reals[0], reals[1])
    return out


_ONE_NEUTRAL = (np.multiply, np.true_divide, np.power)


def _ufunc_expr(emitter: Emitter, ufunc: np.ufunc) -> Expr:
    name = ufunc.__name__
    if getattr(np, name, None) is ufunc:
        return Attr(Name("np"), name)
    return emitter.constants.object(ufunc, name)


def _is_one(value: Any) -> bool:
    if isinstance(value, Traced):
        value = value.value if isinstance(value.var, Name) else None  # (constants only)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    if isinstance(value, (np.ndarray, np.generic)) and np.ndim(value) == 0 and \
            value.dtype.kind in "iuf":
        return bool(value == 1)
    return False


def _unchanged_operand(ufunc: np.ufunc, inputs: tuple, result: Any) -> Traced | None:
    """The operand ``result`` equals bit for bit when the other is a one that changes nothing
    (neither its dtype nor its shape)."""
    left, right = inputs
    candidates = []
    if ufunc in (np.multiply, np.true_divide, np.power) and _is_one(right):
        candidates.append(left)
    if ufunc is np.multiply and _is_one(left):
        candidates.append(right)
    for candidate in candidates:
        if isinstance(candidate, Traced) and isinstance(result, (np.ndarray, np.generic)) \
                and np.shape(result) == candidate.shape and result.dtype == candidate.dtype \
                and _identical(np.asarray(result), np.asarray(candidate.value)):
            return candidate
    return None


def _number_operand(emitter: Emitter, ufunc: np.ufunc, method: str, inputs: tuple, position: int,
                    dtypes: list) -> tuple[Expr, Any]:
    """A Python number among a ufunc's operands: a named constant of the dtype numpy converts it
    to, when that gives the very same result; else the number as written."""
    number = inputs[position]
    text = literal(number)
    if ufunc is np.power and position == 1 and type(number) is int:
        return Literal(text), number  # x ** 2 reads best as it is (numpy squares it directly)
    key = (ufunc, method, position, type(number), number,
           tuple(d if isinstance(d, np.dtype) else type(d) for d in dtypes))
    decided = _NUMBER_DECISIONS.get(key)
    if decided is not None:
        return (Literal(text) if decided is False else emitter.constants.number(decided)), number
    if len(_NUMBER_DECISIONS) > 4096:
        _NUMBER_DECISIONS.clear()
    try:
        target = np.result_type(*dtypes)
        if target.kind not in "biufc":
            raise TypeError
        constant = np.asarray(number, dtype=target)[()]
        if constant.item() != number and not (isinstance(number, float) and math.isnan(number)):
            raise TypeError  # (out of range: numpy would raise or convert differently)
        reals = [_real(value) for value in inputs]
        with np.errstate(all="ignore"):
            expected = getattr(ufunc, method)(*reals)
            reals[position] = constant
            got = getattr(ufunc, method)(*reals)
        if not _identical(expected, got):
            raise TypeError
    except (TypeError, ValueError, OverflowError):
        _NUMBER_DECISIONS[key] = False
        return Literal(text), number
    _NUMBER_DECISIONS[key] = constant
    return emitter.constants.number(constant), number


_NUMBER_DECISIONS: dict = {}
"""What ``_number_operand`` decided for a ufunc, operand position, number and operand dtypes (the
decision depends on nothing else)."""


def _constant_result(emitter: Emitter, result: Any) -> Traced:
    if isinstance(result, np.ndarray):
        name = emitter.constants.array(result)
        return Traced(emitter.constants.values[name.name], name, emitter)
    if isinstance(result, np.generic):
        name = emitter.constants.number(result)
        return Traced(result, name, emitter)
    raise TracingError("a numpy result that is not an array")


def _function(emitter: Emitter, func: Callable, args: tuple, kwargs: dict) -> Any:
    name = func.__name__
    if name in _METADATA:
        return func(*_real(args), **_real(kwargs))
    if name in _VALUE_SHAPED or (name == "where" and len(args) + len(kwargs) == 1):
        raise TracingError(f"np.{name} on traced data: its result's shape depends on the values")
    expr_function = _function_expr(emitter, func)
    operands: list[Traced] = []
    exprs = []
    for value in args:
        exprs.append(_argument(emitter, value, operands))
    expr_kwargs = {key: _argument(emitter, value, operands) for key, value in kwargs.items()}
    result = func(*_real(args), **_real(kwargs))
    if name in ("copyto", "place", "put", "putmask", "put_along_axis", "fill_diagonal"):
        target = args[0]
        if not isinstance(target, Traced):
            raise TracingError(f"np.{name} into an array that is not traced")
        emitter.mutate(target, Call(expr_function, exprs, expr_kwargs), "")
        return result
    call = Call(expr_function, exprs, expr_kwargs)
    fresh = name in _FRESH
    if isinstance(result, (np.ndarray, np.generic)):
        if not operands and not fresh:
            return _constant_result(emitter, result)
        return emitter.assign(call, result, name, operands, pure=not fresh)
    if isinstance(result, (tuple, list)) and all(isinstance(item, (np.ndarray, np.generic))
                                                  for item in result):
        whole = emitter.assign(call, tuple(result), name, operands)
        items = [emitter.assign(Subscript(whole.var, [Literal(str(index))], False), item, name,
                                [whole]) for index, item in enumerate(result)]
        return type(result)(items) if isinstance(result, tuple) else items
    raise TracingError(f"np.{name} returned {type(result).__name__} from traced data")


def _function_expr(emitter: Emitter, func: Callable) -> Expr:
    name = func.__name__
    module = getattr(func, "__module__", "") or ""
    if getattr(np, name, None) is func:
        return Attr(Name("np"), name)
    if module.startswith("numpy.linalg") and getattr(np.linalg, name, None) is func:
        return Attr(Attr(Name("np"), "linalg"), name)
    return emitter.constants.object(func, name)


def _argument(emitter: Emitter, value: Any, operands: list[Traced]) -> Expr:
    """A numpy function's argument (arrays, lists of arrays, numbers, shapes ...)."""
    if isinstance(value, Traced):
        operands.append(value)
        return value.var
    if type(value) in (list, tuple) and _contains_traced(value):
        items = [_argument(emitter, item, operands) for item in value]
        return TupleExpr(items) if type(value) is tuple else Call(Name("list"), [TupleExpr(items)])
    return emitter.operand(value)[0]


def _method(self: Traced, name: str, args: tuple, kwargs: dict) -> Any:
    emitter = self.emitter
    if name in ("fill", "sort", "resize", "put", "itemset", "setfield", "partition", "byteswap"):
        if name != "fill":
            raise TracingError(f"the in-place array method .{name}()")
        expr, real, _ = emitter.operand(args[0])
        self.value.fill(real)
        emitter.mutate(self, Call(Attr(self.var, "fill"), [expr]), "")
        return None
    if name in ("nonzero",):
        raise TracingError(f".{name}() on traced data: its result's shape depends on the values")
    operands = [self]
    exprs = [_argument(emitter, value, operands) for value in args]
    expr_kwargs = {key: _argument(emitter, value, operands) for key, value in kwargs.items()}
    result = getattr(self.value, name)(*_real(args), **_real(kwargs))
    call = Call(Attr(self.var, name), exprs, expr_kwargs)
    if isinstance(result, (np.ndarray, np.generic)):
        return emitter.assign(call, result, name, operands, pure=name != "copy")
    if isinstance(result, tuple) and all(isinstance(item, np.ndarray) for item in result):
        whole = emitter.assign(call, result, name, operands)
        return tuple(emitter.assign(Subscript(whole.var, [Literal(str(index))], False), item, name,
                                    [whole]) for index, item in enumerate(result))
    raise TracingError(f".{name}() returned {type(result).__name__} from traced data")


def _key(emitter: Emitter, key: Any) -> tuple[list, Any, bool]:
    """An index as expression parts, its real value, and whether it was a tuple."""
    is_tuple = isinstance(key, tuple)
    items = key if is_tuple else (key,)
    parts: list = []
    real: list = []
    for item in items:
        if isinstance(item, slice):
            bounds = []
            for bound in (item.start, item.stop, item.step):
                if bound is None:
                    bounds.append(None)
                elif isinstance(bound, Traced):
                    raise TracingError("a traced slice bound")
                else:
                    bounds.append(Literal(str(int(bound))))
            parts.append(SliceExpr(*bounds))
            real.append(item)
        elif isinstance(item, Traced):
            if item.value.dtype == np.bool_:
                raise TracingError("a traced boolean mask as an index: the result's shape depends "
                                   "on the values")
            parts.append(item.var)
            real.append(item.value)
        elif item is None or item is Ellipsis or type(item) is int:
            parts.append(Literal(literal(item)))
            real.append(item)
        elif isinstance(item, np.integer):
            parts.append(Literal(str(int(item))))
            real.append(int(item))
        elif isinstance(item, (np.ndarray, list, range)):
            array = np.asarray(item)
            parts.append(emitter.constants.array(array))
            real.append(array)
        else:
            raise TracingError(f"an index of type {type(item).__name__}")
    return parts, tuple(real) if is_tuple else real[0], is_tuple


def traced_product(a: Any, b: Any, start: Any = None) -> Any:
    """``matmul_as_torch_rounds(a, b, start)`` of traced values (autograd_lab/_matmul_rounding.py):
    where eager sums the real values in torch's order, a call of that function in the generated
    code (so compiled code rounds as eager does); elsewhere numpy's ``a @ b`` (``+= start``), as
    eager computes it there."""
    real = in_torch_order(_real(a), _real(b), _real(start))
    if real is None:
        if start is None:
            return a @ b
        out = a @ b
        out += start
        return out
    emitter = next(value.emitter for value in (a, b, start) if isinstance(value, Traced))
    exprs, operands = [], []
    for value in (a, b) if start is None else (a, b, start):
        expr, _, traced = emitter.operand(value)
        exprs.append(expr)
        if traced is not None:
            operands.append(traced)
    function = emitter.constants.object(matmul_as_torch_rounds, "matmul_as_torch_rounds")
    out = emitter.assign(Call(function, exprs), real, "matmul", operands)
    if start is None and np.ndim(real) == 2:
        emitter.products[out.var] = (exprs[0], exprs[1], _real(a), _real(b))
    return out


def comment_for(emitter: Emitter, text: str) -> None:
    """A comment line in the generated code (used between ops)."""
    emitter.comment(text)


__all__ += ["comment_for", "traced_product"]
_ = (Unary, Mutation)  # (re-exported names used by codegen)
