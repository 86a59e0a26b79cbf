"""``t.compile``: compiled results and gradients equal eager ones, over the op registry (each op
compiled alone), over random programs (hypothesis), and in the situations compiled code must handle
like eager code does (recompiles, fallbacks with warnings, the graph around the compiled node).

The suite runs with the fast paths on and off (CI runs it both ways); the generated code follows
the rules either way, since it is made from them."""

from __future__ import annotations

import gc
import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_lab as t
import autograd_lab.nn as nn
import autograd_lab.nn.functional as F
from autograd_lab.compiler import CompiledFunction, CompileWarning, RecompileWarning, Unsupported
from tests.op_specs import OpSpec, make_inputs
from tests.test_gradcheck import all_specs

SPECS = all_specs()

# What makes the compiler run a spec's function eagerly (with a CompileWarning): anything else is a
# failure. Functions that call autograd.grad inside (the specs of backward nodes) cannot be compiled
# by design; the others are values made outside any op, which generated code cannot recompute.
KNOWN_LIMITS = [
    "a backward pass inside the function",
    "in-place change of a view",  # it changes the base too
    "IndexBackward0's argument 'key'",  # a boolean mask: shapes depend on values
    "IndexPutBackward0's argument 'key'",
    "MaxBackward0's argument 'indices'",  # max(dim) of a 0-d tensor
    # made by nn.functional outside an op: indices modulo the rows, a copy of the running
    # statistics
    "EmbeddingBackward0's argument 'indices'",
    # embedding_bag's picked rows and bags are read from the input's and offsets' values
    "EmbeddingBagBackward0's argument 'indices'",
    "NativeBatchNormBackward0's argument 'running_mean'",
    "random numbers drawn inside the function",  # poisson: the generated code would redraw them
    # rrelu's slopes: drawn in training, read from the input's signs in eval, outside the op
    "RreluWithNoiseBackward0's argument 'noise'",
    "RreluWithNoiseBackward1's argument 'noise'",
]


def _tensors(value: Any) -> list:
    return [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, t.Tensor)]


def _close(got: Any, want: Any, what: str) -> None:
    assert (got is None) == (want is None), f"{what}: {got} against {want}"
    if got is None:
        return
    assert got.dtype == want.dtype and got.shape == want.shape, f"{what}: {got!r} vs {want!r}"
    np.testing.assert_allclose(got._data, want._data, rtol=1e-9, atol=1e-12, equal_nan=True,
                               err_msg=what)


def _compare_with_eager(fn: Any, inputs: list, seed: int, compiled: Any = None) -> list:
    """Run ``fn`` compiled (twice: the first call traces) and eagerly; check values and gradients
    (random output gradients) agree. Returns the warnings the compiled calls gave."""
    compiled = compiled or t.compile(fn)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compiled(*inputs)
        got = compiled(*inputs)
    want = fn(*inputs)
    got_outputs, want_outputs = _tensors(got), _tensors(want)
    assert len(got_outputs) == len(want_outputs)
    for index, (a, b) in enumerate(zip(got_outputs, want_outputs)):
        _close(a, b, f"output {index}")
        assert a.requires_grad == b.requires_grad
    leaves = [x for x in inputs if x.requires_grad]
    differentiable = [(a, b) for a, b in zip(got_outputs, want_outputs) if b.requires_grad]
    if leaves and differentiable:
        rng = np.random.default_rng(seed)
        grads = [t.tensor(rng.uniform(-1, 1, b.shape), dtype=b.dtype) for _, b in differentiable]
        try:
            wanted = t.autograd.grad([b for _, b in differentiable], leaves, grads, allow_unused=True)
        except RuntimeError as error:  # (an op torch records without a derivative)
            with pytest.raises(RuntimeError, match=str(error)[:30]):
                t.autograd.grad([a for a, _ in differentiable], leaves, grads, allow_unused=True)
            return caught
        got_grads = t.autograd.grad([a for a, _ in differentiable], leaves, grads, allow_unused=True)
        for index, (a, b) in enumerate(zip(got_grads, wanted)):
            _close(a, b, f"gradient of input {index}")
    return caught


# -- every op of the registry, compiled alone --------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=[spec.id for spec in SPECS])
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_op_compiled_alone_matches_eager(spec: OpSpec, data: st.DataObject) -> None:
    shapes = spec.draw_shapes(data)
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    inputs = make_inputs(t, spec, shapes, seed)
    compiled = t.compile(spec.fn)
    caught = _compare_with_eager(spec.fn, inputs, seed, compiled)
    eager = [str(w.message) for w in caught if issubclass(w.category, CompileWarning)]
    if eager:
        assert any(limit in eager[0] for limit in KNOWN_LIMITS), f"{spec.id} ran eagerly: {eager[0]}"
    else:
        assert compiled.code is not None


# -- random programs ----------------------------------------------------------------------------------

SHAPES = [(2, 3), (3,), (2, 1), ()]

UNARY = [
    ("tanh", lambda a: a.tanh()),
    ("sigmoid", lambda a: a.sigmoid()),
    ("exp∘tanh", lambda a: a.tanh().exp()),
    ("sin", lambda a: t.sin(a)),
    ("relu", lambda a: a.relu()),
    ("abs", lambda a: a.abs()),
    ("square", lambda a: a * a),
    ("neg", lambda a: -a),
    ("scale", lambda a: a * 0.5),
    ("shift", lambda a: a + 1.0),
    ("rsub", lambda a: 2 - a),
    ("pow", lambda a: a ** 3),
    ("clamp", lambda a: a.clamp(-0.5, 0.5)),
    ("log1p∘square", lambda a: t.log(a * a + 1)),
    ("sqrt", lambda a: (a * a + 1).sqrt()),
    ("reciprocal", lambda a: 1 / (a * a + 1)),
    ("mask", lambda a: a * (a > 0)),
    ("where", lambda a: t.where(a > 0.1, a, a * 0.1)),
]
BINARY = [
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / (b * b + 1)),
    ("maximum", lambda a, b: t.maximum(a, b)),
    ("add alpha", lambda a, b: t.add(a, b, alpha=2)),
]
SHAPED = [
    ("sum keepdim", lambda a: a.sum(-1, keepdim=True) if a.ndim else a),
    ("mean", lambda a: a.mean()),
    ("amax", lambda a: a.amax(-1, keepdim=True) if a.ndim else a),
    ("softmax", lambda a: a.softmax(-1) if a.ndim else a),
    ("log_softmax", lambda a: a.log_softmax(-1) if a.ndim else a),
    ("transpose twice", lambda a: a.t().t() if a.ndim == 2 else a),
    ("reshape", lambda a: a.reshape(-1).reshape(a.shape)),
    ("index", lambda a: a[..., :1] if a.ndim else a),
    ("expand", lambda a: a.expand(2, 3) if a.ndim == 0 or a.shape in ((3,), (2, 1), (2, 3)) else a),
]


@st.composite
def programs(draw: Any) -> tuple[list, list]:
    """A program: steps ``(kind, op index, operand positions)`` over a pool that starts with the
    inputs, and which inputs require grad."""
    count = len(SHAPES)
    requires = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    steps = []
    pool = count
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["unary", "binary", "shaped"]))
        table = {"unary": UNARY, "binary": BINARY, "shaped": SHAPED}[kind]
        op = draw(st.integers(0, len(table) - 1))
        arity = 2 if kind == "binary" else 1
        operands = [draw(st.integers(0, pool - 1)) for _ in range(arity)]
        steps.append((kind, op, operands))
        pool += 1
    return steps, requires


def _run_program(steps: list, *inputs: t.Tensor) -> t.Tensor:
    pool = list(inputs)
    for kind, op, operands in steps:
        table = {"unary": UNARY, "binary": BINARY, "shaped": SHAPED}[kind]
        pool.append(table[op][1](*[pool[i] for i in operands]))
    total = pool[-1].sum()
    for value in pool[len(inputs):-1]:
        total = total + value.mean()
    return total


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(), seed=st.integers(0, 2**32 - 1))
def test_random_programs_match_eager(program: tuple, seed: int) -> None:
    steps, requires = program
    rng = np.random.default_rng(seed)
    inputs = [t.tensor(rng.uniform(-1.5, 1.5, shape), dtype=t.float64, requires_grad=wants)
              for shape, wants in zip(SHAPES, requires)]
    described = ", ".join({"unary": UNARY, "binary": BINARY, "shaped": SHAPED}[k][o][0]
                          for k, o, _ in steps)

    def program_fn(a, b, c, d):  # noqa: ANN001, ANN202
        return _run_program(steps, a, b, c, d)

    caught = _compare_with_eager(program_fn, inputs, seed)
    eager = [w for w in caught if issubclass(w.category, CompileWarning)]
    assert not eager, f"[{described}] ran eagerly: {eager[0].message}"


# -- what a compiled function is -----------------------------------------------------------------------


def _leaf(*shape: int, seed: int = 0) -> t.Tensor:
    rng = np.random.default_rng(seed)
    return t.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True)


def test_decorator_forms_and_torch_signature() -> None:
    @t.compile
    def f(x):
        return (x * 2).sum()

    @t.compile(fullgraph=True, mode="reduce-overhead")
    def g(x):
        return (x * 3).sum()

    x = _leaf(3)
    assert isinstance(f, CompiledFunction) and f.__name__ == "f"
    assert f(x).item() == pytest.approx(2 * x.sum().item())
    assert g(x).item() == pytest.approx(3 * x.sum().item())
    assert t.compile(f.__wrapped__, disable=True) is f.__wrapped__
    with pytest.raises(NotImplementedError, match="dynamic"):
        t.compile(f.__wrapped__, dynamic=True)
    with pytest.raises(RuntimeError, match="Unrecognized mode"):
        t.compile(f.__wrapped__, mode="fastest")


def test_first_call_runs_eagerly_then_the_compiled_node() -> None:
    x = _leaf(3)
    f = t.compile(lambda x: (x.tanh() * 2).sum())
    first = f(x)
    assert first.grad_fn.name() == "SumBackward0"  # the traced call is the eager one
    second = f(x)
    assert second.grad_fn.name() == "CompiledFunctionBackward"
    assert second.grad_fn.next_functions == ((x.grad_fn or x._edge()[0], 0),)
    second.backward()
    np.testing.assert_allclose(x.grad._data, 2 * (1 - np.tanh(x._data) ** 2), rtol=1e-6)


def test_code_shows_forward_and_backward_with_the_learners_names() -> None:
    w = _leaf(3, 2)
    b = _leaf(2, seed=1)

    def model(x):
        hidden = x @ w + b
        activated = hidden.tanh()
        return (activated * activated).mean()

    f = t.compile(model)
    x = t.tensor(np.ones((4, 3), np.float32))
    f(x)
    code = str(f.code)
    assert "def forward(x, w, b):" in code
    assert "hidden = " in code and "activated = np.tanh(hidden)" in code
    assert "def backward(" in code and "grad_w = " in code and "grad_b = " in code
    assert "activated = activated.tanh()" not in code
    assert "# test_compile.py:" in code  # the learner's lines as comments
    # every Python number is a named constant bound once, not converted on each call
    assert "f32_1 = np.float32(1.0)" in code and "(f32_1 - " in code
    assert repr(f.code) == code


def test_gradients_nobody_needs_are_not_computed() -> None:
    w = _leaf(3)
    x = t.tensor(np.ones(3, np.float32))
    f = t.compile(lambda x, w: (x * w).sum())
    f(x, w)
    code = str(f.code)
    assert "grad_w" in code and "grad_x" not in code


def test_common_subexpressions_are_shared() -> None:
    x = _leaf(4)
    f = t.compile(lambda x: (x.exp() + 1).sum() + (x.exp() + 1).mean())
    f(x)
    forward = f.code.text.split("def backward")[0]
    assert forward.count("np.exp(x)") == 1


def test_recompiles_on_new_shapes_and_says_why() -> None:
    f = t.compile(lambda x: (x * x).sum())
    f(_leaf(3))
    f(_leaf(3))
    with pytest.warns(RecompileWarning, match=r"float32\[3\] requiring grad -> float32\[5\]"):
        f(_leaf(5))
    with pytest.warns(RecompileWarning, match="grad mode is now off"), t.no_grad():
        out = f(_leaf(5))
    assert not out.requires_grad
    assert len(f.recompiles) == 2
    assert len(f.cache_info()) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f(_leaf(3))  # cached: no new trace


def test_cache_size_limit() -> None:
    f = t.compile(lambda x: x.sum())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(1, 12):
            f(_leaf(n))
    assert any("cache_size_limit" in str(w.message) for w in caught)
    assert f(_leaf(11)).item() == pytest.approx(_leaf(11).sum().item())


@pytest.mark.parametrize("body, reason", [
    ("y = (x * 2).sum()\n    if y > 0:\n        y = y * 2\n    return y", "Python branching"),
    ("y = (x * 2).sum()\n    return y * y.item()", ".item()"),
    ("y = x * 2\n    print(y)\n    return y.sum()", "printed"),
    ("return (x * t.rand(3)).sum()", "random numbers"),
    ("x.add_(1)\n    return x.sum()", "in-place change of an input"),
    ("y = x * 2\n    y.register_hook(lambda g: g)\n    return y.sum()", "hook registered"),
    ("y = (x * 2).sum()\n    y.backward(retain_graph=True)\n    return y", "backward pass"),
])
def test_what_cannot_be_compiled_runs_eagerly_with_a_warning_naming_the_line(body: str,
                                                                              reason: str) -> None:
    namespace: dict = {"t": t}
    exec(compile(f"def fn(x):\n    {body}\n", "learner_code.py", "exec"), namespace)
    fn = namespace["fn"]
    x = t.tensor([0.5, -1.0, 2.0], requires_grad="add_" not in body)
    expected = fn(x.detach().clone().requires_grad_(x.requires_grad))
    compiled = t.compile(fn)
    with pytest.warns(CompileWarning, match=reason) as caught:
        got = compiled(x.detach().clone().requires_grad_(x.requires_grad))
    assert "learner_code.py" in str(caught[0].message)
    if "rand" not in body:
        np.testing.assert_allclose(got.detach()._data, expected.detach()._data)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # warned once; later calls just run eagerly
            compiled(x.detach().clone().requires_grad_(x.requires_grad))
    strict = t.compile(fn, fullgraph=True)
    with pytest.raises(Unsupported, match=reason):
        strict(x.detach().clone().requires_grad_(x.requires_grad))


def test_backward_autograd_grad_hooks_and_optimizer_work_through_it() -> None:
    w = _leaf(3, 2)
    seen = []
    w.register_hook(lambda grad: seen.append(grad.clone()))
    f = t.compile(lambda x: ((x @ w).relu() ** 2).sum())
    x = t.tensor(np.arange(6, dtype=np.float32).reshape(2, 3) / 6)
    f(x)
    loss = f(x)
    (grad,) = t.autograd.grad(loss, w, retain_graph=True)
    eager_grad = t.autograd.grad(((x @ w).relu() ** 2).sum(), w)[0]
    np.testing.assert_allclose(grad._data, eager_grad._data, rtol=1e-6)
    optimizer = t.optim.SGD([w], lr=0.1)
    before = w.detach().clone()
    loss.backward()
    optimizer.step()
    np.testing.assert_allclose(w._data, (before - 0.1 * eager_grad)._data, rtol=1e-6)
    assert len(seen) == 3  # the hook on the input fired for each pass: compiled, eager, backward


def test_a_second_backward_without_retain_graph_raises_as_eagerly() -> None:
    f = t.compile(lambda x: (x * x).sum())
    x = _leaf(3)
    f(x)
    loss = f(x)
    loss.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()


def test_an_input_changed_in_place_after_the_call_is_caught() -> None:
    f = t.compile(lambda x, w: (x * w).sum())
    w = _leaf(3)
    x = t.tensor([1.0, 2.0, 3.0])
    f(x, w)
    loss = f(x, w)
    x.mul_(2)  # x is saved for w's gradient
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def test_create_graph_through_a_compiled_function_gives_second_derivatives() -> None:
    f = t.compile(lambda x: (x ** 3).sum())
    x = _leaf(3)
    f(x)
    (grad,) = t.autograd.grad(f(x), x, create_graph=True)
    (second,) = t.autograd.grad(grad.sum(), x)
    np.testing.assert_allclose(grad._data, 3 * x._data ** 2, rtol=1e-6)
    np.testing.assert_allclose(second._data, 6 * x._data, rtol=1e-6)


def test_modules_compile_with_their_parameters_as_inputs() -> None:
    t.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    compiled = t.compile(model)
    assert [n for n, _ in compiled.named_parameters()] == [
        "_orig_mod.0.weight", "_orig_mod.0.bias", "_orig_mod.2.weight", "_orig_mod.2.bias"]
    assert list(compiled.parameters()) == list(model.parameters())
    x = t.randn(5, 4)
    target = t.tensor([0, 1, 1, 0, 1])
    caught = _compare_with_eager(lambda x: F.cross_entropy(compiled(x), target), [x], 0)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]
    assert "def forward(x, _0_weight" in str(compiled.code) or "weight" in str(compiled.code)
    # the module's mode is part of the specialisation
    model.eval()
    with pytest.warns(RecompileWarning, match="training"):
        compiled(x)


def test_training_a_model_compiled_matches_eager_step_for_step() -> None:
    losses = {}
    for mode in ("eager", "compiled"):
        t.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1))
        optimizer = t.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        forward = t.compile(model) if mode == "compiled" else model
        x = t.randn(32, 3)
        y = (x ** 2).sum(1, keepdim=True)
        losses[mode] = []
        for _ in range(20):
            optimizer.zero_grad()
            loss = F.mse_loss(forward(x), y)
            loss.backward()
            optimizer.step()
            losses[mode].append(loss.item())
    np.testing.assert_allclose(losses["compiled"], losses["eager"], rtol=1e-5)
    assert losses["eager"][-1] < 0.5 * losses["eager"][0]


def test_globals_read_by_the_function_are_inputs_and_guarded() -> None:
    namespace: dict = {"t": t, "W": _leaf(3, 2)}
    exec("def loss(x):\n    return (x @ W).tanh().sum()\n", namespace)
    f = t.compile(namespace["loss"])
    x = t.tensor(np.ones((2, 3), np.float32))
    f(x)
    f(x).backward()
    assert namespace["W"].grad is not None
    namespace["W"] = _leaf(3, 2, seed=5)  # another tensor under the same name
    with pytest.warns(RecompileWarning, match="W now holds another tensor"):
        out = f(x)
    np.testing.assert_allclose(out.item(), (x @ namespace["W"]).tanh().sum().item(), rtol=1e-6)
    with t.no_grad():
        namespace["W"].mul_(2)  # in place: read again on the next call, no retrace
    with warnings.catch_warnings():
        warnings.simplefilter("error", RecompileWarning)
        again = f(x)
    np.testing.assert_allclose(again.item(), (x @ namespace["W"]).tanh().sum().item(), rtol=1e-6)


def test_outputs_keep_their_structure_and_requires_grad() -> None:
    w = _leaf(3)

    def several(x, scale=2.0):
        y = x * w
        return {"y": y, "pair": (y.sum(), x * scale), "count": 3, "input": x}

    f = t.compile(several)
    x = t.tensor([1.0, 2.0, 3.0])
    f(x, scale=3.0)
    out = f(x, scale=3.0)
    assert set(out) == {"y", "pair", "count", "input"} and out["count"] == 3
    assert out["input"] is x
    assert out["y"].requires_grad and not out["pair"][1].requires_grad
    np.testing.assert_allclose(out["pair"][1]._data, x._data * 3)
    out["pair"][0].backward()
    np.testing.assert_allclose(w.grad._data, x._data)


def test_views_of_inputs_share_memory_and_version_as_eagerly() -> None:
    f = t.compile(lambda x: x.view(2, 2))
    x = t.tensor([1.0, 2.0, 3.0, 4.0])
    f(x)
    v = f(x)
    assert np.shares_memory(v._data, x._data)
    v.add_(1)
    assert x._version == v._version == 1
    np.testing.assert_allclose(x._data, [2, 3, 4, 5])


def test_integer_index_inputs_and_data_loading_inside() -> None:
    rng = np.random.default_rng(0)
    table = t.tensor(rng.standard_normal((10, 4)).astype(np.float32), requires_grad=True)
    data = t.tensor(rng.integers(0, 10, (50, 3)))

    def loss(ix):
        picked = table[data[ix]]
        return (picked.view(len(ix), -1) ** 2).mean()

    f = t.compile(loss)
    for step in range(3):
        ix = t.tensor(rng.integers(0, 50, 8))
        caught = _compare_with_eager(loss, [ix], step, f)
        assert not [w for w in caught if issubclass(w.category, (CompileWarning,
                                                                 RecompileWarning))]


def test_nested_compiled_functions_are_traced_through() -> None:
    inner = t.compile(lambda x: x.tanh() * 2)
    outer = t.compile(lambda x: inner(x).sum())
    x = _leaf(3)
    caught = _compare_with_eager(lambda x: (x.tanh() * 2).sum(), [x], 0, outer)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]


def test_a_compiled_function_keeps_nothing_alive_after_its_graph_is_gone() -> None:
    f = t.compile(lambda x: (x * x).sum())
    x = _leaf(1000)
    f(x)
    loss = f(x)
    node = loss.grad_fn
    import weakref

    ref = weakref.ref(node)
    del loss, node
    gc.collect()
    assert ref() is None


def test_float64_and_mixed_dtypes() -> None:
    x = t.tensor([0.5, 1.5], dtype=t.float64, requires_grad=True)
    y = t.tensor([1.0, 2.0], requires_grad=True)  # float32: promoted to float64 by the op
    caught = _compare_with_eager(lambda x, y: (x * y + 1).exp().sum(), [x, y], 0)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]


def test_not_finite_values_flow_as_eagerly() -> None:
    x = t.tensor([0.0, -1.0, 2.0], requires_grad=True)
    caught = _compare_with_eager(lambda x: (t.log(x) * x).sum() + t.sqrt(x).sum(), [x], 0)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]


def test_math_module_constants_and_python_numbers_in_the_function() -> None:
    x = _leaf(3)
    caught = _compare_with_eager(lambda x: (x * math.pi + x ** 2 / 3).sum(), [x], 0)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]


# -- against torch ----------------------------------------------------------------------------------


def _mlp_loss(m: Any, x: Any, y: Any, params: list) -> Any:
    w1, b1, w2, b2 = params
    h = m.tanh(x @ w1 + b1)
    logits = h @ w2 + b2
    return m.nn.functional.cross_entropy(logits, y) + 0.01 * (w1 ** 2).sum()


def test_compiled_matches_live_torch(torch: Any) -> None:
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(s).astype(np.float32) * 0.5 for s in [(6, 16), (16,), (16, 4),
                                                                         (4,)]]
    x = rng.standard_normal((10, 6)).astype(np.float32)
    y = rng.integers(0, 4, 10)
    ours = [t.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    compiled = t.compile(lambda x, y: _mlp_loss(t, x, y, ours))
    compiled(t.tensor(x), t.tensor(y))
    loss = compiled(t.tensor(x), t.tensor(y))
    assert loss.grad_fn.name() == "CompiledFunctionBackward"
    loss.backward()
    reference = _mlp_loss(torch, torch.tensor(x), torch.tensor(y), theirs)
    reference.backward()
    np.testing.assert_allclose(loss.item(), reference.item(), rtol=1e-5)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad._data, b.grad.numpy(), rtol=1e-4, atol=1e-6)


def test_compiled_second_derivative_matches_live_torch(torch: Any) -> None:
    values = np.array([0.3, -0.7, 1.1], np.float32)
    ours = t.tensor(values, requires_grad=True)
    theirs = torch.tensor(values, requires_grad=True)
    f = t.compile(lambda x: (x.sigmoid() * x).sum())
    f(ours)
    (g,) = t.autograd.grad(f(ours), ours, create_graph=True)
    (h,) = t.autograd.grad((g * g).sum(), ours)
    (tg,) = torch.autograd.grad((theirs.sigmoid() * theirs).sum(), theirs, create_graph=True)
    (th,) = torch.autograd.grad((tg * tg).sum(), theirs)
    np.testing.assert_allclose(g._data, tg.detach().numpy(), rtol=1e-5)
    np.testing.assert_allclose(h._data, th.numpy(), rtol=1e-4)


def test_inside_a_dual_level_it_runs_eagerly_so_tangents_flow() -> None:
    import autograd_lab.autograd.forward_ad as fwAD

    f = t.compile(lambda x: x.sin() * 2)
    x = t.tensor([0.1, 0.2, 0.3], dtype=t.float64)
    f(x)
    f(x)
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t.ones(3, dtype=t.float64))
        with pytest.warns(CompileWarning, match="forward-mode dual level"):
            out = f(dual)
        tangent = fwAD.unpack_dual(out).tangent
    np.testing.assert_allclose(tangent._data, 2 * np.cos(x._data))
    strict = t.compile(lambda x: x.sin() * 2, fullgraph=True)
    with fwAD.dual_level(), pytest.raises(Unsupported, match="dual level"):
        strict(fwAD.make_dual(x, t.ones(3, dtype=t.float64)))


def test_inside_vmap_it_runs_eagerly() -> None:
    w = t.tensor([1.0, -2.0, 0.5], dtype=t.float64)
    f = t.compile(lambda x: (x * w).sum())
    rows = t.tensor(np.arange(12.0).reshape(4, 3))
    f(rows[0])
    with pytest.warns(CompileWarning, match="inside func.vmap"):
        out = t.vmap(f)(rows)
    np.testing.assert_allclose(out._data, rows._data @ w._data)


class _Cube(t.autograd.Function):
    """x ** 3 with its own backward: compiled code cannot repeat a custom backward."""

    @staticmethod
    def forward(ctx: Any, x: t.Tensor) -> t.Tensor:
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx: Any, grad: t.Tensor) -> t.Tensor:
        (x,) = ctx.saved_tensors
        return 3 * grad * x * x


def test_a_custom_function_runs_eagerly_with_its_own_backward() -> None:
    f = t.compile(lambda x: _Cube.apply(x).sum())
    x = t.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(CompileWarning, match="custom autograd.Function _Cube"):
        f(x)
    f(x).backward()
    np.testing.assert_allclose(x.grad._data, [3.0, 12.0])


def test_a_tensor_made_to_require_grad_inside_is_not_compiled_as_a_constant() -> None:
    def fn(x):
        scale = t.ones(3).requires_grad_()
        return (x * scale).sum(), scale

    compiled = t.compile(fn)
    x = t.tensor([1.0, 2.0, 3.0])
    with pytest.warns(CompileWarning, match=r"place in the graph changed.*requires_grad_\(\)"):
        compiled(x)
    total, scale = compiled(x)
    assert scale.requires_grad and total.requires_grad
    total.backward()
    np.testing.assert_allclose(scale.grad._data, x._data)


def test_a_weight_gradient_is_one_product_in_its_own_layout() -> None:
    t.manual_seed(0)
    model = nn.Linear(4, 3)
    x = t.randn(5, 4)
    compiled = t.compile(lambda x: model(x).tanh().sum())
    caught = _compare_with_eager(lambda x: model(x).tanh().sum(), [x], 0, compiled)
    assert not [w for w in caught if issubclass(w.category, CompileWarning)]
    code = str(compiled.code)
    # (x.T @ g).T written as g.T @ x: no transposed product for AccumulateGrad to copy (a small
    # float32 product, summed in torch's order as eager's is: autograd_lab/_matmul_rounding.py)
    assert "grad_model_weight = matmul_as_torch_rounds(grad_addmm.T, x)" in code, code
    compiled(x).backward()
    want = t.autograd.grad(model(x).tanh().sum(), model.weight)[0]
    np.testing.assert_array_equal(model.weight.grad._data, want._data)


def test_a_compiled_makemore_training_loop_matches_live_torch(torch: Any) -> None:
    """makemore part 2's character MLP trained for a few steps, its loss compiled, against torch
    eager: losses and parameters step for step."""
    rng = np.random.default_rng(5)
    arrays = [rng.standard_normal(shape).astype(np.float32) * scale for shape, scale in
              [((27, 10), 1.0), ((30, 64), 0.3), ((64,), 0.01), ((64, 27), 0.01), ((27,), 0.0)]]
    batches = [(rng.integers(0, 27, (32, 3)), rng.integers(0, 27, 32)) for _ in range(5)]
    results = {}
    for name, lib in (("ours", t), ("torch", torch)):
        params = [lib.tensor(a, requires_grad=True) for a in arrays]
        C, W1, b1, W2, b2 = params

        def loss_of(X, Y, lib=lib, C=C, W1=W1, b1=b1, W2=W2, b2=b2):  # noqa: ANN001, ANN202
            h = lib.tanh(C[X].view(-1, 30) @ W1 + b1)
            return lib.nn.functional.cross_entropy(h @ W2 + b2, Y)

        loss_fn = t.compile(loss_of, fullgraph=True) if name == "ours" else loss_of
        losses = []
        for X, Y in batches:
            for p in params:
                p.grad = None
            loss = loss_fn(lib.tensor(X), lib.tensor(Y))
            loss.backward()
            losses.append(loss.item())
            for p in params:
                p.data += -0.1 * p.grad
        results[name] = (losses, [p.detach().numpy() for p in params])
    np.testing.assert_allclose(results["ours"][0], results["torch"][0], rtol=1e-5)
    for ours, theirs in zip(results["ours"][1], results["torch"][1]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_a_notebook_cell_is_named_cell_in_messages_and_code() -> None:
    from autograd_lab.compiler.trace import file_label

    # IPython compiles each cell to a temporary file named by a hash of its code
    assert file_label("/tmp/ipykernel_4242/2961231.py") == "cell"
    assert file_label("<ipython-input-3-1a2b3c>") == "cell"
    assert file_label("/home/me/project/train.py") == "train.py"


def test_linalg_values_computed_outside_ops_follow_new_inputs() -> None:
    """matrix_rank, and svdvals/eigvalsh of tensors that need no gradient, are computed without an
    op node: the compiled program recomputes them for each call's input (no baked-in constant)."""
    program = t.compile(lambda x: t.linalg.matrix_rank(x) + t.linalg.svdvals(x).sum()
                        + t.linalg.eigvalsh(x).sum())
    full, deficient = t.tensor([[2.0, 1.0], [1.0, 3.0]]), t.tensor([[1.0, 2.0], [2.0, 4.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", CompileWarning)  # compiled, not run eagerly
        for x in (full, deficient, full):
            expected = (t.linalg.matrix_rank(x) + t.linalg.svdvals(x).sum()
                        + t.linalg.eigvalsh(x).sum())
            assert math.isclose(program(x).item(), expected.item(), rel_tol=1e-6)
    assert program.code is not None


def test_result_types_with_named_fields_are_returned_as_such() -> None:
    """A compiled function may return torch's result types (``linalg_qr(Q, R)``)."""
    program = t.compile(lambda x: t.linalg.qr(x * 2))
    x = t.tensor([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]], requires_grad=True)
    program(x)
    got, want = program(x), t.linalg.qr(x * 2)
    assert type(got) is type(want) and program.code is not None
    np.testing.assert_allclose(got.R._data, want.R._data)
