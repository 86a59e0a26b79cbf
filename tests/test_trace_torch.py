"""Live comparison with PyTorch (the ``torch`` marker): the seed notebook's pictures and the backward
order against torch run now, not only against the recorded goldens."""

from __future__ import annotations

from .goldens.record_trace import ORDER_BACKWARD, ORDER_FORWARD, record_cells, record_order
from .test_trace_magic import check_seed_cells, run, step_label


def test_seed_cells_match_live_torch(torch, shell):
    check_seed_cells(shell, record_cells(torch, torch.autograd.Variable))


def test_step_order_matches_live_torch(torch, shell):
    shell.run_cell("import autograd_lab as t\n" + ORDER_FORWARD)
    result, _, _ = run(shell, "%%trace --name tr --format text\n" + ORDER_BACKWARD)
    assert result.success
    assert [step_label(step) for step in shell.user_ns["tr"].steps] == record_order(torch)


def test_forward_steps_tangents_match_live_torch(torch):
    import numpy as np

    from .test_trace_forward import FORWARD_CELL, capture_picture, namespace

    names = namespace()
    picture = capture_picture(FORWARD_CELL, names)
    fw = torch.autograd.forward_ad
    with fw.dual_level():
        x = fw.make_dual(torch.tensor(names["p"].tolist()), torch.tensor(names["v"].tolist()))
        h = x.sin()
        product = h * x
        y = product.sum()
        expected = [fw.unpack_dual(value).tangent.numpy() for value in (h, product, y)]
    shown = [step.produced[0] for step in picture.steps]
    assert len(shown) == len(expected)
    for ours, theirs in zip(shown, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
