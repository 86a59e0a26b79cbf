"""``%%trace``: run a cell as IPython would, then show the autograd graph it built.

The body runs the way IPython runs a cell, not through a nested ``run_cell`` (which would count as
a second execution): the shell transforms and parses it (``%magics`` and ``!commands`` inside work),
its AST transformers apply, the top-level statements run in the user namespace, and the shell's
``ast_node_interactivity`` decides which expressions are displayed (by default the last one, as
``Out[n]``, unless the cell ends with ``;``). Top-level ``await`` works wherever the shell's
autoawait does: :func:`await_async_trace`, an input transformer the extension installs, puts
``await`` before the magic's call, and the magic then returns a coroutine. An exception propagates,
so the cell fails as it would without the magic. The body is compiled under a cached cell name, so
a traceback shows ``Cell In[n], line k`` with the cell's own lines, and the magic's frames are
hidden from it. A ``%trace`` line inside a ``%%trace`` cell draws its own picture and leaves the
cell's whole.

The graph (partial, if the cell raised) is drawn after the body, then the error is raised. An
interrupt while drawing skips the picture and says so; the cell's result stands. Option errors are
``UsageError`` and nothing runs.

Assignments in the body also report their values (see :func:`autograd_lab.viz.capture.add_binding_calls`),
so a value overwritten later in the cell keeps a name (``y#1``).
"""

from __future__ import annotations

import ast
import inspect
import keyword
import shlex
import warnings
from collections.abc import Coroutine
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from ..viz.capture import BINDER_NAME, Bindings, add_binding_calls
from ..viz.graphviz import RenderError
from ..viz.picture import FORMATS, checked_options
from .trace import Trace

__all__ = ["TraceMagics", "await_async_trace", "SKIPPED"]

#: What is shown instead of the picture when drawing was interrupted.
SKIPPED = ("%%trace: the picture was skipped (interrupted while drawing); the cell itself ran to the "
           "end")
_NOTHING = object()

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
              help="step through the backward pass, and forward mode's forward pass (a widget; a "
                   "static list without widgets)")
    @argument("--name", metavar="VAR", default=None,
              help="store the trace object in the user namespace under VAR")
    @argument("--max-nodes", dest="max_nodes", metavar="N", type=int, default=60,
              help="fold repeated subgraphs and long chains above N boxes (default 60)")
    @argument("--format", choices=FORMATS, default="svg",
              help="svg: picture and text summary (default); text: the summary only")
    @line_cell_magic
    def trace(self, line: str, cell: str | None = None) -> Any:
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
        args = self._options(option_text)
        if not code.strip():
            raise UsageError("%trace needs code to run: %trace [options] statement, or %%trace "
                             "[options] followed by a cell")
        run = self._run(code, raw, first_line, Trace(options=args.options), args, cell is None)
        if _needs_await(self.shell, code):
            return run  # the cell awaits it (await_async_trace put the await there)
        return _run_now(run)

    def _options(self, option_text: str) -> Any:
        """The parsed options; any problem with them is a ``UsageError``."""
        try:
            args = parse_argstring(self.trace, option_text)
        except ValueError as error:  # shlex: an unclosed quote
            raise UsageError(f"%trace: {error} in the options {option_text!r}") from None
        if args.name is not None and (not args.name.isidentifier() or keyword.iskeyword(args.name)):
            raise UsageError(f"--name needs a Python variable name, got {args.name!r}")
        try:
            args.options = checked_options(
                "%%trace", values=args.values, grads=args.grads, saved=args.saved,
                max_nodes=args.max_nodes, format=args.format, names={"max_nodes": "--max-nodes"},
                text_format="--format text")
        except (TypeError, ValueError) as error:
            raise UsageError(str(error)) from None
        return args

    async def _run(self, code: str, raw: str, first_line: int, recorder: Trace, args: Any,
                   line_magic: bool) -> Any:
        """Execute ``code`` in the user namespace while ``recorder`` records, then draw; returns the
        statement's value for ``%trace`` (the cell's values are displayed as IPython would)."""
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
        if line_magic:
            blocks = _statement_blocks(tree.body)
        else:
            blocks = _cell_blocks(tree.body, shell.ast_node_interactivity, _silenced(code))
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if shell.autoawait else 0
        compiled = []
        with shell.compile.extra_flags(flags):
            for nodes, mode in blocks:
                for node in nodes:
                    ast.increment_lineno(node, first_line)
                if mode == "eval":
                    module: ast.AST = ast.Expression(nodes[0].value)
                else:
                    module = ast.Module(nodes, []) if mode == "exec" else ast.Interactive(nodes)
                compiled.append(shell.compile(ast.fix_missing_locations(module), filename, mode))
        bindings = Bindings()
        namespace = shell.user_ns
        outer_binder = namespace.get(BINDER_NAME, _NOTHING)  # a %trace line inside a %%trace cell
        namespace[BINDER_NAME] = bindings.reporter()
        value = error = None
        recorder.start()
        try:
            for code_object in compiled:
                value = eval(code_object, shell.user_global_ns, namespace)
                if code_object.co_flags & inspect.CO_COROUTINE:
                    value = await value
        except BaseException as raised:  # noqa: BLE001 - shown after the partial graph, then re-raised
            error = raised
        finally:
            recorder.stop()
            if outer_binder is _NOTHING:
                namespace.pop(BINDER_NAME, None)
            else:
                namespace[BINDER_NAME] = outer_binder
        self._draw(recorder, bindings, args)
        # a traceback of the cell's error keeps this frame: keep nothing in it but the result
        recorder = tree = compiled = bindings = None
        if error is not None:
            raise error.with_traceback(error.__traceback__)
        return value if line_magic else None

    def _draw(self, recorder: Trace, bindings: Bindings, args: Any) -> None:
        """Build and show the picture; nothing that happens here changes what the cell did."""
        shell = self.shell
        if args.name is not None:
            shell.user_ns[args.name] = recorder
        try:
            try:
                recorder.finish(shell.user_ns, bindings, shell.user_ns_hidden)
            except Exception as failure:  # noqa: BLE001 - reported, never raised
                warnings.warn(f"%%trace could not draw the graph: {failure!r}", RuntimeWarning, stacklevel=1)
                return
            finally:
                bindings.clear()
            display(_displayed(recorder, args.steps), raw=False)
        except KeyboardInterrupt:
            recorder.skip()
            display({"text/plain": SKIPPED}, raw=True)


def _displayed(recorder: Trace, steps: bool) -> Any:
    """What to display for a finished trace: the step-through or the picture, with the drawing done
    here (so an interrupt while Graphviz works lands in ``_draw``, not in the display machinery)."""
    picture = recorder.picture
    if picture.options.format == "svg" and picture.graph.nodes:
        try:
            picture.svg  # noqa: B018 - rendered now, kept for the display
        except RenderError:
            return recorder  # its text, with why there is no picture
    return recorder.stepper() if steps else recorder


def _run_now(run: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never awaits (the code has no top-level ``await``) to its end."""
    __tracebackhide__ = True  # noqa: F841
    try:
        run.send(None)
    except StopIteration as finished:
        return finished.value
    run.close()
    raise RuntimeError("%trace: the code awaited something without an event loop")


def _needs_await(shell: Any, code: str) -> bool:
    """Whether ``code`` has top-level ``await`` that the shell would run (autoawait on)."""
    if not shell.autoawait:
        return False
    try:
        compiled = compile(shell.transform_cell(code), "<%trace>", "exec",
                           flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False  # the run reports it, as IPython would
    return bool(compiled.co_flags & inspect.CO_COROUTINE)


def await_async_trace(shell: Any, lines: list[str]) -> list[str]:
    """IPython input transformer (after IPython's own): ``await`` before a top-level ``%%trace`` or
    ``%trace`` whose code has top-level ``await``, so the shell runs the cell as a coroutine, as it
    would run the same code without the magic."""
    return [f"await {line}" if line.startswith("get_ipython().run_") and _awaits(shell, line) else line
            for line in lines]


def _awaits(shell: Any, line: str) -> bool:
    try:
        call = ast.parse(line.strip(), mode="eval").body
    except SyntaxError:
        return False
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in ("run_cell_magic", "run_line_magic")
            and all(isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                    for argument in call.args)
            and len(call.args) >= 2 and call.args[0].value == "trace"):
        return False
    if call.func.attr == "run_cell_magic":
        code = call.args[2].value if len(call.args) > 2 else ""
    else:
        code = _split_line(call.args[1].value)[1]
    return _needs_await(shell, code)


def _statement_blocks(body: list[ast.stmt]) -> list[tuple[list[ast.stmt], str]]:
    """``%trace statement``: everything runs; a final expression is evaluated for its value."""
    add_binding_calls(module := ast.Module(body, []))
    body = module.body
    if body and isinstance(body[-1], ast.Expr):
        return [(body[:-1], "exec"), (body[-1:], "eval")]
    return [(body, "exec")]


def _cell_blocks(body: list[ast.stmt], interactivity: str, silenced: bool
                 ) -> list[tuple[list[ast.stmt], str]]:
    """The cell's statements in IPython's order and modes: ``exec`` runs, ``single`` also displays
    an expression's value, as ``InteractiveShell.run_ast_nodes`` decides from the shell's
    ``ast_node_interactivity``. Each assignment is followed by its binding report."""
    if body and interactivity == "last_expr_or_assign":
        last = body[-1]
        target = (last.targets[0] if isinstance(last, ast.Assign) and len(last.targets) == 1 else
                  last.target if isinstance(last, ast.AnnAssign | ast.AugAssign) else None)
        if isinstance(target, ast.Name):
            body = [*body, ast.fix_missing_locations(ast.copy_location(
                ast.Expr(ast.Name(target.id, ast.Load())), last))]
        interactivity = "last_expr"
    if interactivity == "last_expr":
        interactivity = "last" if body and isinstance(body[-1], ast.Expr) else "none"
    shown = {"none": 0, "last": 1, "all": len(body)}.get(interactivity, 0)
    if silenced:  # a cell ending with ";" displays nothing
        shown = 0
    blocks: list[tuple[list[ast.stmt], str]] = []
    for index, node in enumerate(body):
        statement, *reports = add_binding_calls(ast.Module([node], [])).body
        mode = "single" if index >= len(body) - shown else "exec"
        if mode == "exec" and blocks and blocks[-1][1] == "exec":
            blocks[-1][0].append(statement)
        else:
            blocks.append(([statement], mode))
        if reports:
            if blocks[-1][1] == "exec":
                blocks[-1][0].extend(reports)
            else:
                blocks.append((reports, "exec"))
    return blocks


def _silenced(code: str) -> bool:
    """True when the cell ends with ``;`` (IPython then displays no result)."""
    from IPython.core.displayhook import DisplayHook

    check = getattr(DisplayHook, "semicolon_at_end_of_expression", None)
    if check is not None:
        return bool(check(code))
    return code.rstrip().endswith(";")
