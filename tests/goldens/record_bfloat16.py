"""Record what torch prints for ``PROBE`` (golden data for tests/test_bfloat16.py): bfloat16
tensors made every way, converted to and from every dtype (rounded to nearest even through float32,
as torch: the values next to a rounding midpoint are the ones that tell), printed, indexed,
reshaped and concatenated, and modules converted with ``bfloat16()``.

``PROBE`` runs in a fresh interpreter (the first bfloat16 tensor of a process switches every op of
autograd_lab onto its checked path for good), with ``torch`` bound to torch or to autograd_lab.
Each line is ``label -> repr`` or ``label ! ErrorClass first line of the message``. Only what both
compute is here: the ops autograd_lab refuses on bfloat16 are tests/test_bfloat16.py's.
"""

from __future__ import annotations

import textwrap

from tests.goldens import probes

PROBE = textwrap.dedent('''
    import math
    import numpy as np
    import torch

    inf, nan = math.inf, math.nan
    bf = torch.bfloat16
    g = np.random.default_rng(3)
    # doubles on and next to bfloat16's rounding midpoints (1 + 2**-8 lies halfway between 1 and
    # 1 + 2**-7): rounded through float32 they can land on the other neighbour
    near = [1 + 2**-8, 1 + 2**-8 + 2**-30, 1 + 2**-8 - 2**-40, 1 + 3 * 2**-8, 3 * (1 + 2**-8) + 2**-28,
            -(1 + 2**-8 + 2**-30), 2**-133, 2**-126 * (1 + 2**-8 + 2**-30), 3.3961e38, 3.4e38, 1e39,
            -1e39, 0.0, -0.0, inf, -inf, nan]
    wide = (g.standard_normal(3000) * 10.0 ** g.integers(-40, 39, 3000)).tolist()
    # -- the dtype
    show("dtype", lambda: (bf, torch.bfloat16.itemsize, bf.is_floating_point, bf.is_complex))
    show("finfo", lambda: torch.finfo(bf))
    show("finfo fields", lambda: (torch.finfo(bf).bits, torch.finfo(bf).eps, torch.finfo(bf).max,
                                  torch.finfo(bf).tiny, torch.finfo(bf).resolution))
    show("promote", lambda: [torch.promote_types(bf, other) for other in (
        torch.float16, torch.float32, torch.float64, torch.int64, torch.uint8, torch.bool, bf)])
    # -- making bfloat16 tensors
    show("near", lambda: torch.tensor(near, dtype=bf))
    show("near values", lambda: torch.tensor(near, dtype=bf).tolist())
    show("near from float64", lambda: torch.tensor(near, dtype=torch.float64).to(bf).tolist())
    show("near from float32", lambda: torch.tensor(near).bfloat16().tolist())
    show("near from numpy", lambda: torch.tensor(np.array(near), dtype=bf).tolist())
    show("near from numpy float32",
         lambda: torch.from_numpy(np.array(near, np.float32)).to(bf).tolist())
    show("wide", lambda: torch.tensor(wide, dtype=bf).tolist() == torch.tensor(wide).bfloat16().tolist())
    show("wide values", lambda: math.fsum(torch.tensor(wide, dtype=bf).tolist()))
    show("wide float64", lambda: torch.tensor(wide, dtype=torch.float64).bfloat16().tolist()
         == torch.tensor(wide, dtype=bf).tolist())
    show("ints", lambda: torch.tensor([2**24 + 1, 2**31 - 1, 16777217 * 129, -(2**40 + 2**32 + 1), 257,
                                       259], dtype=bf).tolist())
    show("ints from int64", lambda: torch.tensor([2**24 + 1, 2**31 - 1, 16777217 * 129, 257, 259]).bfloat16())
    show("bools", lambda: torch.tensor([True, False]).bfloat16())
    show("scalar", lambda: torch.tensor(3.14159, dtype=bf))
    show("item", lambda: (torch.tensor(3.14159, dtype=bf).item(), float(torch.tensor(2.7, dtype=bf)),
                          int(torch.tensor(-2.7, dtype=bf)), bool(torch.tensor(0.0, dtype=bf))))
    show("zeros ones empty", lambda: (torch.zeros(2, dtype=bf), torch.ones(2, 2, dtype=bf),
                                      torch.empty(3, dtype=bf).shape, torch.eye(2, dtype=bf)))
    show("full", lambda: (torch.full((2,), 1 / 3, dtype=bf), torch.full((1,), near[1], dtype=bf)))
    show("arange", lambda: (torch.arange(5, dtype=bf), torch.arange(-128, 128, 37, dtype=bf),
                            torch.arange(-3.0, 7.0, 2.0, dtype=bf)))
    show("like", lambda: (torch.zeros_like(torch.ones(2, dtype=bf)),
                          torch.ones_like(torch.ones(1, dtype=bf)),
                          torch.full_like(torch.ones(2, dtype=bf), near[1])))
    show("new", lambda: (torch.ones(1, dtype=bf).new_tensor([near[1]]),
                         torch.ones(1, dtype=bf).new_full((2,), 1 / 3),
                         torch.ones(1, dtype=bf).new_zeros(2)))
    show("random", lambda: [(t.dtype, t.shape) for t in (
        torch.rand(4, dtype=bf), torch.randn(2, 3, dtype=bf), torch.randint(0, 9, (3,), dtype=bf))])
    show("rand in [0, 1)", lambda: bool(((torch.rand(5000, dtype=bf).float() < 1) &
                                         (torch.rand(5000, dtype=bf).float() >= 0)).all()))
    # -- conversions back
    y = torch.tensor(near[:6] + [1.5, -2.25, 1 / 3], dtype=bf)
    show("to float32", lambda: y.float())
    show("to float64", lambda: y.double())
    show("to float16", lambda: y.half())
    show("to int", lambda: (torch.tensor([1.5, -2.25, 255.0, -129.0], dtype=bf).to(torch.int32),
                            torch.tensor([1.5, 200.0], dtype=bf).to(torch.uint8),
                            torch.tensor([1.5, 0.0], dtype=bf).bool(), torch.tensor([1e10], dtype=bf).long()))
    show("float16 to bf16",
         lambda: torch.tensor([65504.0, 6e-8, 1.0009765625], dtype=torch.float16).bfloat16())
    show("same dtype", lambda: y.to(bf) is y)
    show("numpy array", lambda: torch.tensor(np.array([0.1, 0.2])).to(bf))
    import ml_dtypes  # (numpy arrays of its bfloat16: torch reads none)
    foreign = np.ones(2, ml_dtypes.bfloat16)
    show("from_numpy bfloat16", lambda: torch.from_numpy(foreign))
    show("tensor of bfloat16 array", lambda: torch.tensor(foreign))
    show("as_tensor of bfloat16 array", lambda: torch.as_tensor(foreign, dtype=bf))
    # -- printing
    show("sci", lambda: torch.tensor([1e-5, 1e5, 3.0], dtype=bf))
    show("2-d", lambda: torch.tensor([[1.0, -2.5], [0.125, 300.0]], dtype=bf))
    show("ints printed", lambda: torch.tensor([1.0, 2.0, 300.0], dtype=bf))
    show("special", lambda: torch.tensor([nan, inf, -inf, -0.0, 1.0], dtype=bf))
    show("summarized", lambda: torch.ones(2000, dtype=bf))
    show("empty", lambda: torch.zeros(0, 3, dtype=bf))
    show("requires grad leaf", lambda: torch.ones(2, dtype=bf, requires_grad=True))
    show("requires_grad_", lambda: torch.ones(2, dtype=bf).requires_grad_().requires_grad)
    show("str", lambda: str(torch.tensor([0.5, 1 / 3], dtype=bf)))
    # -- moving values
    z = torch.tensor([[0.0, 0.3, 1.0], [5.0, 0.7, 0.0]], dtype=bf)
    show("views", lambda: (z.reshape(3, 2), z.permute(1, 0), z.flip(0), z.T, z.t().contiguous(), z.view(-1)))
    show("shapes", lambda: (z.unsqueeze(0).shape, z.expand(2, 2, 3).shape, z.squeeze().shape, z[None].dtype))
    show("indexing", lambda: (z[1], z[:, 1:], z[0, torch.tensor([2, 0])], z[z.float() > 0.5]))
    show("gather select", lambda: (torch.gather(z, 1, torch.tensor([[0], [1]])),
                                   torch.index_select(z, 1, torch.tensor([2, 0]))))
    show("tril", lambda: torch.tril(torch.ones(3, 3, dtype=bf)))
    show("cat stack", lambda: (torch.cat([z, z]), torch.stack([z[0], z[1]]), torch.cat([z, z.float()]).dtype))
    show("split", lambda: (z.split(1), z.unbind(1), z.chunk(2, 1)))
    show("repeat roll", lambda: (z.repeat(1, 2), z.roll(1, 1), z.diagonal()))
    show("clone detach", lambda: (z.clone(), z.detach(), z.detach().dtype, z.data.dtype))
    def data_assigned():
        x = torch.ones(2, dtype=bf)
        x.data = torch.tensor([1 / 3, 2.0])
        return x
    show("data assigned", data_assigned)
    def writes():
        x = torch.zeros(5, dtype=bf)
        x[0] = near[1]
        x[1:3] = torch.tensor([near[1], 0.1], dtype=torch.float64)
        x.masked_fill_(torch.tensor([False, False, False, True, False]), near[1])
        x[torch.tensor([4])] = torch.tensor([near[2]]).bfloat16()
        return x
    show("writes", writes)
    def copies():
        x = torch.zeros(3, dtype=bf)
        x.copy_(torch.tensor([near[1], 2.0, 1 / 3], dtype=torch.float64))
        w = torch.zeros(3)
        w.copy_(x)
        return x, w, x.clone().fill_(near[1]), x.clone().zero_()
    show("copies", copies)
    # -- edges: checked and unchecked numbers, names, copies
    show("full big", lambda: torch.full((2,), 1e39, dtype=bf))
    show("full one big", lambda: torch.full((1,), 1e39, dtype=bf))  # (torch checks none of these)
    show("fill big", lambda: torch.zeros(2, dtype=bf).fill_(1e39))
    def write_big():
        x = torch.zeros(2, dtype=bf)
        x[0] = 1e39
        return x
    show("setitem big", write_big)
    show("masked_fill big",
         lambda: torch.zeros(2, dtype=bf).masked_fill(torch.tensor([True, False]), 1e39))
    show("huge ints", lambda: (torch.tensor([2**63 - 1], dtype=bf), torch.full((2,), 7, dtype=bf),
                               torch.full((2,), True, dtype=bf)))
    show("int beyond 64 bits", lambda: torch.tensor([2**70], dtype=bf))
    show("complex number", lambda: torch.full((2,), 1j, dtype=bf))
    show("complex tensor", lambda: torch.ones(2, dtype=torch.complex64).to(bf))
    big = torch.tensor([2**24 + 2**16 + 1, 16777217 * 129 + 1, 257, -(2**31 + 2**23 + 1)])
    show("int64 promoted to bfloat16", lambda: (
        torch.where(torch.tensor([False] * 4), torch.zeros(4, dtype=bf), big),
        torch.cat([torch.zeros(1, dtype=bf), big])))
    def out_of_float64():
        into = torch.zeros(2, dtype=bf)
        torch.add(torch.tensor(near[1:3], dtype=torch.float64), 0.0, out=into)
        return into
    show("out= of a float64 result", out_of_float64)
    show("complex128 near a midpoint", lambda: torch.tensor([complex(near[1], 1.0), complex(near[4], -2.0)],
                                                            dtype=torch.complex128).to(bf))
    show("to complex", lambda: torch.ones(2, dtype=bf).to(torch.complex64))
    show("type names", lambda: (torch.ones(2, dtype=bf).type(),
                                torch.ones(2).type(torch.bfloat16).dtype,
                                torch.ones(2).type("torch.BFloat16Tensor").dtype,
                                isinstance(torch.ones(1, dtype=bf), torch.BFloat16Tensor)))
    show("can_cast", lambda: (torch.can_cast(bf, torch.float16), torch.can_cast(torch.float64, bf),
                              torch.can_cast(bf, torch.int64), torch.can_cast(torch.complex64, bf)))
    show("result_type", lambda: (torch.result_type(torch.ones(1, dtype=bf), 1.5),
                                 torch.result_type(torch.ones(1, dtype=bf),
                                                   torch.ones(1, dtype=torch.float16))))
    show("iinfo", lambda: torch.iinfo(bf))
    show("multinomial", lambda: torch.multinomial(torch.tensor([0.0, 1.0, 0.0], dtype=bf), 1))
    show("where", lambda: torch.where(torch.tensor([True, False]), torch.ones(2, dtype=bf),
                                      torch.zeros(2, dtype=bf)))
    show("python numbers", lambda: (bool(torch.tensor([0.5], dtype=bf)),
                                    f"{torch.tensor(1 / 3, dtype=bf):.4f}"))
    show("bytes", lambda: (torch.ones(1, dtype=bf).element_size(), torch.ones(3, dtype=bf).nbytes,
                           torch.ones(2, 3, dtype=bf).stride(),
                           torch.ones(2, 3, dtype=bf).t().is_contiguous()))
    import copy
    import pickle
    show("pickled", lambda: (pickle.loads(pickle.dumps(bf)) is bf, {bf: 1}[torch.bfloat16],
                             copy.deepcopy(torch.tensor([1 / 3], dtype=bf))))
    show("numpy()", lambda: torch.ones(2, dtype=bf).numpy())
    show("np.asarray", lambda: np.asarray(torch.ones(2, dtype=bf)))
    # -- gradients through conversions and views (their backward converts or moves the gradient)
    def through_float():
        w = torch.tensor([1 / 3, -2.5, 7.0], dtype=bf, requires_grad=True)
        y = w.float() * torch.tensor([0.1, 3.0, -1.0])
        y.sum().backward()
        return w.grad, type(y.grad_fn.next_functions[0][0]).__name__
    show("grad through float()", through_float)
    def through_bfloat16():
        x = torch.tensor([0.1, 0.2, 1 / 3], requires_grad=True)
        b = x.bfloat16()
        (b.float() * 2).sum().backward()
        return b, x.grad
    show("grad through bfloat16()", through_bfloat16)
    def through_float64():
        d = torch.tensor([0.1, 1 / 3], dtype=torch.float64, requires_grad=True)
        (d.bfloat16().double() * torch.tensor(near[1:3], dtype=torch.float64)).sum().backward()
        w = torch.tensor([[1.0, 2.0]], dtype=bf, requires_grad=True)
        (w.double() * near[1]).sum().backward()
        return d.grad, w.grad
    show("grad through float64", through_float64)
    def through_views():
        w = torch.ones(2, 3, dtype=bf, requires_grad=True)
        (w.t().reshape(6).float() * torch.arange(6.0)).sum().backward()
        return w.grad
    show("grad through views", through_views)
    def linear_by_hand():
        m = torch.nn.Linear(2, 1).bfloat16()
        out = torch.tensor([[1.0, 2.0]]) @ m.weight.float().t() + m.bias.float()
        out.sum().backward()
        return m.weight.grad, m.bias.grad
    show("linear by hand", linear_by_hand)
    # -- modules
    m = torch.nn.Linear(3, 2)
    m.bfloat16()
    show("module", lambda: (m.weight.dtype, m.bias.dtype, m.weight.requires_grad, type(m.weight).__name__))
    show("module back", lambda: m.float().weight.dtype)
    show("module state",
         lambda: [(k, v.dtype) for k, v in torch.nn.Linear(1, 1).bfloat16().state_dict().items()])
''')


def run_probe(module: str) -> list[str]:
    """PROBE's output lines with ``torch`` bound to ``module`` (``"torch"`` or ``"autograd_lab"``)."""
    return probes.run_probe(probes.SHOW + PROBE, module)


def record() -> dict:
    """torch's lines for PROBE."""
    return {"lines": run_probe("torch")}
