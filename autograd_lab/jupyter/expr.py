"""Safe math expressions: ``"x**2 * sin(x)"`` or ``"a*x + b"`` turned into a function on tensors.

Widgets accept a formula typed by a learner. Lessons may be served read-only (Voila, a shared
server), where such a text box must never be able to run code, so nothing here calls ``eval`` or
``exec``. The source is parsed with :mod:`ast` and every node is checked against a whitelist:

* numbers (``2``, ``0.5``, ``1e-3``), the constants ``pi`` and ``e``;
* the declared variables (``x``, or ``x`` and ``y``) and declared parameters (``a``, ``b`` ...);
* ``+ - * / **`` and unary ``-``/``+``;
* calls of the library's math functions by plain name (``sin(x)``, ``exp(-x**2)``).

Everything else (attribute access, indexing, lambdas, comprehensions, strings, keyword arguments,
comparisons, walrus ...) is refused with a message a learner can act on. A constant exponent larger
than :data:`MAX_EXPONENT` is refused too: ``10**10**10`` would otherwise keep Python busy computing a
ten-billion-digit integer. The accepted tree is turned into nested Python closures, one per node.

Whatever text arrives (a JSON-fed text box can deliver lone surrogates and control characters),
:func:`parse_expression` raises nothing but :class:`ExpressionError`, whose message always encodes and
whose caret counts characters. Characters that look like an operator or a constant (``×``, ``−``,
``²``, ``π`` ...) get a hint saying what to type (:data:`LOOK_ALIKES`).
"""

from __future__ import annotations

import ast
import math
import operator
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

__all__ = ["ExpressionError", "Expression", "parse_expression", "FUNCTIONS", "CONSTANTS", "MAX_EXPONENT",
           "MAX_LENGTH", "LOOK_ALIKES"]

#: Longest accepted source, in characters (bounds parse time and nesting).
MAX_LENGTH = 400
#: Largest magnitude of an exponent that is a constant (``x**1000`` is fine, ``x**10**10`` is not).
MAX_EXPONENT = 1000.0

#: Function name -> number of arguments. Each is looked up on ``autograd_lab`` by the same name,
#: so what a formula computes is what the engine computes (and differentiates); a name the library
#: does not provide (yet) is refused with a message saying so.
FUNCTIONS: dict[str, int] = {
    **dict.fromkeys(
        ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "expm1", "log",
         "log2", "log10", "log1p", "sqrt", "abs", "sigmoid", "relu", "erf", "square", "sign"],
        1,
    ),
    "pow": 2,
    "maximum": 2,
    "minimum": 2,
    "atan2": 2,
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

_BINARY_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: lambda base, exponent: _power(base, exponent),
}
_UNARY_OPERATORS: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_OPERATOR_SYMBOLS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
                     ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Not: "not", ast.Invert: "~"}

# Plain-language names for the constructs people try most, so the refusal says what was seen.
_REFUSED_CONSTRUCTS: dict[type, str] = {
    ast.Attribute: "attribute access (like `x.grad` or `os.system`) is",
    ast.Subscript: "indexing (like `x[0]`) is",
    ast.Lambda: "lambda is",
    ast.ListComp: "comprehensions are",
    ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are",
    ast.Compare: "comparisons are",
    ast.BoolOp: "`and` / `or` are",
    ast.IfExp: "`... if ... else ...` is",
    ast.NamedExpr: "assignment (`:=`) is",
    ast.List: "lists are",
    ast.Tuple: "tuples are",
    ast.Set: "sets are",
    ast.Dict: "dicts are",
    ast.JoinedStr: "strings are",
    ast.Starred: "`*` unpacking is",
    ast.Await: "await is",
    ast.Yield: "yield is",
    ast.YieldFrom: "yield is",
    ast.Slice: "slices are",
}


#: Characters people type for an operator or a constant (from a textbook, a phone, a PDF), and what
#: to type instead. Superscript digits are handled by :func:`_look_alike_hint` itself.
LOOK_ALIKES: dict[str, str] = {
    **dict.fromkeys("×·∙⋅∗✕", "type * to multiply"),
    **dict.fromkeys("−–—‒﹣", "type - (the minus on the keyboard)"),
    **dict.fromkeys("÷∕⁄", "type / to divide"),
    "√": "type sqrt(...) for a square root",
    "π": "type pi for π",
    "ℯ": "type e for ℯ",
    "^": "for a power type **, as in x**2",
}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _look_alike_hint(text: str) -> str | None:
    """What to type instead of the look-alike ``text`` (a character or a name), or None."""
    if text in LOOK_ALIKES:
        return LOOK_ALIKES[text]
    if text and all(character in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻" for character in text):
        return f"type **{text.translate(_SUPERSCRIPTS)} for a power"
    for character in text:  # π and the middle dot can be part of a name: πx, x·y
        if character in LOOK_ALIKES:
            return LOOK_ALIKES[character]
    plain = unicodedata.normalize("NFKC", text)  # fullwidth ＋ is +
    if plain != text and plain.isascii() and plain.isprintable():
        return f"type {plain}"
    return None


def _printable(text: str) -> str:
    """``text`` with characters that cannot be shown (lone surrogates, control characters) replaced
    one for one by U+FFFD, so the message encodes and its caret stays in place."""
    return "".join(character if _showable(character) else "\ufffd" for character in text)


def _showable(character: str) -> bool:
    return not ("\ud800" <= character <= "\udfff") and (
        character.isprintable() or character == " ")


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: wide (CJK, fullwidth) characters take two,
    combining marks none."""
    return sum(0 if unicodedata.combining(character) else
               2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


class ExpressionError(ValueError):
    """A formula that cannot be accepted; ``str(error)`` is meant to be shown to the learner.

    ``column`` is the 1-based position (in characters) of the offending part in the source, when
    known. The message always encodes as UTF-8: characters that cannot be shown are replaced.
    """

    def __init__(self, message: str, source: str = "", column: int | None = None) -> None:
        self.message = _printable(message)
        self.source = _printable(source)
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        if self.column is None or not self.source:
            return self.message
        caret = " " * _display_width(self.source[:self.column - 1]) + "^"
        return f"{self.message} (column {self.column})\n    {self.source}\n    {caret}"


# A compiled node: takes the values of the names (variables and parameters), returns the value.
_Evaluator = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Expression:
    """A checked formula, callable as ``expression(x, y, a=..., b=...)`` on tensors or numbers.

    Variables are passed positionally in the order of :attr:`variables`; parameters by keyword.
    """

    source: str
    variables: tuple[str, ...]
    parameters: tuple[str, ...]
    _evaluate: _Evaluator

    def __call__(self, *variables: Any, **parameters: Any) -> Any:
        if len(variables) != len(self.variables):
            raise TypeError(f"{self} takes {len(self.variables)} variable(s) "
                            f"({', '.join(self.variables)}), got {len(variables)}")
        missing = [name for name in self.parameters if name not in parameters]
        if missing:
            raise TypeError(f"{self} needs a value for parameter(s) {', '.join(missing)}")
        values = dict(zip(self.variables, variables))
        values.update(parameters)
        try:
            return self._evaluate(values)
        # Only plain-number arithmetic raises these (tensors give inf and nan, as in torch).
        except OverflowError:
            raise ExpressionError(f"a number in {self.source!r} is too large to compute") from None
        except ZeroDivisionError:
            raise ExpressionError(f"{self.source!r} divides a number by zero") from None

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def parse_expression(source: str, variables: Sequence[str] = ("x",),
                     parameters: Iterable[str] = (), library: ModuleType | None = None,
                     reserved: Mapping[str, str] | None = None) -> Expression:
    """Check ``source`` against the whitelist and compile it; raise :class:`ExpressionError` if refused.

    ``variables`` are the positional inputs (``("x",)`` for a curve, ``("x", "y")`` for a surface);
    ``parameters`` the names that get sliders. Any other name is refused, with the list of what is
    allowed. ``library`` provides the math functions (``autograd_lab`` by default; the test goldens
    evaluate the same formulas with ``torch``). ``reserved`` maps names that cannot be parameters
    (a widget's own arguments, such as ``grad``) to what they are, for the message.

    No input makes this raise anything but :class:`ExpressionError`: lone surrogates, control
    characters and any other text are refused with a message that points at them.
    """
    if not isinstance(source, str):
        raise ExpressionError(f"an expression must be a string, not {type(source).__name__}")
    text = source.strip()
    if not text:
        raise ExpressionError("the expression is empty: type a formula such as x**2 * sin(x)")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})")
    for index, character in enumerate(text):
        if not _showable(character):  # ast.parse would fail on them with a raw encoding error
            raise ExpressionError(f"this is not a valid formula: the character U+{ord(character):04X} "
                                  "cannot be part of a formula", text, index + 1)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        column = error.offset if error.offset and error.offset <= len(text) else None
        message = f"this is not a valid formula: {error.msg}"
        hint = _look_alike_hint(text[column - 1]) if column is not None else None
        raise ExpressionError(f"{message}: {hint}" if hint else message, text, column) from None
    except (RecursionError, MemoryError):  # absurd nesting within the length limit
        raise ExpressionError("the expression is nested too deeply") from None
    if library is None:
        import autograd_lab as library
    compiler = _Compiler(text, tuple(variables), tuple(parameters), library, dict(reserved or {}))
    try:
        evaluate = compiler.compile(tree.body)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply") from None
    return Expression(text, tuple(variables), tuple(parameters), evaluate)


class _Compiler:
    """Checks one parsed formula node by node and builds its evaluator."""

    def __init__(self, source: str, variables: tuple[str, ...], parameters: tuple[str, ...],
                 library: ModuleType, reserved: dict[str, str]) -> None:
        self.source = source
        self.library = library
        self.variables = variables
        self.parameters = parameters
        self.reserved = reserved
        # ast gives columns as UTF-8 byte offsets; messages count characters
        self.encoded = source.encode("utf-8")
        for name in variables + parameters:
            if name in FUNCTIONS or name in CONSTANTS or not name.isidentifier() or name.startswith("_"):
                raise ExpressionError(f"{name!r} cannot be used as a variable or parameter name")

    def refuse(self, message: str, node: ast.AST) -> ExpressionError:
        offset = getattr(node, "col_offset", None)
        if offset is None:
            return ExpressionError(message, self.source)
        column = len(self.encoded[:offset].decode("utf-8", errors="replace")) + 1
        return ExpressionError(message, self.source, column)

    def compile(self, node: ast.AST) -> _Evaluator:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        what = _REFUSED_CONSTRUCTS.get(type(node), f"`{type(node).__name__}` is")
        raise self.refuse(f"{what} not allowed in a formula", node)

    def constant(self, node: ast.Constant) -> _Evaluator:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str | bytes):
                what = "strings are not allowed in a formula: only numbers"
            elif isinstance(value, complex):
                what = (f"complex numbers (like {ast.unparse(node)}) are not allowed in a formula: "
                        "only real numbers")
            else:  # True, False, None, ...
                what = f"`{ast.unparse(node)}` is not allowed in a formula: only numbers"
            raise self.refuse(what, node)
        try:
            number = float(value)  # floats only: Python ints would make `2**x` exact and unbounded
        except OverflowError:
            raise self.refuse("this number is too large", node) from None
        return lambda values: number

    def name(self, node: ast.Name) -> _Evaluator:
        name = node.id
        if name in CONSTANTS:
            constant = CONSTANTS[name]
            return lambda values: constant
        if name in self.variables or name in self.parameters:
            return lambda values: values[name]
        if name in FUNCTIONS:
            raise self.refuse(f"{name} is a function: call it, as in {name}(x)", node)
        if name in self.reserved:
            raise self.refuse(f"{name} is taken ({self.reserved[name]}), so it cannot be a parameter: "
                              f"give the parameter another name", node)
        hint = _look_alike_hint(name)
        if hint is not None:
            raise self.refuse(f"unknown name {name!r}: {hint}", node)
        raise self.refuse(f"unknown name {name!r}. {self.allowed_names()}", node)

    def allowed_names(self) -> str:
        parts = [f"variables {', '.join(self.variables)}"]
        if self.parameters:
            parts.append(f"parameters {', '.join(self.parameters)}")
        parts.append("constants pi, e")
        advice = "Allowed: " + "; ".join(parts) + "; functions " + self.functions() + "."
        if not self.parameters:
            advice += " A new parameter needs declaring, e.g. plot_grad('a*x', a=(-2, 2))."
        return advice

    def functions(self) -> str:
        """The whitelisted functions this library provides, for messages."""
        return ", ".join(name for name in FUNCTIONS if hasattr(self.library, name))

    def binary(self, node: ast.BinOp) -> _Evaluator:
        function = _BINARY_OPERATORS.get(type(node.op))
        if function is None:
            symbol = _OPERATOR_SYMBOLS.get(type(node.op), type(node.op).__name__)
            hint = f" ({LOOK_ALIKES[symbol]})" if symbol in LOOK_ALIKES else ""
            raise self.refuse(f"the operator {symbol} is not allowed: use + - * / **{hint}", node)
        left, right = self.compile(node.left), self.compile(node.right)
        if isinstance(node.op, ast.Pow):
            self.check_exponent(node.right)
        return lambda values: function(left(values), right(values))

    def check_exponent(self, exponent: ast.AST) -> None:
        """Refuse a constant exponent beyond :data:`MAX_EXPONENT` before anything is computed."""
        value = _constant_value(exponent)
        if value is None:
            return  # it depends on a variable: the engine's floats overflow to inf, they never hang
        if not math.isfinite(value) or abs(value) > MAX_EXPONENT:
            shown = "too large to compute" if not math.isfinite(value) else f"{value:g}"
            raise self.refuse(
                f"the exponent {ast.unparse(exponent)} is {shown}: exponents are limited to "
                f"±{MAX_EXPONENT:g}", exponent)

    def unary(self, node: ast.UnaryOp) -> _Evaluator:
        function = _UNARY_OPERATORS.get(type(node.op))
        if function is None:
            symbol = _OPERATOR_SYMBOLS.get(type(node.op), type(node.op).__name__)
            raise self.refuse(f"the operator {symbol} is not allowed: use + - * / **", node)
        operand = self.compile(node.operand)
        return lambda values: function(operand(values))

    def call(self, node: ast.Call) -> _Evaluator:
        if not isinstance(node.func, ast.Name):
            self.compile(node.func)  # refuses what is being called (x.method, a lambda ...) by name
            raise self.refuse("only math functions called by name are allowed, as in sin(x)", node)
        name = node.func.id
        if name not in FUNCTIONS:
            if name in self.variables or name in self.parameters:
                raise self.refuse(f"{name} is not a function: write {name}*(...) to multiply", node)
            raise self.refuse(f"unknown function {name!r}. Allowed functions: {self.functions()}", node)
        if node.keywords:
            raise self.refuse(f"{name}() takes no keyword arguments", node)
        arity = FUNCTIONS[name]
        if len(node.args) != arity:
            raise self.refuse(f"{name}() takes {arity} argument{'s' if arity > 1 else ''}, "
                              f"got {len(node.args)}", node)
        arguments = [self.compile(argument) for argument in node.args]
        if name == "pow":
            self.check_exponent(node.args[1])
        function = getattr(self.library, name, None)
        if function is None:
            raise self.refuse(f"{name}() is not available in {self.library.__name__}", node)
        library = self.library
        return lambda values: function(*[_as_tensor(library, argument(values)) for argument in arguments])


def _constant_value(node: ast.AST) -> float | None:
    """The value of a subtree made of numbers, constants and arithmetic only; None otherwise.

    Works in floats with overflow caught, so it is fast for any input (``10**10**10`` is ``inf``).
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(
            node.value, bool):
        try:
            return float(node.value)
        except OverflowError:
            return math.inf
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY_OPERATORS:
        operand = _constant_value(node.operand)
        return None if operand is None else _UNARY_OPERATORS[type(node.op)](operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY_OPERATORS:
        left, right = _constant_value(node.left), _constant_value(node.right)
        if left is None or right is None:
            return None
        try:
            result = _BINARY_OPERATORS[type(node.op)](left, right)
        except OverflowError:
            return math.inf
        except ZeroDivisionError:
            return math.nan
        return float(result)
    return None


def _power(base: Any, exponent: Any) -> Any:
    """``base ** exponent``; for two plain numbers a negative base with a fractional exponent is
    ``nan`` (as for tensors), where Python would return a complex number."""
    result = base**exponent
    return math.nan if isinstance(result, complex) else result


def _as_tensor(library: ModuleType, value: Any) -> Any:
    """Math functions take tensors (as in torch): a plain number argument becomes a float64 tensor."""
    if isinstance(value, library.Tensor):
        return value
    return library.tensor(value, dtype=library.float64)
