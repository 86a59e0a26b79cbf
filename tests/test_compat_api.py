"""What the compatibility suite needed beyond parity cases: behaviour that is ours to define (a
device that does not exist here, generators as independent streams) and regressions it found."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

import autograd_lab as t


def test_a_gpu_device_is_an_error_everywhere_it_can_be_named() -> None:
    for attempt in (lambda: t.ones(2).to("cuda"), lambda: t.zeros(2, device="cuda:0"),
                    lambda: t.ones(2).cuda(), lambda: t.set_default_device("cuda"),
                    lambda: t.randn(3, device=t.device("cuda")), lambda: t.nn.Linear(2, 3).to("cuda"),
                    lambda: t.nn.Linear(2, 3).to(t.device("cuda:0"), t.float64),
                    lambda: t.nn.Linear(2, 3).to(device="cuda"),
                    lambda: t.nn.Conv2d(1, 2, 3, device="cuda")):
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled\nHint"):
            attempt()
    with pytest.raises(RuntimeError, match="device 'mps' is not available"):
        t.ones(2, device="mps")
    # (the meta device exists: tests/test_meta_device.py, in processes of its own)
    model = t.nn.Linear(2, 3)
    assert model.to("cpu") is model and model.to(t.device("cpu"), t.float64).weight.dtype is t.float64


def test_generators_are_independent_streams() -> None:
    g1, g2 = t.Generator().manual_seed(7), t.Generator().manual_seed(7)
    first = t.randn(4, generator=g1)
    _ = t.rand(10)  # the default generator moving does not move g2
    assert t.equal(first, t.randn(4, generator=g2))
    assert not t.equal(t.randn(4, generator=g1), first)
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        t.rand(2, generator=np.random.default_rng(0))


def test_multinomial_follows_the_weights() -> None:
    g = t.Generator().manual_seed(0)
    draws = t.multinomial(t.tensor([1.0, 3.0]), 4000, replacement=True, generator=g)
    share = (draws == 1).float().mean().item()
    assert 0.72 < share < 0.78  # 3/4 of the draws, within sampling noise (4000 draws)
    assert sorted(t.multinomial(t.tensor([5.0, 0.0, 1.0]), 2).tolist()) == [0, 2]


def test_custom_function_backward_gets_zeros_for_unused_outputs() -> None:
    """A Function with three outputs of which one is used: torch hands backward zeros for the
    other two (before, they were None, and ``None * tensor`` silently gave NaN)."""

    class Sinh(t.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            expx, expnegx = t.exp(x), t.exp(-x)
            ctx.save_for_backward(expx, expnegx)
            return (expx - expnegx) / 2, expx, expnegx

        @staticmethod
        def backward(ctx, grad_out, grad_exp, grad_negexp):
            assert grad_exp is not None and grad_negexp is not None
            expx, expnegx = ctx.saved_tensors
            return grad_out * (expx + expnegx) / 2 + grad_exp * expx - grad_negexp * expnegx

    x = t.tensor([0.5, 1.0], dtype=t.float64, requires_grad=True)
    (grad,) = t.autograd.grad(Sinh.apply(x)[0].sum(), x)
    np.testing.assert_allclose(grad.numpy(), np.cosh([0.5, 1.0]))


@pytest.mark.parametrize(("operand", "message"), [
    (None, r"unsupported operand type\(s\) for \*: 'Tensor' and 'NoneType'"),
    ("2", "only integer tensors of a single element can be converted to an index"),  # str * int
])
def test_a_tensor_with_a_non_number_is_a_type_error_not_nan(operand: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        _ = t.ones(2) * operand


# -- autograd.profiler -------------------------------------------------------------------------------


def test_profiler_counts_and_times_every_op() -> None:
    x, y = t.randn(2, 3, requires_grad=True), t.rand(2, 3, requires_grad=True)
    z = t.ones(2, 3, requires_grad=True)
    with t.autograd.profiler.profile(record_shapes=True) as prof:
        for _ in range(50):
            z = (z / x) * y
        w = z.sum()
    outside = z * 2  # not recorded: the block has ended
    rows = {row.key: row for row in prof.key_averages()}
    assert {name: row.count for name, row in rows.items()} == {"div": 50, "mul": 50, "sum": 1}
    assert all(row.cpu_time_total > 0 for row in rows.values())
    table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=2)
    lines = table.splitlines()
    assert lines[1].split()[:3] == ["Name", "Self", "CPU"]
    assert len([line for line in lines if line.strip().split()[0] in rows]) == 2  # row_limit
    assert lines[-1].startswith("Self CPU time total: ")
    by_shape = prof.key_averages(group_by_input_shape=True)
    assert {(row.key, str(row.input_shapes)) for row in by_shape} >= {("sum", "[[2, 3]]")}
    assert w.grad_fn is not None and outside.grad_fn is not None  # ops still work as usual


def test_profiler_counts_nested_ops_once_and_stops_on_error() -> None:
    a, b = t.randn(3, 4), t.randn(4, 2)
    with pytest.raises(RuntimeError), t.autograd.profiler.profile() as prof:
        _ = t.matmul(a, b)  # matmul calls mm: one row, the outer op's
        _ = t.mm(a, a)  # shapes do not fit: raises
    assert [row.key for row in prof.key_averages()][:1] == ["mm"]
    with t.autograd.profiler.profile() as again:
        _ = a + 1
    assert [row.key for row in again.key_averages()] == ["add"]


def test_profiler_refuses_a_gpu() -> None:
    with pytest.raises(AssertionError, match="CUDA"):
        t.autograd.profiler.profile(use_cuda=True)


def test_record_function_times_nest_and_the_trace_has_every_event(tmp_path) -> None:
    with t.profiler.profile(record_shapes=True) as prof, t.profiler.record_function("outer"):
        with t.profiler.record_function("inner"):
            _ = t.ones(2, 3) * 2
        _ = t.ones(3) + 1
    rows = {row.key: row for row in prof.key_averages()}
    outer, inner, mul = rows["outer"], rows["inner"], rows["mul"]
    # a range's self time is its total less what ran inside it; the table's total counts each
    # microsecond once (the outer range's total)
    assert inner.self_cpu_time_total == pytest.approx(inner.cpu_time_total - mul.cpu_time_total)
    assert outer.self_cpu_time_total == pytest.approx(
        outer.cpu_time_total - inner.cpu_time_total - rows["add"].cpu_time_total)
    assert prof.key_averages().total_cpu_time() == pytest.approx(outer.cpu_time_total)
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    events = json.loads(path.read_text())["traceEvents"]
    assert [(e["name"], e["cat"], e["ph"]) for e in events] == [
        ("outer", "user_annotation", "X"), ("inner", "user_annotation", "X"), ("mul", "cpu_op", "X"),
        ("add", "cpu_op", "X")]
    assert events[2]["args"]["Input Dims"] == [[2, 3], []]
    assert events[0]["ts"] <= events[1]["ts"] <= events[2]["ts"] <= events[3]["ts"]


def test_tensorboard_trace_handler_writes_a_trace_per_cycle(tmp_path) -> None:
    handler = t.profiler.tensorboard_trace_handler(str(tmp_path / "log"), worker_name="w")
    with t.profiler.profile(schedule=t.profiler.schedule(wait=0, warmup=1, active=1),
                            on_trace_ready=handler, acc_events=True) as prof:
        for _ in range(4):
            _ = t.ones(2) + 1
            prof.step()
    traces = sorted((tmp_path / "log").iterdir())
    assert len(traces) == 2 and all(p.name.startswith("w.") and p.name.endswith(".pt.trace.json")
                                    for p in traces)
    names = [e["name"] for e in json.loads(traces[0].read_text())["traceEvents"]]
    assert names == ["ProfilerStep#1", "add"]


# -- save / load -------------------------------------------------------------------------------------


def test_save_load_round_trip_of_a_training_checkpoint(tmp_path) -> None:
    model = t.nn.Sequential(t.nn.Linear(3, 4), t.nn.ReLU(), t.nn.Linear(4, 1))
    optimizer = t.optim.Adam(model.parameters(), lr=0.01)
    loss = model(t.randn(5, 3)).pow(2).mean()
    loss.backward()
    optimizer.step()
    checkpoint = {"epoch": 3, "loss": loss.item(), "model": model.state_dict(),
                  "optimizer": optimizer.state_dict(), "dtype": t.int32, "shape": t.Size([2, 3]),
                  "note": "after 3 epochs", "nothing": None, "flags": (True, float("nan"))}
    path = tmp_path / "checkpoint.pt"
    t.save(checkpoint, path)
    loaded = t.load(path, weights_only=True)
    assert loaded["epoch"] == 3 and loaded["loss"] == checkpoint["loss"]
    assert loaded["dtype"] is t.int32 and loaded["shape"] == t.Size([2, 3])
    assert loaded["note"] == "after 3 epochs" and loaded["nothing"] is None
    assert loaded["flags"][0] is True and np.isnan(loaded["flags"][1])
    assert list(loaded["model"]) == list(model.state_dict())
    fresh = t.nn.Sequential(t.nn.Linear(3, 4), t.nn.ReLU(), t.nn.Linear(4, 1))
    fresh.load_state_dict(loaded["model"])
    for (name, mine), theirs in zip(model.state_dict().items(), fresh.state_dict().values()):
        assert t.equal(mine, theirs), name
    again = t.optim.Adam(fresh.parameters(), lr=0.5)
    again.load_state_dict(loaded["optimizer"])
    assert again.param_groups[0]["lr"] == 0.01
    state = again.state_dict()["state"][0]
    assert t.equal(state["exp_avg"], optimizer.state_dict()["state"][0]["exp_avg"])


def test_a_tensor_saved_in_several_places_loads_as_one(tmp_path) -> None:
    """As in torch: one tensor object under several keys (tied weights in a state_dict) comes back
    as one tensor, a Parameter as one Parameter."""
    x, p = t.ones(2), t.nn.Parameter(t.zeros(2))
    t.save({"a": x, "b": x, "c": [x, p, p]}, tmp_path / "shared.pt")
    loaded = t.load(tmp_path / "shared.pt")
    assert loaded["a"] is loaded["b"] is loaded["c"][0] and loaded["c"][1] is loaded["c"][2]
    assert type(loaded["c"][1]) is t.nn.Parameter and loaded["a"] is not x


def test_save_load_tensor_to_a_file_object() -> None:
    import io

    buffer = io.BytesIO()
    x = t.tensor([[1, 2], [3, 4]], dtype=t.int32)
    t.save(x, buffer)
    buffer.seek(0)
    y = t.load(buffer, map_location="cpu")
    assert y.dtype is t.int32 and t.equal(x, y)


def test_a_whole_module_saves_and_loads_only_with_weights_only_false(tmp_path) -> None:
    """As in torch 2.6 and later: saving a module pickles it; loading it is refused unless
    weights_only=False (torch's UnpicklingError and text), and then it comes back whole."""
    import pickle

    model = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU())
    t.save(model, tmp_path / "model.pt")
    t.save({"f": print}, tmp_path / "f.pt")
    for weights_only in ({}, {"weights_only": True}):
        with pytest.raises(pickle.UnpicklingError) as error:
            t.load(tmp_path / "model.pt", **weights_only)
        assert str(error.value).startswith(
            "Weights only load failed. This file can still be loaded, to do so you have two options, ")
        assert "GLOBAL autograd_lab.nn.layers.Sequential was not an allowed global" in str(error.value)
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL print was not"):
        t.load(tmp_path / "f.pt")
    loaded = t.load(tmp_path / "model.pt", weights_only=False)
    assert type(loaded) is t.nn.Sequential and loaded is not model
    assert type(loaded[0].weight) is t.nn.Parameter and loaded[0].weight.requires_grad
    assert t.equal(loaded(t.ones(1, 2)), model(t.ones(1, 2)))
    assert t.load(tmp_path / "f.pt", weights_only=False) == {"f": print}
    t.save([model, t.tensor(0.5)], tmp_path / "both.pt")  # a 0-d tensor beside the module stays 0-d
    assert t.load(tmp_path / "both.pt", weights_only=False)[1].shape == t.Size([])
    tied = t.nn.Sequential(t.nn.Embedding(4, 3), t.nn.Linear(3, 4, bias=False))
    tied[1].weight = tied[0].weight  # weight tying, as GPT models do: it survives the round trip
    t.save(tied, tmp_path / "tied.pt")
    again = t.load(tmp_path / "tied.pt", weights_only=False)
    assert again[1].weight is again[0].weight and again[0].weight is not tied[0].weight


def test_safe_globals_let_a_whole_model_load_and_the_error_names_what_is_missing(tmp_path) -> None:
    """A weights-only load builds a pickled model when its classes are allowlisted (as objects, or
    as (object, "module.name") pairs that must name the path the file gives); the first global
    not allowed is torch's error, naming it by that path."""
    import pickle

    model = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU())
    t.save(model, tmp_path / "m.pt")
    linear = f"{t.nn.Linear.__module__}.Linear"
    with pytest.raises(pickle.UnpicklingError) as error, t.serialization.safe_globals([t.nn.Sequential]):
        t.load(tmp_path / "m.pt")
    assert (f"Unsupported global: GLOBAL {linear} was not an allowed global by default. Please use "
            f"`torch.serialization.add_safe_globals([{linear}])` or the "
            f"`torch.serialization.safe_globals([{linear}])` context manager") in str(error.value)
    relu = f"{t.nn.ReLU.__module__}.ReLU"
    pairs = [(t.nn.Sequential, f"{t.nn.Sequential.__module__}.Sequential"), (t.nn.Linear, linear)]
    with pytest.raises(pickle.UnpicklingError, match=f"GLOBAL {relu} was not"), \
            t.serialization.safe_globals([*pairs, (t.nn.ReLU, "somewhere.else.ReLU")]):
        t.load(tmp_path / "m.pt")
    with t.serialization.safe_globals([*pairs, (t.nn.ReLU, relu)]):
        loaded = t.load(tmp_path / "m.pt")
    assert t.equal(loaded(t.ones(1, 2)), model(t.ones(1, 2)))


def test_onnx_export_says_it_is_not_available() -> None:
    assert t.onnx.is_in_onnx_export() is False
    with pytest.raises(NotImplementedError, match="torch.onnx.export is not supported"):
        t.onnx.export(t.nn.Linear(2, 2), (t.ones(1, 2),), "model.onnx")


def test_loading_a_malicious_file_runs_no_code(tmp_path) -> None:
    """A pickle whose unpickling would create a file, as a plain file, inside a zip the way torch
    stores it, smuggled into an autograd_lab archive as an .npy of objects, and as the pickle of a
    whole object loaded without weights_only=False: load refuses each, and the file is never
    created."""
    import io
    import pickle
    import zipfile

    marker = tmp_path / "code-ran"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    payload = pickle.dumps(Exploit())
    plain = tmp_path / "plain.pt"
    plain.write_bytes(payload)
    torch_like = tmp_path / "torch_like.pt"
    with zipfile.ZipFile(torch_like, "w") as archive:
        archive.writestr("archive/data.pkl", payload)
    honest = tmp_path / "honest.pt"
    t.save({"w": t.ones(2)}, honest)
    smuggled = tmp_path / "smuggled.pt"
    objects = np.empty(1, dtype=object)
    objects[0] = Exploit()
    buffer = io.BytesIO()
    np.save(buffer, objects, allow_pickle=True)  # an object array is stored as a pickle
    with zipfile.ZipFile(honest) as source, zipfile.ZipFile(smuggled, "w") as archive:
        archive.writestr("autograd_lab.json", source.read("autograd_lab.json"))
        archive.writestr("arrays/0.npy", buffer.getvalue())
    pickled = tmp_path / "pickled.pt"  # our own format's pickle member: only weights_only=False reads it
    with zipfile.ZipFile(pickled, "w") as archive:
        archive.writestr("autograd_lab.json", '{"format": 1, "pickled": "x"}')
        archive.writestr("object.pkl", payload)
    for path in (plain, torch_like):
        with pytest.raises(RuntimeError, match="never unpickles torch's files"):
            t.load(path)
    with pytest.raises(ValueError, match="allow_pickle"):
        t.load(smuggled)
    for weights_only in ({}, {"weights_only": True}, {"weights_only": None}):
        with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
            t.load(pickled, **weights_only)
    assert not marker.exists()


def test_load_refuses_a_gpu_map_location(tmp_path) -> None:
    # torch's error, raised where a tensor is restored: a file without tensors loads
    t.save(t.ones(1), tmp_path / "x.pt")
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        t.load(tmp_path / "x.pt", map_location="cuda:0")
    t.save({"epoch": 3}, tmp_path / "n.pt")
    assert t.load(tmp_path / "n.pt", map_location="cuda:0") == {"epoch": 3}


# -- utils.benchmark.Timer ---------------------------------------------------------------------------


def test_timer_runs_the_statement_and_prints_like_torch() -> None:
    from autograd_lab.utils.benchmark import Language, Timer

    calls = []
    timer = Timer(stmt="record(x)", globals={"record": calls.append, "x": 1})
    measurement = timer.timeit(7)
    assert calls == [1] * 9, "two warm-up runs, then the seven timed"
    assert len(measurement.times) == 1 and measurement.times[0] > 0
    assert measurement.median == measurement.mean == measurement.times[0]
    lines = repr(measurement).splitlines()
    assert lines[0].startswith("<torch.utils.benchmark.utils.common.Measurement object at 0x")
    assert lines[1] == "record(x)"
    assert lines[2].strip().split()[1] in ("ns", "us", "ms", "s")
    assert lines[3] == "  1 measurement, 7 runs , 1 thread"
    blocks = Timer(stmt="pass").blocked_autorange(min_run_time=0.01)
    assert blocks.number_per_run >= 1 and sum(blocks.raw_times) >= 0.01
    adaptive = Timer(stmt="pass").adaptive_autorange(max_run_time=0.05)
    assert len(adaptive.raw_times) >= 4 or sum(adaptive.raw_times) > 0.05
    with pytest.raises(NotImplementedError, match="C\\+\\+ snippets time torch's C\\+\\+ library"):
        Timer("x * y;", language=Language.CPP)
    with pytest.raises(NotImplementedError, match="Callgrind"):
        Timer("pass").collect_callgrind()


def test_set_default_dtype_accepts_float32_and_says_why_not_float64() -> None:
    t.set_default_dtype(t.float32)
    assert t.get_default_dtype() is t.float32 and t.ones(2).dtype is t.float32
    with pytest.raises(TypeError, match="^only floating-point types are supported as the default type$"):
        t.set_default_dtype(t.int64)
    with pytest.raises(TypeError, match="^invalid dtype object: only floating-point types"):
        t.set_default_dtype("float32")
    with pytest.raises(NotImplementedError, match=r"default float dtype is always torch\.float32; make "
                                                  r"torch\.float64 tensors with dtype=torch\.float64"):
        t.set_default_dtype(t.float64)
    assert t.ones(2).dtype is t.float32  # nothing changed


def test_cross_warning_points_at_the_callers_line() -> None:
    """torch.cross without dim= warns at the learner's line, through the function's argument
    wrapper as through the Tensor method (the warning's location is what a notebook shows)."""
    import warnings

    import autograd_lab as t

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t.cross(t.ones(3), t.ones(3)); line = sys._getframe().f_lineno  # noqa: E702
        t.ones(3).cross(t.ones(3))
    assert [(w.filename, w.lineno) for w in caught] == [(__file__, line), (__file__, line + 1)]


def test_normal_of_a_tensor_that_requires_grad_is_refused() -> None:
    """torch records normal(mean) as NormalBackward with zero gradients; autograd_lab refuses it
    with a message showing the differentiable way to sample."""
    import autograd_lab as t

    with pytest.raises(NotImplementedError, match="randn_like"):
        t.normal(t.zeros(2, requires_grad=True), 1.0)


# -- utils.swap_tensors and torch.ops --------------------------------------------------------------


def test_swap_tensors_refuses_a_tensor_whose_views_are_alive() -> None:
    """Its views would go on looking into the memory it gives away (torch refuses too, with a
    RuntimeError); once they are gone, the swap goes ahead. A caller's weak reference to a plain
    tensor still refuses, as torch does."""
    import weakref

    for first in (True, False):
        a, b = t.zeros(3), t.ones(3)
        view = a[1:]
        with pytest.raises(RuntimeError, match=f"^Cannot swap t{1 if first else 2} because it has views"):
            t.utils.swap_tensors(*((a, b) if first else (b, a)))
        assert a.tolist() == [0.0, 0.0, 0.0] and view._base is a  # nothing changed
        del view
        t.utils.swap_tensors(a, b)
        assert a.tolist() == [1.0, 1.0, 1.0] and b.tolist() == [0.0, 0.0, 0.0]
    held = weakref.ref(a)
    with pytest.raises(RuntimeError, match="^Cannot swap t1 because it has weakref associated with it$"):
        t.utils.swap_tensors(a, b)
    assert held() is a


def test_torch_ops_operator_namespaces_say_what_is_missing() -> None:
    # (torch.ops.aten exists: tests/test_torch_dispatch.py)
    with pytest.raises(AttributeError, match=r"^module 'autograd_lab.ops' has no attribute 'prims'\n"
                                             r"Hint \(autograd_lab\): torch.ops.prims is a namespace"):
        t.ops.prims  # noqa: B018 - the attribute access is the test
    with pytest.raises(AttributeError, match=r"^module 'autograd_lab.ops' has no attribute 'nothing'$"):
        t.ops.nothing  # noqa: B018


def test_embedding_bag_refuses_what_it_does_not_reproduce() -> None:
    # torch's CPU kernels disagree on where the last bag ends when offsets[-1] is short of the input
    # (by dtype, mode and padding_idx); sparse gradients do not exist here
    x, w = t.tensor([1, 2, 4, 5]), t.ones(6, 2)
    with pytest.raises(NotImplementedError, match="offsets\\[-1\\] equal to the input's length"):
        t.nn.functional.embedding_bag(x, w, t.tensor([0, 1, 2]), include_last_offset=True)
    with pytest.raises(NotImplementedError, match="sparse"):
        t.nn.EmbeddingBag(6, 2, sparse=True)(x, t.tensor([0, 2]))
    kept = t.nn.functional.embedding_bag(x, w, t.tensor([0, 1, 4]), mode="sum",
                                         include_last_offset=True)
    assert kept.tolist() == [[1.0, 1.0], [3.0, 3.0]]
