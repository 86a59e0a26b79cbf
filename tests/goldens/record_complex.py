"""Record what torch prints for ``PROBE`` (golden data for tests/test_complex.py): complex tensors'
reprs, type promotion, ``linalg.eig``, the parts and the conversions, and torch's errors for the
ops it refuses on complex inputs.

``PROBE`` runs in a fresh interpreter (the first complex tensor of a process switches every op of
autograd_lab onto its checked path for good), with ``torch`` bound to torch or to autograd_lab.
Each line is ``label -> repr`` or ``label ! ErrorClass first line of the message``.
"""

from __future__ import annotations

import textwrap

from tests.goldens import probes

PROBE = textwrap.dedent('''
    import math
    import warnings
    import numpy as np
    import torch

    inf, nan = math.inf, math.nan

    x = torch.tensor([1 + 2j, 3 - 1j])
    r = torch.tensor([1.0, 2.0])
    # -- dtypes and printing
    show("dtypes", lambda: (torch.complex64, torch.complex128, torch.cfloat, torch.cdouble))
    show("is_complex", lambda: (x.is_complex(), torch.is_complex(x), r.is_complex(),
                                torch.complex64.is_complex, torch.float32.is_complex,
                                torch.complex64.is_floating_point, x.is_floating_point()))
    show("itemsize", lambda: (torch.complex64.itemsize, torch.complex128.itemsize, x.element_size()))
    show("type", lambda: (x.type(), x.cdouble().type()))
    show("finfo", lambda: torch.finfo(torch.complex128))
    show("repr", lambda: x)
    show("scalar", lambda: torch.tensor(1 + 2j))
    show("negative scalar", lambda: torch.tensor(-1.5 - 0.25j))
    show("complex128", lambda: torch.tensor([1.5 + 2j, 100.25 - 3.125j], dtype=torch.complex128))
    show("signed zeros", lambda: torch.tensor([complex(0.0, -0.0), complex(-0.0, 0.0), 0j]))
    show("nan and inf", lambda: torch.tensor([complex(nan, inf), complex(-inf, nan), complex(1, -inf)]))
    show("sci", lambda: torch.tensor([[1e-5 + 1j, 2 + 3e5j], [1, 1j]]))
    show("int mode", lambda: torch.tensor([1, 2], dtype=torch.complex64))
    show("2-d", lambda: torch.tensor([[1 + 1j, -2.5 + 0.5j], [0.125j, 3]], dtype=torch.complex128))
    show("wide", lambda: torch.arange(12.0).reshape(2, 6).to(torch.complex64) * (1.5 - 2j))
    show("summarized", lambda: torch.ones(2000, dtype=torch.complex64) * (1 + 1j))
    show("empty", lambda: torch.tensor([], dtype=torch.complex64))
    show("empty 2-d", lambda: torch.zeros(0, 2, dtype=torch.complex128))
    show("str", lambda: str(torch.tensor([0.5 - 0.5j])))
    show("item", lambda: (x[0].item(), x.tolist(), complex(x[1]), bool(x[0])))
    show("float of complex", lambda: float(x[0]))
    show("int of complex", lambda: int(x[0]))
    show("numpy", lambda: x.numpy())
    # -- making complex tensors
    show("mixed list", lambda: torch.tensor([[1, 2.5], [1j, True]]))
    show("dtype=", lambda: torch.tensor([1 + 2j], dtype=torch.complex128))
    show("from numpy", lambda: torch.from_numpy(np.array([1 + 2j])))
    show("numpy complex64", lambda: torch.tensor(np.array([1j], dtype=np.complex64)))
    show("complex into float32", lambda: torch.tensor(1 + 2j, dtype=torch.float32))
    show("zeros", lambda: torch.zeros(2, dtype=torch.cfloat))
    show("full", lambda: torch.full((2,), 1j))
    show("eye", lambda: torch.eye(2, dtype=torch.complex128))
    show("ones_like", lambda: torch.ones_like(x))
    show("arange", lambda: torch.arange(3, dtype=torch.complex64))
    show("complex()", lambda: torch.complex(r, torch.tensor([-1.0, inf])))
    show("complex() of ints", lambda: torch.complex(torch.tensor([1]), torch.tensor([1])))
    show("complex() mixed", lambda: torch.complex(r.double(), r))
    show("polar", lambda: torch.polar(torch.tensor([2.0], dtype=torch.float64),
                                      torch.tensor([0.5], dtype=torch.float64)))
    show("view_as_complex", lambda: torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, -4.0]])))
    show("view_as_complex size 3", lambda: torch.view_as_complex(torch.ones(2, 3)))
    show("view_as_real", lambda: torch.view_as_real(x))
    show("view_as_real of real", lambda: torch.view_as_real(r))
    # -- promotion
    show("promote", lambda: (torch.promote_types(torch.float64, torch.complex64),
                             torch.promote_types(torch.int64, torch.complex64),
                             torch.promote_types(torch.complex64, torch.complex128)))
    show("result_type", lambda: (torch.result_type(r, 1j), torch.result_type(r.double(), 1j),
                                 torch.result_type(torch.tensor([1]), 1j)))
    show("can_cast", lambda: (torch.can_cast(torch.complex64, torch.float32),
                              torch.can_cast(torch.float64, torch.complex64),
                              torch.can_cast(torch.complex64, torch.int64)))
    show("float32 * 1j", lambda: r * 1j)
    show("float64 * complex64", lambda: r.double() * x)
    show("int + 1j", lambda: torch.tensor([1, 2]) + 1j)
    show("complex64 * 0-d float64", lambda: x * torch.tensor(2.0, dtype=torch.float64))
    show("float64 + 0-d complex64", lambda: torch.ones(2, dtype=torch.float64) + torch.tensor(1j))
    show("int + 0-d complex128", lambda: torch.ones(2, dtype=torch.int64)
         + torch.tensor(1j, dtype=torch.complex128))
    show("complex64 + 0-d complex128", lambda: x + torch.tensor(1j, dtype=torch.complex128))
    # -- arithmetic and functions
    show("add", lambda: x + torch.tensor([0.5j, -2]))
    show("sub", lambda: x - torch.tensor([complex(-1, -0.0), 0j]))
    show("neg", lambda: -torch.tensor([complex(-1, 0.0), 0j, 2 - 1j]))
    show("mul", lambda: x * x)
    show("div", lambda: x / torch.tensor([1 - 1j, 2j]))
    show("div by 0", lambda: x / 0)
    show("rdiv", lambda: 1 / x)
    show("reciprocal", lambda: x.reciprocal())
    show("pow 2", lambda: x ** 2)
    show("pow 3", lambda: x ** 3)
    show("pow 0.5", lambda: x ** 0.5)
    show("pow -1", lambda: x ** -1)
    show("pow 2.5", lambda: x ** 2.5)
    show("exp", lambda: x.exp())
    show("log", lambda: torch.log(torch.tensor([0j, -1 + 0j, 1 + 1j])))
    show("sqrt", lambda: torch.tensor([-1 + 0j, complex(-1, -0.0), 4j]).sqrt())
    show("abs", lambda: (x.abs(), torch.tensor([3 + 4j], dtype=torch.complex128).abs()))
    show("angle", lambda: (x.angle(), torch.tensor([-1.0, 0.0, 2.0]).angle(), torch.tensor([-1, 2]).angle()))
    show("eq", lambda: (x == x, x != 1, x == (1 + 2j), x == torch.tensor([1.0, 3.0])))
    show("sum", lambda: (x.sum(), x.mean(), x.prod(), torch.tensor([[1j, 2], [3, 4j]]).sum(1)))
    show("cumsum", lambda: x.cumsum(0))
    show("matmul", lambda: torch.tensor([[1j, 2], [3, 4j]])
         @ torch.tensor([[1.0, 2], [3, 4]]).to(torch.complex64))
    show("matmul mixed", lambda: torch.tensor([[1j, 2], [3, 4j]]) @ torch.tensor([[1.0, 2], [3, 4]]))
    show("dot", lambda: x @ x)
    show("isnan", lambda: (torch.tensor([complex(nan, 1), 1j]).isnan(),
                           torch.tensor([complex(1, inf)]).isinf()))
    show("logical_and", lambda: torch.logical_and(x, torch.tensor([0j, 1])))
    show("logical_not", lambda: torch.logical_not(torch.tensor([0j, 1j])))
    show("count_nonzero", lambda: torch.tensor([0j, 1j, 2]).count_nonzero())
    show("all any", lambda: (x.all(), torch.tensor([0j]).any()))
    show("where", lambda: torch.where(r > 1, x, torch.zeros(2, dtype=torch.complex64)))
    show("nonzero", lambda: torch.tensor([0j, 1j, 1]).nonzero())
    show("conj", lambda: (torch.conj(x), x.conj_physical(), r.conj()))
    show("mH", lambda: torch.tensor([[1j, 2]]).mH)
    show("adjoint", lambda: torch.tensor([[1j, 2]]).adjoint())
    show("real imag", lambda: (x.real, x.imag, r.real))
    show("imag of real", lambda: r.imag)
    show("clone and views", lambda: (x.clone(), x[0], x.view(2, 1), x.flip(0), torch.cat([x, x]),
                                     torch.stack([x, x]), x[[1, 0]], x.reshape(1, 2).t()))
    show("equal", lambda: torch.equal(x, x.clone()))
    show("in place", lambda: (x.clone().add_(1), x.clone().mul_(1j), x.clone().zero_(),
                              x.clone().fill_(2j), x.clone().div_(2), x.clone().exp_()))
    show("setitem", lambda: (lambda z: (z.__setitem__(0, 1j), z)[1])(x.clone()))
    show("copy_ of real", lambda: x.clone().copy_(torch.tensor([5.0, 6.0])))
    # -- conversions
    show("to complex128", lambda: x.to(torch.complex128))
    show("cfloat", lambda: r.cfloat())
    show("to float", lambda: x.to(torch.float32))
    show("double", lambda: torch.tensor([1 + 2j]).double())
    show("long", lambda: torch.tensor([2.5 + 2j]).long())
    show("bool", lambda: torch.tensor([1j, 0j]).bool())
    show("copy_ into float", lambda: torch.zeros(2).copy_(x))
    # -- linalg.eig
    show("eig", lambda: torch.linalg.eig(torch.tensor([[2.0, 1], [2, 3]], dtype=torch.float64)))
    # (float32: the eigenvalues; the eigenvectors' signs are LAPACK's single-precision run's in
    # torch, numpy computes in double precision: tests/test_complex.py compares them up to phase)
    show("eig float32", lambda: torch.linalg.eig(torch.tensor([
        [1.0, 0.1, 0.1, 0.1], [0.1, 3.0, 0.2, 0.3], [0.1, 0.2, 5.0, 0.5],
        [0.1, 0.3, 0.5, 9.0]])).eigenvalues)
    show("eigvals rotation", lambda: torch.linalg.eigvals(torch.tensor([[0.0, 1], [-1, 0]])))
    show("eig complex", lambda: torch.linalg.eig(torch.tensor([[1j, 1], [0, 2]])))
    show("eig batch", lambda: torch.linalg.eigvals(torch.tensor([[[2.0, 0], [0, 3]], [[1, 1], [0, 1]]])))
    show("eig fields", lambda: type(torch.linalg.eig(torch.eye(2))).__name__)
    show("eig of ints", lambda: torch.linalg.eig(torch.tensor([[2, 1], [2, 3]])))
    show("eig not square", lambda: torch.linalg.eig(torch.ones(2, 3)))
    show("eig 1-d", lambda: torch.linalg.eig(torch.ones(2)))
    show("eig float16", lambda: torch.linalg.eigvals(torch.eye(2, dtype=torch.float16)))
    show("eig nan", lambda: torch.linalg.eig(torch.tensor([[nan, 1.0], [0, 1]])))
    # -- what torch refuses on complex tensors
    show("lt", lambda: x < x)
    show("lt number", lambda: x < 0)
    show("le", lambda: x <= x)
    show("gt", lambda: x > x)
    show("ge", lambda: x >= x)
    show("max", lambda: x.max())
    show("max dim", lambda: x.max(0))
    show("min", lambda: x.min())
    show("amax", lambda: x.amax())
    show("argmax", lambda: x.argmax())
    show("argmin", lambda: x.argmin())
    show("sort", lambda: x.sort())
    show("argsort", lambda: x.argsort())
    show("topk", lambda: x.topk(1))
    show("relu", lambda: torch.relu(x))
    show("clamp", lambda: x.clamp(0, 1))
    show("clamp_min", lambda: x.clamp_min(0))
    show("floor", lambda: x.floor())
    show("ceil", lambda: x.ceil())
    show("round", lambda: x.round())
    show("sign", lambda: x.sign())
    show("maximum", lambda: torch.maximum(x, x))
    show("remainder", lambda: x % 2)
    show("floor_divide", lambda: x // 2)
    show("unique", lambda: x.unique())
    show("median", lambda: x.median())
    show("nansum", lambda: x.nansum())
    show("abs_", lambda: x.clone().abs_())
    show("assign into float", lambda: torch.ones(2).fill_(1j))
    show("add_ into float", lambda: torch.ones(2).add_(1j))
''')


def run_probe(module: str) -> list[str]:
    """PROBE's output lines with ``torch`` bound to ``module`` (``"torch"`` or ``"autograd_lab"``)."""
    return probes.run_probe(probes.SHOW + PROBE, module)


def record() -> dict:
    """torch's lines for PROBE."""
    return {"lines": run_probe("torch")}
