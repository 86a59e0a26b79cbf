"""The generated code as small expression trees, and how they are written out as Python.

Every value the generated code computes is a :class:`Var` (a name) defined by one statement. A
statement's right-hand side is a tree of :class:`Expr` nodes; operators are written infix with the
fewest parentheses Python's precedence allows, so a single-use temporary can be folded into the one
expression that uses it (``inline_temporaries``) and the code reads like hand-written numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from .._matmul_rounding import torch_kernel

__all__ = ["Expr", "Var", "Name", "Literal", "BinOp", "Unary", "Call", "Attr", "Subscript", "TupleExpr",
           "SliceExpr",
           "Statement", "Assign", "Mutation", "Comment", "literal", "render", "rename_in",
           "inline_temporaries", "remove_dead", "used_names", "transpose_products"]


# Python's operator precedence (higher binds tighter)
_PRECEDENCE = {
    "|": 4, "^": 5, "&": 6, "<<": 7, ">>": 7, "+": 8, "-": 8, "*": 9, "/": 9, "//": 9, "%": 9,
    "@": 9, "unary": 10, "**": 11, "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3,
}
_ATOM = 20


class Expr:
    """A node of an expression tree."""

    __slots__ = ()

    def children(self) -> Iterator[Expr]:
        return iter(())

    def precedence(self) -> int:
        return _ATOM


class Var(Expr):
    """A variable of the generated code. The name can change until the code is written out
    (a temporary renamed after the value it turned out to be), so expressions hold the object."""

    __slots__ = ("name", "temporary")

    def __init__(self, name: str, temporary: bool = False) -> None:
        self.name = name
        self.temporary = temporary  # a rule's intermediate: may be folded into its one use

    def __repr__(self) -> str:
        return f"Var({self.name!r})"


class Name(Expr):
    """A fixed name: a module (``np``), a bound constant (``f32_1``), a helper."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Literal(Expr):
    """Python source for a value written in place (``3``, ``(2, 3)``, ``None``, ``'mean'``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def precedence(self) -> int:
        # a negative number binds like a unary minus: (-1) ** 2
        return _PRECEDENCE["unary"] if self.text.startswith("-") else _ATOM


class BinOp(Expr):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr) -> None:
        self.op, self.left, self.right = op, left, right

    def children(self) -> Iterator[Expr]:
        yield self.left
        yield self.right

    def precedence(self) -> int:
        return _PRECEDENCE[self.op]


class Unary(Expr):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Expr) -> None:
        self.op, self.operand = op, operand

    def children(self) -> Iterator[Expr]:
        yield self.operand

    def precedence(self) -> int:
        return _PRECEDENCE["unary"]


class Call(Expr):
    """``function(args, key=value)``; ``function`` is an expression (``np.exp``, ``x.sum``)."""

    __slots__ = ("function", "args", "kwargs")

    def __init__(self, function: Expr, args: list[Expr], kwargs: dict[str, Expr] | None = None) -> None:
        self.function, self.args, self.kwargs = function, args, kwargs or {}

    def children(self) -> Iterator[Expr]:
        yield self.function
        yield from self.args
        yield from self.kwargs.values()


class Attr(Expr):
    __slots__ = ("obj", "attr")

    def __init__(self, obj: Expr, attr: str) -> None:
        self.obj, self.attr = obj, attr

    def children(self) -> Iterator[Expr]:
        yield self.obj


class SliceExpr(Expr):
    """A slice, ``start:stop:step`` in a subscript (``slice(start, stop, step)`` elsewhere); each
    bound an expression or None."""

    __slots__ = ("start", "stop", "step")

    def __init__(self, start: Expr | None, stop: Expr | None, step: Expr | None) -> None:
        self.start, self.stop, self.step = start, stop, step

    def children(self) -> Iterator[Expr]:
        yield from (bound for bound in (self.start, self.stop, self.step) if bound is not None)


class Subscript(Expr):
    """``obj[key]``; ``key`` is a list of parts (a tuple key), each an expression (``Literal`` for
    plain numbers, ``SliceExpr`` for slices)."""

    __slots__ = ("obj", "key", "is_tuple")

    def __init__(self, obj: Expr, key: list, is_tuple: bool) -> None:
        self.obj, self.key, self.is_tuple = obj, key, is_tuple

    def children(self) -> Iterator[Expr]:
        yield self.obj
        yield from self.key


class TupleExpr(Expr):
    __slots__ = ("items",)

    def __init__(self, items: list[Expr]) -> None:
        self.items = items

    def children(self) -> Iterator[Expr]:
        yield from self.items


# -- literals ----------------------------------------------------------------------------------------


def literal(value: Any) -> str | None:
    """Python source that evaluates to ``value`` (numbers, strings, None, bools, numpy dtypes and
    scalar types, tuples and lists of these), or None when there is none."""
    if value is None or isinstance(value, (bool, str)) or value is Ellipsis:
        return "..." if value is Ellipsis else repr(value)
    if type(value) is int:
        return repr(value)
    if type(value) is float:
        if math.isnan(value):
            return "np.nan"
        if math.isinf(value):
            return "np.inf" if value > 0 else "-np.inf"
        return repr(value)
    if isinstance(value, np.dtype):
        return _dtype_name(value)
    if isinstance(value, type) and issubclass(value, np.generic):
        return _dtype_name(np.dtype(value))
    if isinstance(value, type) and value in (int, float, bool, complex):
        return value.__name__
    if isinstance(value, slice):
        parts = [literal(value.start), literal(value.stop), literal(value.step)]
        return None if None in parts else f"slice({', '.join(parts)})"
    if isinstance(value, (tuple, list)):
        items = [literal(item) for item in value]
        if any(item is None for item in items):
            return None
        if isinstance(value, list):
            return "[" + ", ".join(items) + "]"
        return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
    return None


def _dtype_name(dtype: np.dtype) -> str | None:
    name = dtype.type.__name__
    return f"np.{name}" if getattr(np, name, None) is dtype.type else None


# -- writing expressions out -----------------------------------------------------------------------


def render(expr: Expr, parent: int = 0, right: bool = False) -> str:
    """Python source for ``expr``, parenthesised as needed inside an operator of precedence
    ``parent`` (``right``: it is that operator's right operand)."""
    text = _render(expr)
    mine = expr.precedence()
    if mine < parent or (mine == parent and mine != _ATOM and (
            right != (isinstance(expr, BinOp) and expr.op == "**"))):
        # equal precedence: left-associative operators need parentheses on the right, ** on the left
        return f"({text})"
    return text


def _render(expr: Expr) -> str:
    if isinstance(expr, (Var, Name)):
        return expr.name
    if isinstance(expr, Literal):
        return expr.text
    if isinstance(expr, BinOp):
        mine = expr.precedence()
        if expr.op == "**":
            # a ** b ** c is a ** (b ** c); -a ** b is -(a ** b): the left operand binds tighter
            return f"{render(expr.left, mine + 1)} ** {render(expr.right, _PRECEDENCE['unary'])}"
        if mine == 3:  # comparisons do not chain the way arithmetic does
            return f"{render(expr.left, mine + 1)} {expr.op} {render(expr.right, mine + 1)}"
        return f"{render(expr.left, mine)} {expr.op} {render(expr.right, mine, right=True)}"
    if isinstance(expr, Unary):
        return f"{expr.op}{render(expr.operand, expr.precedence())}"
    if isinstance(expr, Call):
        parts = [render(arg) for arg in expr.args]
        parts += [f"{key}={render(value)}" for key, value in expr.kwargs.items()]
        return f"{render(expr.function, _ATOM)}({', '.join(parts)})"
    if isinstance(expr, Attr):
        return f"{render(expr.obj, _ATOM)}.{expr.attr}"
    if isinstance(expr, Subscript):
        parts = [_key_part(part) for part in expr.key]
        if expr.is_tuple and not parts:
            inner = "()"
        else:
            inner = ", ".join(parts)
        return f"{render(expr.obj, _ATOM)}[{inner}]"
    if isinstance(expr, SliceExpr):
        bounds = ["None" if bound is None else render(bound) for bound in
                  (expr.start, expr.stop, expr.step)]
        return f"slice({', '.join(bounds)})"
    if isinstance(expr, TupleExpr):
        items = [render(item) for item in expr.items]
        return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"
    raise TypeError(f"cannot render {expr!r}")


def _key_part(part: Expr) -> str:
    if isinstance(part, SliceExpr):
        start, stop, step = (render(bound) if bound is not None else ""
                             for bound in (part.start, part.stop, part.step))
        return f"{start}:{stop}" + (f":{step}" if step else "")
    return render(part)


# -- statements ------------------------------------------------------------------------------------


class Statement:
    """One line of generated code. ``defines``: the variable it binds (None for a mutation or a
    comment); ``mutates``: the variable it changes in place."""

    __slots__ = ("target", "expr", "mutates", "text_op", "line", "pure", "_reads")

    def __init__(self, target: Var | None, expr: Expr | None, mutates: Var | None = None,
                 text_op: str = "", line: str = "", pure: bool = True) -> None:
        self.target = target
        self.expr = expr
        self.mutates = mutates
        self.text_op = text_op  # for a mutation: "+=", "[]=", "" (a call that mutates)
        self.line = line  # the learner's source line this statement belongs to
        self.pure = pure  # the same expression always gives the same, unshared value
        self._reads: tuple | None = None

    def changed(self) -> None:
        """Forget what it reads (its expression was rewritten)."""
        self._reads = None

    def reads(self) -> tuple:
        """The variables this statement reads (a mutation reads the variable it changes, too)."""
        reads = self._reads
        if reads is None:
            found = list(_vars(self.expr)) if self.expr is not None else []
            if self.mutates is not None:
                found.append(self.mutates)
            reads = self._reads = tuple(found)
        return reads


def Assign(target: Var, expr: Expr, line: str = "", pure: bool = True) -> Statement:  # noqa: N802
    return Statement(target, expr, line=line, pure=pure)


def Mutation(target: Var, expr: Expr, text_op: str, line: str = "") -> Statement:  # noqa: N802
    """``target += expr`` (``text_op`` "+="), ``target[key] = expr`` (``text_op`` the ``[key] =``
    text, rendered later from ``expr``), or a call changing ``target`` (``text_op`` "")."""
    return Statement(None, expr, mutates=target, text_op=text_op, line=line)


def Comment(text: str) -> Statement:  # noqa: N802
    return Statement(None, Literal(text), text_op="#")


def _vars(expr: Expr) -> list[Var]:
    found: list[Var] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is Var:
            found.append(node)
        elif kind is BinOp:
            stack.append(node.left)
            stack.append(node.right)
        elif kind is not Name and kind is not Literal:
            stack.extend(node.children())
    return found


def used_names(statements: list[Statement]) -> set[str]:
    """Names of every variable the statements read."""
    return {var.name for statement in statements for var in statement.reads()}


def statement_text(statement: Statement) -> str:
    """One statement as Python source (without indentation)."""
    if statement.text_op == "#":
        return f"# {statement.expr.text}"
    if statement.target is not None:
        return f"{statement.target.name} = {render(statement.expr)}"
    target = statement.mutates
    if statement.text_op == "":
        return render(statement.expr)
    if statement.text_op.startswith("["):
        key_expr, value = statement.expr.items
        return f"{target.name}[{_subscript_key(key_expr)}] = {render(value)}"
    return f"{target.name} {statement.text_op} {render(statement.expr)}"


def _subscript_key(key_expr: Subscript) -> str:
    text = render(key_expr)
    return text[text.index("[") + 1:-1]


# -- passes ----------------------------------------------------------------------------------------


def remove_dead(statements: list[Statement], live: set[Var],
                components: dict | None = None) -> list[Statement]:
    """Drop the statements whose result nothing needs (``live``: the variables wanted at the end).
    A mutation is kept while its variable, or one sharing its memory (``components``: a variable's
    set of such variables), is needed; it then keeps all of them."""
    components = components or {}
    needed = set(live)
    kept: list[Statement] = []
    for statement in reversed(statements):
        if statement.text_op == "#":
            kept.append(statement)
            continue
        if statement.target is not None:
            if statement.target not in needed:
                continue
            needed.discard(statement.target)
        elif statement.mutates is not None:
            group = components.get(statement.mutates, {statement.mutates})
            if not (group & needed):
                continue
            needed |= group
        needed.update(statement.reads())
        kept.append(statement)
    kept.reverse()
    # comments with nothing under them (before the next comment) go too
    result: list[Statement] = []
    for index, statement in enumerate(kept):
        if statement.text_op == "#" and (index + 1 == len(kept) or kept[index + 1].text_op == "#"):
            continue
        result.append(statement)
    return result


def inline_temporaries(statements: list[Statement], keep: set[Var]) -> list[Statement]:
    """Fold each temporary that is read exactly once into the statement reading it, when nothing in
    between changes what it reads (so ``t = x * x; y = 1 - t`` becomes ``y = 1 - x * x``)."""
    uses: dict[Var, int] = {}
    for statement in statements:
        for var in statement.reads():
            uses[var] = uses.get(var, 0) + 1
    definitions: dict[Var, int] = {}
    for index, statement in enumerate(statements):
        if statement.target is not None:
            definitions[statement.target] = index
    removed: set[int] = set()
    mutations = [index for index, statement in enumerate(statements)
                 if statement.mutates is not None]
    candidates = {var for var, count in uses.items()
                  if count == 1 and var.temporary and var not in keep}
    for index, statement in enumerate(statements):
        if statement.expr is None or statement.text_op == "#":
            continue
        if not any(var in candidates for var in statement.reads()):
            continue
        statement.expr = _substitute(statement.expr, statements, index, uses, definitions, keep,
                                     mutations, removed)
        statement.changed()
    kept = [statement for index, statement in enumerate(statements) if index not in removed]
    return drop_empty_comments(kept)


def transpose_products(statements: list[Statement], products: dict, transposes: dict,
                       keep: set[Var], matmul_rounds: Callable[[], Expr]) -> list[Statement]:
    """Write the transpose of a matrix product read nowhere else as the product of the transposes:
    ``p = a.T @ g; w = p.T`` becomes ``w = g.T @ a`` (the same values, made in the row-major layout
    a gradient is kept in, where ``p.T`` is a transposed view that would be copied). ``products``:
    var -> (left, right, their real values) of a product of two matrices; ``transposes``: var ->
    what it transposes; ``matmul_rounds()``: the name of ``matmul_as_torch_rounds`` in the code."""
    uses: dict[Var, int] = {}
    for statement in statements:
        for var in statement.reads():
            uses[var] = uses.get(var, 0) + 1
    definitions = {statement.target: index for index, statement in enumerate(statements)
                   if statement.target is not None}
    mutations = [index for index, statement in enumerate(statements) if statement.mutates is not None]
    removed: set[int] = set()

    def transposed(operand: Expr) -> Expr:
        source = transposes.get(operand) if isinstance(operand, Var) else None
        if source is not None and uses.get(operand) == 1 and operand not in keep:
            removed.add(definitions[operand])  # (``t = x.T`` read only by the product: gone)
            return source
        return Attr(operand, "T")

    for index, statement in enumerate(statements):
        expr = statement.expr
        if statement.target is None or type(expr) is not Attr or expr.attr != "T":
            continue
        product = expr.obj
        where = definitions.get(product)
        if (product not in products or product in keep or uses.get(product) != 1 or where is None
                or not statements[where].pure
                or not _unchanged_between(statements, where, index, mutations)):
            continue
        left, right, left_value, right_value = products[product]
        operands = [transposed(right), transposed(left)]
        # the product of the transposes sums in torch's order where eager's would (the fast path
        # for linear's weight computes it so: autograd_lab/_matmul_rounding.py)
        statement.expr = (BinOp("@", *operands) if torch_kernel(right_value.T, left_value.T) is None
                          else Call(matmul_rounds(), operands))
        statement.changed()
        removed.add(where)
    return [statement for index, statement in enumerate(statements) if index not in removed]


def drop_empty_comments(statements: list[Statement]) -> list[Statement]:
    """Comments with no statement under them (before the next comment) go."""
    return [statement for index, statement in enumerate(statements)
            if statement.text_op != "#" or (index + 1 < len(statements)
                                            and statements[index + 1].text_op != "#")]


def _substitute(expr: Expr, statements: list[Statement], at: int, uses: dict, definitions: dict,
                keep: set[Var], mutations: list[int], removed: set[int]) -> Expr:
    if isinstance(expr, Var):
        where = definitions.get(expr)
        if (where is None or not expr.temporary or expr in keep or uses.get(expr) != 1
                or where >= at or not statements[where].pure
                or statements[where].line != statements[at].line
                or not _unchanged_between(statements, where, at, mutations)):
            return expr
        removed.add(where)
        return statements[where].expr
    for name in expr.__slots__:
        value = getattr(expr, name)
        if isinstance(value, Expr):
            setattr(expr, name, _substitute(value, statements, at, uses, definitions, keep,
                                            mutations, removed))
        elif isinstance(value, list):
            for position, item in enumerate(value):
                value[position] = _substitute(item, statements, at, uses, definitions, keep,
                                              mutations, removed)
        elif isinstance(value, dict):
            for key, item in value.items():
                value[key] = _substitute(item, statements, at, uses, definitions, keep,
                                         mutations, removed)
    return expr


def _unchanged_between(statements: list[Statement], start: int, end: int,
                       mutations: list[int]) -> bool:
    """Whether no statement strictly between ``start`` and ``end`` mutates a variable the
    statement at ``start`` reads, nor the variable it defines (``mutations``: the indices of the
    statements that mutate something)."""
    between = [index for index in mutations if start < index < end]
    if not between:
        return True
    read = set(statements[start].reads())
    read.add(statements[start].target)
    return not any(statements[index].mutates in read for index in between)


def rename_in(statements: list[Statement], old: Var, new: Var) -> None:
    """Replace every reference to ``old`` by ``new`` (used when two names turn out to be one)."""
    for statement in statements:
        if statement.target is old:
            statement.target = new
        if statement.mutates is old:
            statement.mutates = new
        if statement.expr is not None:
            statement.expr = _replace(statement.expr, old, new)
        statement.changed()


def _replace(expr: Expr, old: Var, new: Var) -> Expr:
    if expr is old:
        return new
    for name in expr.__slots__:
        value = getattr(expr, name)
        if isinstance(value, Expr):
            setattr(expr, name, _replace(value, old, new))
        elif isinstance(value, list):
            for position, item in enumerate(value):
                value[position] = _replace(item, old, new)
        elif isinstance(value, dict):
            for key, item in value.items():
                value[key] = _replace(item, old, new)
    return expr
