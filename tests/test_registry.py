"""The registry of ops is what is tested: every op class in ``autograd_lab.autograd.op.OPS`` appears
as the grad_fn of some spec in ``tests/op_specs_<area>.py``, and every spec names a registered op."""

from __future__ import annotations

import autograd_lab  # noqa: F401 - importing the package registers every op
from autograd_lab.autograd.op import OPS
from tests.test_gradcheck import all_specs


def test_every_registered_op_has_a_gradcheck_spec() -> None:
    tested = {spec.grad_fn for spec in all_specs()}
    missing = sorted(set(OPS) - tested)
    assert not missing, (
        f"ops without a gradcheck spec ({len(missing)}): {', '.join(missing)}\n"
        "add an OpSpec for each to the tests/op_specs_<area>.py of the module that defines it")


def test_every_spec_names_a_registered_op() -> None:
    unknown = sorted({spec.grad_fn for spec in all_specs()} - set(OPS))
    assert not unknown, f"specs name grad_fns that no op class registers: {unknown}"
