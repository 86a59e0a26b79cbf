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
