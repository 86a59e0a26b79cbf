"""Grad mode, backward passes and tracing belong to a thread, as in torch: what one thread does never
changes what another records. Tested with real threads running at the same time."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

import autograd_lab as t


def _run_together(*targets: Callable[[], None], timeout: float = 120.0) -> None:
    """Start every target in its own thread at once; re-raise the first error any of them hit."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def wrapped(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                start.wait()
                target()
            except BaseException as error:  # noqa: BLE001 - reported to the test below
                errors.append(error)
        return run

    threads = [threading.Thread(target=wrapped(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]


def test_no_grad_in_one_thread_leaves_another_thread_recording() -> None:
    stop = threading.Event()
    unrecorded = []

    def toggling() -> None:
        x = t.ones(3, requires_grad=True)
        while not stop.is_set():
            with t.no_grad():
                x * 2

    def recording() -> None:
        x = t.ones(3, requires_grad=True)
        try:
            for _ in range(20_000):
                if (x * 2).grad_fn is None:
                    unrecorded.append(1)
        finally:
            stop.set()

    _run_together(toggling, recording)
    assert not unrecorded
    assert t.is_grad_enabled()


def test_overlapping_no_grad_blocks_restore_each_threads_own_mode() -> None:
    """A enters, B enters, A leaves, B leaves: with one shared flag, B would restore "off"."""
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    modes: dict[str, bool] = {}

    def first() -> None:
        with t.no_grad():
            a_in.set()
            b_in.wait(10)
        a_out.set()
        modes["first after"] = t.is_grad_enabled()

    def second() -> None:
        a_in.wait(10)
        with t.no_grad():
            b_in.set()
            a_out.wait(10)
            modes["second inside"] = t.is_grad_enabled()
        modes["second after"] = t.is_grad_enabled()

    _run_together(first, second)
    assert modes == {"first after": True, "second inside": False, "second after": True}
    assert t.is_grad_enabled()


def test_set_grad_enabled_false_in_a_thread_does_not_leak() -> None:
    def switch_off() -> None:
        t.set_grad_enabled(False)
        assert not t.is_grad_enabled()

    _run_together(switch_off)
    assert t.is_grad_enabled()
    assert (t.ones(1, requires_grad=True) * 2).grad_fn is not None


def test_backward_in_one_thread_does_not_switch_grad_mode_of_another() -> None:
    """The engine turns grad mode off for its own thread during a plain pass."""
    stop = threading.Event()
    unrecorded = []

    def backward_loop() -> None:
        w = t.ones(50, requires_grad=True)
        while not stop.is_set():
            (w * w).tanh().sum().backward()

    def recording() -> None:
        x = t.ones(3, requires_grad=True)
        try:
            for _ in range(20_000):
                if (x + 1).grad_fn is None:
                    unrecorded.append(1)
        finally:
            stop.set()

    _run_together(backward_loop, recording)
    assert not unrecorded


def _train(weights: dict[str, np.ndarray], data: np.ndarray, labels: np.ndarray,
           steps: int) -> dict[str, np.ndarray]:
    """A small tanh MLP trained with SGD; returns the final parameters."""
    model = t.nn.Sequential(t.nn.Linear(4, 8), t.nn.Tanh(), t.nn.Linear(8, 3))
    with t.no_grad():
        for name, parameter in model.named_parameters():
            parameter.copy_(t.tensor(weights[name]))
    optimizer = t.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    inputs, targets = t.tensor(data), t.tensor(labels)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = t.nn.functional.cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
    return {name: parameter.detach().numpy().copy() for name, parameter in model.named_parameters()}


def test_four_threads_train_separate_models_as_one_thread_would() -> None:
    rng = np.random.default_rng(0)
    shapes = {"0.weight": (8, 4), "0.bias": (8,), "2.weight": (3, 8), "2.bias": (3,)}
    setups = []
    for _ in range(4):
        weights = {name: rng.standard_normal(shape).astype(np.float32) * 0.5
                   for name, shape in shapes.items()}
        data = rng.standard_normal((16, 4)).astype(np.float32)
        labels = rng.integers(0, 3, 16)
        setups.append((weights, data, labels))
    expected = [_train(*setup, steps=60) for setup in setups]
    results: list[dict | None] = [None] * 4

    def worker(index: int) -> Callable[[], None]:
        def run() -> None:
            results[index] = _train(*setups[index], steps=60)
        return run

    _run_together(*(worker(i) for i in range(4)))
    for got, want in zip(results, expected):
        assert got is not None
        for name in shapes:
            np.testing.assert_array_equal(got[name], want[name])


def test_create_graph_backward_in_a_thread_while_another_differentiates() -> None:
    """One thread takes second derivatives (its pass records a graph), another plain gradients."""
    results: dict[str, list[float]] = {"second": [], "first": []}

    def second_derivatives() -> None:
        for _ in range(300):
            x = t.tensor(0.5, requires_grad=True)
            (g,) = t.autograd.grad(x.tanh(), x, create_graph=True)
            (gg,) = t.autograd.grad(g, x)
            results["second"].append(gg.item())

    def first_derivatives() -> None:
        for _ in range(300):
            x = t.tensor(0.5, requires_grad=True)
            x.sigmoid().backward()
            results["first"].append(x.grad.item())

    _run_together(second_derivatives, first_derivatives)
    tanh = np.tanh(np.float32(0.5))
    sigmoid = 1 / (1 + np.exp(-np.float32(0.5)))
    assert results["second"] == [results["second"][0]] * 300
    assert abs(results["second"][0] - float(-2 * tanh * (1 - tanh ** 2))) < 1e-6
    assert abs(results["first"][0] - float(sigmoid * (1 - sigmoid))) < 1e-6
    assert results["first"] == [results["first"][0]] * 300


def test_a_trace_records_only_its_own_thread() -> None:
    started, traced = threading.Event(), threading.Event()

    def elsewhere() -> None:
        x = t.ones(2, requires_grad=True)
        started.set()
        while not traced.is_set():
            (x * 3).exp().sum()

    other = threading.Thread(target=elsewhere)
    other.start()
    started.wait(10)
    try:
        with t.trace() as recorded:
            w = t.ones(2, requires_grad=True)
            for _ in range(200):
                w = w + 1
    finally:
        traced.set()
        other.join(30)
    ops = {node.op for node in recorded.graph.nodes.values() if node.op}
    assert "AddBackward0" in ops
    assert not ops & {"MulBackward0", "ExpBackward0", "SumBackward0"}  # the other thread's ops


def test_in_place_changes_from_many_threads_lose_no_count() -> None:
    """``v += 1`` from four threads at once, each on its own element of one base (so one version
    counter for all), with threads switching as often as the interpreter allows: the version and
    the in-place clock move by exactly the number of changes. A lost count would let backward skip
    the check that a saved tensor was changed."""
    import sys

    from autograd_lab.autograd.node import inplace_clock

    base = t.zeros(4)
    views = [base[i] for i in range(4)]
    changes = 20_000
    version, ticks = base._version, inplace_clock.ticks

    def change(view: t.Tensor) -> Callable[[], None]:
        def run() -> None:
            element = view
            for _ in range(changes):
                element += 1
        return run

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        _run_together(*[change(view) for view in views])
    finally:
        sys.setswitchinterval(interval)
    assert base.tolist() == [changes] * 4
    assert base._version - version == 4 * changes
    assert inplace_clock.ticks - ticks == 4 * changes
