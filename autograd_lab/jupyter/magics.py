"""``%%trace``: run a cell as IPython would, then show the autograd graph it built.

The body runs the way IPython's own ``%%time`` runs it (not through a nested ``run_cell``): the
cell is transformed and parsed by the shell, the shell's AST transformers apply, it executes in the
user namespace, its last expression is displayed as the cell's result (``Out[n]``, ``_``), and an
exception propagates so the cell fails as it would without the magic. The body is compiled under a
cached cell name, so a traceback shows ``Cell In[n], line k`` with the cell's own lines, and the
magic's frames are hidden from it. The graph (partial, if the cell raised) is displayed first.

Assignments in the body also report their values (see :func:`autograd_lab.viz.capture.add_binding_calls`),
so a value overwritten later in the cell keeps a name (``y#1``).
"""

from __future__ import annotations

import ast
import keyword
import shlex
import warnings
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from ..viz.capture import BINDER_NAME, Bindings, add_binding_calls
from ..viz.picture import FORMATS
from .trace import Trace

__all__ = ["TraceMagics"]

# Options that take a value (for splitting ``%trace [options] statement``).
_VALUED = frozenset({"--name", "--max-nodes", "--format"})


def _split_line(line: str) -> tuple[str, str]:
    """``"--saved y = x * 2"`` -> ``("--saved", "y = x * 2")``: leading options, then the code."""
    rest = line.lstrip()
    options = []
    while rest.startswith("--"):
        token, _, after = rest.partition(" ")
        options.append(token)
        rest = after.lstrip()
        if token in _VALUED and "=" not in token:
            value, _, after = rest.partition(" ")
            options.append(value)
            rest = after.lstrip()
    return " ".join(shlex.quote(option) for option in options), rest


@magics_class
class TraceMagics(Magics):
    """``%%trace`` (cell) and ``%trace`` (line): show the autograd graph the code builds."""

    @magic_arguments()
    @argument("--values", dest="values", action="store_true", default=True,
              help="show the values of small tensors (default)")
    @argument("--no-values", dest="values", action="store_false", help="hide tensor values")
    @argument("--saved", action="store_true", default=False,
              help="show the tensors each op saved for its backward")
    @argument("--grads", dest="grads", action="store_true", default=True,
              help="show .grad of leaves and retain_grad tensors after a backward (default)")
    @argument("--no-grads", dest="grads", action="store_false", help="hide gradients")
    @argument("--steps", action="store_true", default=False,
              help="step through the backward pass (a widget; a static list without widgets)")
    @argument("--name", metavar="VAR", default=None,
              help="store the trace object in the user namespace under VAR")
    @argument("--max-nodes", dest="max_nodes", metavar="N", type=int, default=60,
              help="fold repeated subgraphs and long chains above N boxes (default 60)")
    @argument("--format", choices=FORMATS, default="svg",
              help="svg: picture and text summary (default); text: the summary only")
    @line_cell_magic
    def trace(self, line: str, cell: str | None = None) -> None:
        """Run the cell (or the statement after ``%trace``) and draw the autograd graph it built:
        leaves named after your variables, ``grad_fn`` nodes with torch's names, ``next_functions``
        edges in order, gradients after a backward, hooks that fired, buffers that were freed."""
        __tracebackhide__ = True  # noqa: F841 - hides this frame from IPython's tracebacks
        if cell is None:
            option_text, code = _split_line(line)
            raw = f"%trace {line}"
            first_line = 0
        else:
            option_text, code = line, cell
            raw = f"%%trace {line}\n{cell}"
            first_line = 1
        args = parse_argstring(self.trace, option_text)
        if args.max_nodes < 1:
            raise UsageError(f"--max-nodes must be a positive number, got {args.max_nodes}")
        if args.name is not None and (not args.name.isidentifier() or keyword.iskeyword(args.name)):
            raise UsageError(f"--name needs a Python variable name, got {args.name!r}")
        if not code.strip():
            raise UsageError("%trace needs code to run: %trace [options] statement, or %%trace "
                             "[options] followed by a cell")
        recorder = Trace(values=args.values, grads=args.grads, saved=args.saved,
                         max_nodes=args.max_nodes, format=args.format)
        value, error = self._run(code, raw, first_line, recorder)
        if error is None and value is not None and not _silenced(code):
            self.shell.displayhook(value)
        if args.name is not None:
            self.shell.user_ns[args.name] = recorder
        if recorder.picture is not None:
            display(recorder.stepper() if args.steps else recorder, raw=False)
        if error is not None:
            # the traceback keeps this frame alive (for %debug): do not let it pin the trace too
            recorder = None
            raise error.with_traceback(error.__traceback__)

    def _run(self, code: str, raw: str, first_line: int, recorder: Trace) -> tuple[Any, BaseException | None]:
        """Execute ``code`` in the user namespace while ``recorder`` records; (last value, error)."""
        __tracebackhide__ = True  # noqa: F841
        shell = self.shell
        filename = shell.compile.cache(raw, shell.execution_count, raw_code=raw)
        try:
            tree = shell.compile.ast_parse(shell.transform_cell(code), filename=filename)
        except SyntaxError as error:
            # point at the line as the notebook shows it (line 1 is the %%trace line)
            if error.lineno is not None:
                error.lineno += first_line
                if error.end_lineno is not None:
                    error.end_lineno += first_line
            raise error.with_traceback(None) from None
        tree = shell.transform_ast(tree)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        add_binding_calls(tree)
        if first_line:
            ast.increment_lineno(tree, first_line)
            if last is not None:
                ast.increment_lineno(last, first_line)
        body = shell.compile(tree, filename, "exec")
        result = shell.compile(last, filename, "eval") if last is not None else None
        bindings = Bindings()
        namespace = shell.user_ns
        namespace[BINDER_NAME] = bindings.reporter()
        value = error = None
        recorder.start()
        try:
            exec(body, namespace)
            if result is not None:
                value = eval(result, namespace)
        except BaseException as raised:  # noqa: BLE001 - shown after the partial graph, then re-raised
            error = raised
        finally:
            recorder.stop()
            namespace.pop(BINDER_NAME, None)
        try:
            recorder.finish(namespace, bindings.entries(), shell.user_ns_hidden)
        except Exception as failure:  # noqa: BLE001 - drawing must never change what the cell did
            warnings.warn(f"%%trace could not draw the graph: {failure!r}", RuntimeWarning, stacklevel=1)
        bindings.clear()
        # a traceback of the cell's error keeps this frame: keep nothing in it but the result
        recorder = tree = body = result = None
        return value, error


def _silenced(code: str) -> bool:
    """True when the cell ends with ``;`` (IPython then displays no result)."""
    from IPython.core.displayhook import DisplayHook

    check = getattr(DisplayHook, "semicolon_at_end_of_expression", None)
    if check is not None:
        return bool(check(code))
    return code.rstrip().endswith(";")
