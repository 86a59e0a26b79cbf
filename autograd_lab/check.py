"""Feedback on the lessons' exercises: your answer next to what autograd computes, and what differs.

Every check takes the exercise's number first and returns a :class:`Feedback`, which shows itself
as a few lines of text: ✓ when the answer is right, ✗ with *what* is wrong (the first element that
differs, its index, your value and autograd's, a pattern such as "every element is half of
autograd's") and the exercise's hint, or "not answered yet" while the answer, or the code it comes
from, still holds a ``...`` placeholder::

    t.check.value("1.1", my_grad, x.grad)                    # any tensor, number, list or tuple
    t.check.value("5.1", {"grad_w": gw, "grad_b": gb}, {"grad_w": w.grad, "grad_b": b.grad})
    t.check.value("8.2", lambda: run(step), expected, uses=step)   # computed from code you wrote
    t.check.at_least("10.2", accuracy, 0.95)
    t.check.grad("9.2", dlogits, logits)                     # against logits.grad, after backward
    t.check.backward("9.3", t.tanh, tanh_backward, x)        # a hand-written backward against autograd
    t.check.same_gradients("6.1", Cube.apply, lambda x: x**3, x)  # a custom op against a reference
    t.check.derivative("4.1", f, gradf)                      # a derivative, drawn over autograd's

Nothing here imports IPython or matplotlib: ``derivative`` draws its plot (``plot_grad``) only when
the feedback is displayed in a notebook. Numbers are compared with ``rtol=1e-4, atol=1e-6`` unless
a check says otherwise: float32 rounding passes, a wrong formula does not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .tensor import Tensor

__all__ = ["Feedback", "value", "at_least", "grad", "backward", "same_gradients", "derivative",
           "has_placeholder", "compare", "RTOL", "ATOL"]

RTOL = 1e-4
ATOL = 1e-6
#: Where a hand-written backward is checked: an upstream gradient that is not all ones (a backward
#: that forgets to multiply by it must fail), the same on every run.
_UPSTREAM_SEED = 1234

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"
#: An exercise's number ("9.2"): shown as "Exercise 9.2"; any other label (a worked example's
#: "dW") is shown as it is.
_EXERCISE_NUMBER = re.compile(r"\d+(\.\d+)*[a-z]?")


@dataclass
class Feedback:
    """The checker's verdict on one exercise. ``passed`` (also its truth value), ``status`` (``correct``,
    ``wrong`` or ``unanswered``) and the lines it shows; displays as text."""

    exercise: str
    status: str
    details: list[str] = field(default_factory=list)
    hint: str = ""
    picture: Callable[[], Any] | None = None  # makes what is drawn above the text (in a notebook)

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.passed

    @property
    def text(self) -> str:
        """What the feedback says, as plain text."""
        label = f"Exercise {self.exercise}" if _EXERCISE_NUMBER.fullmatch(self.exercise) else self.exercise
        head = {CORRECT: f"✓ {label}: correct.",
                WRONG: f"✗ {label}: not yet.",
                UNANSWERED: f"… {label}: not answered yet."}[self.status]
        lines = [head, *(f"  {line}" for line in self.details)]
        if self.status == WRONG and self.hint:
            lines.append(f"  Hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if self.picture is not None:
            display(self.picture())
        display({"text/plain": self.text}, raw=True)


# ------------------------------------------------------------------------------------------------
# Comparing arrays, and saying how they differ
# ------------------------------------------------------------------------------------------------


def _unanswered(answer: Any) -> bool:
    if isinstance(answer, dict):
        return any(_unanswered(item) for item in answer.values())
    return answer is Ellipsis or (isinstance(answer, (tuple, list)) and any(_unanswered(a) for a in answer))


def _code_objects(code: Any) -> list[Any]:
    nested = [const for const in code.co_consts if hasattr(const, "co_consts")]
    return [code, *(inner for const in nested for inner in _code_objects(const))]


def has_placeholder(obj: Any, _seen: set[int] | None = None) -> bool:
    """Whether the code of ``obj`` (a function, a method, a class's methods, or a ``Function``'s
    ``apply``) still holds a ``...`` placeholder: an exercise not answered yet."""
    seen = set() if _seen is None else _seen
    if isinstance(obj, type):
        if id(obj) in seen:  # (a Function's node class names the Function back: _forward_cls)
            return False
        seen.add(id(obj))
        members = [vars(obj)[name] for name in vars(obj) if not name.startswith("__")]
        return any(has_placeholder(getattr(member, "__func__", member), seen) for member in members)
    target = getattr(obj, "__self__", None)
    if isinstance(target, type):  # MyFunction.apply: the class it belongs to
        return has_placeholder(target, seen)
    function = getattr(obj, "__func__", obj)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    if any(Ellipsis in c.co_consts for c in _code_objects(code)):
        return True
    return _source_has_ellipsis(function)  # a bare `...` statement is compiled away


def _source_has_ellipsis(function: Any) -> bool:
    """Whether the source of ``function`` has a ``...`` token (outside strings and comments)."""
    import inspect
    import io
    import tokenize

    try:
        source = inspect.getsource(function)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (OSError, TypeError, tokenize.TokenError, SyntaxError, IndentationError):
        return False
    return any(token.type == tokenize.OP and token.string == "..." for token in tokens)


def _array(answer: Any) -> np.ndarray:
    """``answer`` (a tensor, array, number or nested list of them) as a numpy array."""
    if isinstance(answer, Tensor):
        return answer.detach().numpy().copy()
    if isinstance(answer, (list, tuple)) and any(isinstance(item, Tensor) for item in answer):
        return np.array([_array(item) for item in answer])
    return np.asarray(answer)


def _index(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _number(number: Any) -> str:
    if isinstance(number, (bool, np.bool_, str)):
        return repr(number.item() if isinstance(number, np.generic) else number)
    number = float(number)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    return f"{number:.6g}"


def _pattern(yours: np.ndarray, expected: np.ndarray, rtol: float, atol: float,
             reference: str = "autograd's") -> str:
    """A short diagnosis when the difference follows a pattern (a factor, a sign, a transpose)."""
    transposed = yours.ndim == 2 and yours.shape == expected.T.shape and yours.shape != expected.shape
    if transposed and np.allclose(yours.T, expected, rtol=rtol, atol=atol):
        return f"yours is the transpose of {reference}"
    if yours.shape != expected.shape:
        return ""
    if np.allclose(yours, -expected, rtol=rtol, atol=atol):
        return "every element has the wrong sign"
    if np.allclose(yours, 0) and not np.allclose(expected, 0):
        return "yours is all zeros"
    nonzero = np.abs(expected) > atol
    if nonzero.sum() >= 2:  # one number is always some multiple of another
        ratios = yours[nonzero] / expected[nonzero]
        ratio = float(np.median(ratios))
        if ratio != 0 and np.allclose(ratios, ratio, rtol=1e-3) and np.allclose(yours, ratio * expected,
                                                                                  rtol=rtol, atol=atol):
            return f"every element is {_number(ratio)} times {reference}: a missing or extra factor?"
    return ""


def compare(name: str, yours: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL,
            reference: str = "the expected answer") -> list[str]:
    """Empty if ``yours`` matches ``expected`` (shape, and values to the tolerance); else the lines
    that say how they differ (``reference`` names ``expected`` in them)."""
    mine, theirs = _array(yours), _array(expected)
    if mine.dtype == object or theirs.dtype == object:
        return [] if yours == expected else [f"{name} is {yours!r} where {reference} is {expected!r}"]
    if mine.shape != theirs.shape:
        pattern = _pattern(mine, theirs, rtol, atol, reference)
        lines = [f"{name} has shape {tuple(mine.shape)} where {reference} has shape {tuple(theirs.shape)}"]
        return lines + ([pattern] if pattern else [])
    numeric = np.issubdtype(mine.dtype, np.number) and np.issubdtype(theirs.dtype, np.number)
    if numeric and not (mine.dtype == bool or theirs.dtype == bool):
        with np.errstate(invalid="ignore"):
            wrong = ~np.isclose(mine.astype(np.float64), theirs.astype(np.float64), rtol=rtol, atol=atol,
                                equal_nan=True)
    else:
        wrong = mine != theirs
    wrong = np.asarray(wrong)
    if not wrong.any():
        return []
    where = [tuple(int(i) for i in index) for index in np.argwhere(wrong)]
    first = where[0]
    count, total = len(where), wrong.size
    line = f"{name}{_index(first)} is {_number(mine[first])} where {reference} is {_number(theirs[first])}"
    if total > 1:
        line += f" ({count} of {total} elements differ)"
    lines = [line]
    if numeric:
        pattern = _pattern(mine.astype(np.float64), theirs.astype(np.float64), rtol, atol, reference)
        if pattern:
            lines.append(pattern)
    return lines


def _verdict(exercise: str, problems: list[str], hint: str, correct: str) -> Feedback:
    if problems:
        return Feedback(exercise, WRONG, problems, hint)
    return Feedback(exercise, CORRECT, [correct] if correct else [])


def _failed_call(exercise: str, what: str, error: BaseException, hint: str) -> Feedback:
    return Feedback(exercise, WRONG, [f"{what} raised {type(error).__name__}: {error}"], hint)


# ------------------------------------------------------------------------------------------------
# The checks
# ------------------------------------------------------------------------------------------------


def value(exercise: str, answer: Any, expected: Any, *, name: str = "your answer", hint: str = "",
          uses: Any = None, rtol: float = RTOL, atol: float = ATOL) -> Feedback:
    """Check ``answer`` (a tensor, number, string, list or tuple) against ``expected``.

    Several answers at once: dicts of the same keys, each named by its key. ``answer`` may also be a
    function without arguments that computes it from code the learner wrote or a value they chose
    (``uses``: that function, class or value): it is called only once ``uses`` holds no ``...``
    placeholder any more, and an exception it raises is reported as feedback.
    """
    answer, early = _resolve(exercise, answer, name, hint, uses)
    if early is not None:
        return early
    if isinstance(answer, dict) and isinstance(expected, dict):
        missing = sorted(set(expected) - set(answer))
        problems = [f"{key} is missing" for key in missing]
        for key in expected:
            if key in answer:
                problems += compare(key, answer[key], expected[key], rtol, atol)
        shown = ", ".join(f"{key} is {_short(answer[key])}" for key in expected)
        return _verdict(exercise, problems, hint, shown)
    problems = compare(name, answer, expected, rtol, atol)
    return _verdict(exercise, problems, hint, f"{name} is {_short(answer)}")


def at_least(exercise: str, answer: Any, minimum: float, *, name: str = "your result", hint: str = "",
             uses: Any = None) -> Feedback:
    """Check that a number (say an accuracy) reaches ``minimum``; ``answer`` and ``uses`` as for
    :func:`value`."""
    answer, early = _resolve(exercise, answer, name, hint, uses)
    if early is not None:
        return early
    number = float(_array(answer))
    if number >= minimum:
        return Feedback(exercise, CORRECT, [f"{name} is {_number(number)}, at least {_number(minimum)}"])
    return Feedback(exercise, WRONG, [f"{name} is {_number(number)}, below {_number(minimum)}"], hint)


def _not_yet(exercise: str, code: Any, what: str = "replace it with your code") -> Feedback:
    return Feedback(exercise, UNANSWERED, [f"{_name_of(code)} still holds a ...: {what}"])


def _resolve(exercise: str, answer: Any, name: str, hint: str, uses: Any) -> tuple[Any, Feedback | None]:
    """The answer to check, or the feedback to give before checking: code still holding a ``...``,
    an answer that is one, or an error of the function that computes it."""
    if uses is not None and _unanswered(uses):
        return None, Feedback(exercise, UNANSWERED, ["replace the ... with your answer"])
    if uses is not None and has_placeholder(uses):
        return None, _not_yet(exercise, uses)
    if callable(answer) and not isinstance(answer, Tensor):
        try:
            answer = answer()
        except Exception as error:  # noqa: BLE001 - the learner's code: said in the feedback
            return None, _failed_call(exercise, f"computing {name}", error, hint)
    if isinstance(answer, dict) and _unanswered(answer):
        waiting = _listed([key for key, item in answer.items() if _unanswered(item)])
        return None, Feedback(exercise, UNANSWERED, [f"replace the ... with {waiting}"])
    if _unanswered(answer):
        return None, Feedback(exercise, UNANSWERED, [f"replace the ... with {name}"])
    return answer, None


def _name_of(obj: Any) -> str:
    owner = getattr(obj, "__self__", None)
    named = owner if isinstance(owner, type) else obj
    return f"`{getattr(named, '__name__', 'your code')}`"


def _short(answer: Any) -> str:
    array = _array(answer)
    if array.dtype == object or array.size > 6:
        return "right" if array.size > 6 else repr(answer)
    if array.ndim == 0:
        return _number(array.item())
    return "[" + ", ".join(_short(item) for item in array) + "]"


def grad(exercise: str, answer: Any, tensor: Tensor | dict[str, Tensor], *, name: str | None = None,
         hint: str = "", rtol: float = RTOL, atol: float = ATOL) -> Feedback:
    """Check a gradient computed by hand against ``tensor.grad``, which a backward filled (call
    ``retain_grad()`` on an intermediate result before the backward). Several at once: a dict of
    answers and a dict of the tensors they are gradients of, under the same names."""
    answers = answer if isinstance(answer, dict) else {name or "your gradient": answer}
    tensors = tensor if isinstance(tensor, dict) else {name or "your gradient": tensor}
    waiting = [label for label, item in answers.items() if _unanswered(item)]
    if waiting:
        return Feedback(exercise, UNANSWERED, [f"replace the ... with {_listed(waiting)}"])
    problems: list[str] = []
    largest, count = 0.0, 0
    for label, target in tensors.items():
        if target.grad is None:
            raise ValueError(f"{label}: the tensor has no .grad to compare with: call .retain_grad() on it "
                             "before the backward (or check a leaf that requires grad)")
        if label not in answers:
            problems.append(f"{label} is missing")
            continue
        found = compare(label, answers[label], target.grad, rtol, atol, reference="autograd's")
        problems += found
        if not found:
            largest = max(largest, _largest_difference(answers[label], target.grad))
            count += target.grad.numel()
    names = _listed(list(tensors))
    return _verdict(exercise, problems, hint,
                    f"{names} {'match' if len(tensors) > 1 else 'matches'} autograd on all {count} elements "
                    f"(largest difference {_tiny(largest)})")


def _largest_difference(yours: Any, expected: Any) -> float:
    with np.errstate(invalid="ignore"):
        difference = np.abs(_array(yours).astype(np.float64) - _array(expected).astype(np.float64))
    return float(difference.max()) if difference.size else 0.0


def _tiny(number: float) -> str:
    """A difference shown so that rounding noise (which differs between machines) does not change
    the text: 0 and 3e-08 alike are "below 1e-05"."""
    return "below 1e-05" if number < 1e-5 else f"{number:.2g}"


def _listed(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _float64_leaves(inputs: Sequence[Any]) -> list[Any]:
    """Copies of ``inputs``: float tensors become float64 leaves that require grad; the rest stay."""
    from ._dtypes import float64
    from .creation import tensor as make_tensor

    leaves = []
    for item in inputs:
        if isinstance(item, Tensor) and item.is_floating_point():
            leaves.append(make_tensor(item.detach().numpy().astype(np.float64), dtype=float64,
                                      requires_grad=True))
        else:
            leaves.append(item)
    return leaves


def _upstream(output: Tensor) -> Tensor:
    from ._dtypes import float64
    from .creation import tensor as make_tensor

    numbers = np.random.default_rng(_UPSTREAM_SEED).standard_normal(tuple(output.shape))
    return make_tensor(numbers, dtype=float64)


def backward(exercise: str, forward: Callable[..., Tensor], backward: Callable[..., Any], *inputs: Any,
             hint: str = "", rtol: float = RTOL, atol: float = ATOL) -> Feedback:
    """Check a hand-written backward against autograd.

    ``forward(*inputs)`` computes a tensor; ``backward(grad, *inputs)`` must return the gradient with
    respect to each floating-point input (a tuple when there are several), given ``grad``, the
    gradient arriving at the output. Both run in float64, with an upstream gradient of random numbers.
    """
    if has_placeholder(backward):
        return _not_yet(exercise, backward, "write its formula")
    leaves = _float64_leaves(inputs)
    output = forward(*leaves)
    upstream = _upstream(output)
    output.backward(upstream)
    differentiable = [leaf for leaf in leaves if isinstance(leaf, Tensor) and leaf.requires_grad]
    plain = [leaf.detach() if isinstance(leaf, Tensor) else leaf for leaf in leaves]
    try:
        yours = backward(upstream, *plain)
    except Exception as error:  # noqa: BLE001 - the learner's code: said in the feedback
        return _failed_call(exercise, "your backward", error, hint)
    if _unanswered(yours):
        return Feedback(exercise, UNANSWERED, ["your backward returns ...: write its formula"])
    answers = list(yours) if isinstance(yours, (tuple, list)) and len(differentiable) > 1 else [yours]
    if len(answers) != len(differentiable):
        return Feedback(exercise, WRONG, [f"your backward returned {len(answers)} gradients, one per input "
                                          f"is {len(differentiable)}"], hint)
    problems: list[str] = []
    for number, (answer, leaf) in enumerate(zip(answers, differentiable)):
        name = "your gradient" if len(differentiable) == 1 else f"gradient {number}"
        problems += compare(name, answer, leaf.grad, rtol, atol, reference="autograd's")
    count = sum(leaf.numel() for leaf in differentiable)
    return _verdict(exercise, problems, hint, f"your backward matches autograd on all {count} elements")


def same_gradients(exercise: str, function: Callable[..., Tensor], reference: Callable[..., Tensor],
                   *inputs: Any, hint: str = "", rtol: float = RTOL, atol: float = ATOL) -> Feedback:
    """Check that ``function`` (say a custom ``Function``'s ``apply``) computes what ``reference`` does,
    and that backward through it gives the gradients autograd gives through ``reference``."""
    if has_placeholder(function):
        return _not_yet(exercise, function)
    yours_in, reference_in = _float64_leaves(inputs), _float64_leaves(inputs)
    try:
        yours = function(*yours_in)
    except Exception as error:  # noqa: BLE001
        return _failed_call(exercise, "your function", error, hint)
    if _unanswered(yours):
        return Feedback(exercise, UNANSWERED, ["your function returns ...: write it"])
    expected = reference(*reference_in)
    problems = compare("your result", yours, expected, rtol, atol, reference="the reference's")
    if problems:
        return Feedback(exercise, WRONG, problems, hint)
    upstream = _upstream(expected)
    expected.backward(upstream)
    try:
        yours.backward(upstream)
    except Exception as error:  # noqa: BLE001
        return _failed_call(exercise, "backward through your function", error, hint)
    for number, (mine, theirs) in enumerate(zip(yours_in, reference_in)):
        if isinstance(theirs, Tensor) and theirs.requires_grad:
            if mine.grad is None:
                problems.append(f"no gradient reached input {number}: does backward return it?")
                continue
            name = "the gradient" if len(inputs) == 1 else f"the gradient of input {number}"
            problems += compare(name, mine.grad, theirs.grad, rtol, atol, reference="autograd's")
    return _verdict(exercise, problems, hint, "same values and same gradients as the reference")


def derivative(exercise: str, f: Callable[[Tensor], Tensor], gradf: Callable[[Tensor], Tensor], *,
               x: tuple[float, float] = (-3.0, 3.0), points: int = 601, hint: str = "",
               atol: float = 1e-4) -> Feedback:
    """Check a hand-written derivative ``gradf`` of ``f`` against autograd's on ``points`` values of
    ``x = (low, high)``. In a notebook the feedback draws both (``plot_grad``), so a wrong
    derivative shows where it goes wrong."""
    from .creation import linspace
    from .viz.models import GradPlotModel

    if has_placeholder(gradf):
        return _not_yet(exercise, gradf, "write the derivative")
    try:
        if _unanswered(gradf(linspace(x[0], x[1], 3))):
            return Feedback(exercise, UNANSWERED, ["your gradf returns ...: write the derivative"])
        model = GradPlotModel(f, grad=gradf, x=x, points=points)
    except Exception as error:  # noqa: BLE001 - the learner's code: said in the feedback
        return _failed_call(exercise, "your gradf", error, hint)
    xs, autograd, yours = model.xs, model.curve.first, model.user_grad
    with np.errstate(invalid="ignore"):
        difference = np.abs(yours - autograd)
    scale = np.maximum(1.0, np.abs(autograd))
    wrong = ~(difference <= atol * scale)

    def draw() -> Any:
        from .jupyter.widgets import plot_grad

        return plot_grad(f, grad=gradf, x=x, x0=float(xs[np.argmax(np.where(wrong, difference, -1))])
                         if wrong.any() else None)

    interval = f"[{_number(x[0])}, {_number(x[1])}]"
    if not wrong.any():
        feedback = Feedback(exercise, CORRECT, [f"your gradf agrees with autograd everywhere on {interval}"])
    else:
        worst = int(np.nanargmax(np.where(wrong, difference, -np.inf)))
        share = f"{wrong.sum()} of {wrong.size} points"
        details = [f"at x = {_number(xs[worst])} your gradf gives {_number(yours[worst])}, autograd "
                   f"{_number(autograd[worst])} (they differ at {share} on {interval})"]
        pattern = _pattern(yours[~np.isnan(yours)], autograd[~np.isnan(yours)], RTOL, atol)
        if pattern:
            details.append(pattern)
        feedback = Feedback(exercise, WRONG, details, hint)
    feedback.picture = draw
    return feedback
