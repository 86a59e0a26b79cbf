"""gradcheck specs for the op forward mode adds: the primal of a dual tensor (``unpack_dual``)."""

from __future__ import annotations

from tests.op_specs import OpSpec, one

SPECS = [
    # what unpack_dual returns as the primal: a view, differentiable in reverse mode
    OpSpec("_fw_primal", lambda a: a._fw_primal(0), one(), "Identity"),
]
