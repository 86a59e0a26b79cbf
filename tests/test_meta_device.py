"""The meta device: tensors with shapes and no values (``autograd_lab/autograd/meta.py``).

The first meta tensor of a process sends every op through the checked path for good, so each test
runs its code in a fresh interpreter. The expected lines are what torch 2.13 prints for the same
code; the test marked ``torch`` runs the code under torch too and compares the two outputs.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.goldens.probes import run_probe

PROBE = textwrap.dedent('''
    import warnings
    import torch
    from torch import nn

    def show(label, make):
        try:
            print(label, "->", repr(make()))
        except Exception as error:
            print(label, "!", type(error).__name__, str(error).splitlines()[0][:60])

    m = torch.rand(2, 3, device="meta")
    show("repr", lambda: m)
    show("device", lambda: (m.device, m.is_meta, m.is_cpu))
    show("0-d", lambda: torch.empty((), device="meta"))
    show("int64", lambda: torch.zeros(3, dtype=torch.int64, device="meta"))
    show("requires grad", lambda: torch.ones(3, dtype=torch.float64, device="meta", requires_grad=True))
    show("huge", lambda: torch.randn(2**10, 3, 2**16, 2**16, device="meta").shape)
    show("op", lambda: torch.rand(2, device="meta", requires_grad=True) * 2)
    show("reduction", lambda: torch.zeros(3, dtype=torch.int32, device="meta").sum())
    show("max", lambda: m.max(1).indices)
    show("compare", lambda: m == m)
    show("0-d cpu joins", lambda: m + torch.tensor(1.0))
    show("cpu mixed", lambda: m + torch.rand(2, 3))
    show("item", lambda: m[0, 0].item())
    show("bool", lambda: bool(m[0, 0]))
    show("numpy", lambda: m.numpy())
    show("tolist", lambda: m.tolist())
    show("cpu()", lambda: m.cpu())
    show("equal", lambda: torch.equal(m, m)[:12])
    show("allclose", lambda: torch.allclose(m, m))
    show("nonzero", lambda: m.nonzero())
    show("mask", lambda: m[m > 0])
    show("unique", lambda: m.unique())
    show("histc", lambda: torch.histc(m))
    show("to meta", lambda: torch.ones(2).to("meta"))
    g = torch.ones(2, requires_grad=True)
    show("to meta with grad", lambda: g.to("meta"))
    show("meta grad to the cpu", lambda: g.to("meta").sum().backward())
    gm = g.to("meta")
    show("grad at the meta tensor", lambda: torch.autograd.grad(gm.sum(), gm)[0])
    show("randn_like", lambda: torch.randn_like(m))
    show("empty_like on the cpu", lambda: torch.empty_like(m, device="cpu").device)
    show("new_zeros", lambda: m.new_zeros(3))
    show("in place", lambda: m.add_(1).uniform_())
    show("copy in", lambda: m.copy_(torch.ones(2, 3)))
    show("copy out", lambda: torch.ones(2, 3).copy_(m))
    show("view in place", lambda: m[0].mul_(2))
    show("data_ptr", lambda: m.data_ptr())
    x = torch.rand(2, device="meta", requires_grad=True)
    (x * 2).sum().backward()
    show("grad", lambda: x.grad)
    show("autograd.grad", lambda: torch.autograd.grad((x * 3).sum(), x)[0])

    conv = nn.Conv2d(3, 5, 2, device="meta")
    show("layer", lambda: conv.weight)
    show("conv", lambda: conv(torch.rand(2**10, 3, 2**16, 2**16, device="meta")))
    show("conv1d", lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1, device="meta")(
        torch.rand(8, 3, 2**40, device="meta")).shape)
    show("cuda layer", lambda: nn.Linear(2, 3, device="cuda"))
    with torch.device("meta"):
        net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        show("in block", lambda: torch.tensor([1.0, 2.0]))
        show("from_numpy in block", lambda: torch.from_numpy(__import__("numpy").ones(2)))
        show("new_ones of cpu in block", lambda: torch.ones(1, device="cpu").new_ones(2).device)
    show("net", lambda: net(torch.rand(16, 4, device="meta")))
    show("after block", lambda: torch.ones(1))
    state = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).state_dict()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        show("load", lambda: net.load_state_dict(state))
    show("load warning", lambda: str(caught[0].message)[:70])
    show("load assign", lambda: net.load_state_dict(state, assign=True))
    show("assigned", lambda: (net[0].weight.device, type(net[0].weight).__name__,
                              net[0].weight.data_ptr() == state["0.weight"].data_ptr()))
    show("module to cpu", lambda: nn.Linear(2, 3, device="meta").to("cpu"))
    show("to_empty", lambda: nn.Linear(2, 3, device="meta").to_empty(device="cpu").weight.device)
    show("module to meta", lambda: nn.Linear(2, 3).to("meta").bias)
    x = torch.rand(16, 4, device="meta")
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).to("meta")
    for name, optimizer in (("sgd", torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)),
                            ("adam", torch.optim.Adam(net.parameters()))):
        loss = net(x).pow(2).mean()
        loss.backward()
        optimizer.step()
        show(name, lambda: (loss, net[0].weight.grad))
    show("cross_entropy", lambda: nn.functional.cross_entropy(
        torch.rand(4, 3, device="meta"), torch.zeros(4, dtype=torch.long, device="meta")))
    show("lstm", lambda: nn.LSTM(3, 4, device="meta")(torch.rand(5, 2, 3, device="meta"))[1][0])
    show("batch norm", lambda: nn.BatchNorm1d(3, device="meta")(torch.rand(5, 3, device="meta")))
    show("no affine", lambda: nn.BatchNorm1d(3, affine=False, device="meta")(
        torch.rand(5, 3, device="meta")))
    show("embedding", lambda: nn.Embedding(10, 3, device="meta")(
        torch.zeros(5, dtype=torch.long, device="meta")))
    import os, tempfile
    path = os.path.join(tempfile.mkdtemp(), "meta.pt")
    torch.save({"m": m, "c": torch.ones(2)}, path)
    show("load meta", lambda: torch.load(path))
    show("map_location meta", lambda: torch.load(path, map_location="meta")["c"])
''')

# torch 2.13's lines for PROBE, where autograd_lab must print the same
EXPECTED = [
    "repr -> tensor(..., device='meta', size=(2, 3))",
    "device -> (device(type='meta'), True, False)",
    "0-d -> tensor(..., device='meta', size=())",
    "int64 -> tensor(..., device='meta', size=(3,), dtype=torch.int64)",
    "requires grad -> tensor(..., device='meta', size=(3,), dtype=torch.float64, requires_grad=True)",
    "huge -> torch.Size([1024, 3, 65536, 65536])",
    "op -> tensor(..., device='meta', size=(2,), grad_fn=<MulBackward0>)",
    "reduction -> tensor(..., device='meta', size=(), dtype=torch.int64)",
    "max -> tensor(..., device='meta', size=(2,), dtype=torch.int64)",
    "compare -> tensor(..., device='meta', size=(2, 3), dtype=torch.bool)",
    "0-d cpu joins -> tensor(..., device='meta', size=(2, 3))",
    "cpu mixed ! RuntimeError Tensor on device cpu is not on the expected device meta!",
    "item ! RuntimeError Tensor.item() cannot be called on meta tensors",
    "bool ! RuntimeError Tensor.item() cannot be called on meta tensors",
    "numpy ! TypeError can't convert meta device type tensor to numpy. Use Tensor.c",
    "tolist ! NotImplementedError Cannot copy out of meta tensor; no data!",
    "cpu() ! NotImplementedError Cannot copy out of meta tensor; no data!",
    "equal ! NotImplementedError aten::equal: attempted to run this operator with Meta tensor",
    "allclose ! RuntimeError Tensor.item() cannot be called on meta tensors",
    None,  # nonzero: NotImplementedError (torch's text differs)
    None,  # a boolean mask: NotImplementedError
    "unique ! NotImplementedError aten::_unique2: attempted to run this operator with Meta ten",
    "histc -> tensor(..., device='meta', size=(100,))",
    "to meta -> tensor(..., device='meta', size=(2,))",
    "to meta with grad -> tensor(..., device='meta', size=(2,), grad_fn=<ToCopyBackward0>)",
    "meta grad to the cpu ! NotImplementedError Cannot copy out of meta tensor; no data!",
    "grad at the meta tensor -> tensor(..., device='meta', size=(2,))",
    "randn_like -> tensor(..., device='meta', size=(2, 3))",
    "empty_like on the cpu -> device(type='cpu')",
    "new_zeros -> tensor(..., device='meta', size=(3,))",
    "in place -> tensor(..., device='meta', size=(2, 3))",
    "copy in -> tensor(..., device='meta', size=(2, 3))",
    "copy out ! NotImplementedError Cannot copy out of meta tensor; no data!",
    "view in place -> tensor(..., device='meta', size=(3,))",
    "data_ptr -> 0",
    "grad -> tensor(..., device='meta', size=(2,))",
    "autograd.grad -> tensor(..., device='meta', size=(2,))",
    "layer -> Parameter containing:",
    "tensor(..., device='meta', size=(5, 3, 2, 2), requires_grad=True)",
    "conv -> tensor(..., device='meta', size=(1024, 5, 65535, 65535),",
    "       grad_fn=<ConvolutionBackward0>)",
    "conv1d -> torch.Size([8, 4, 549755813888])",
    "cuda layer ! AssertionError Torch not compiled with CUDA enabled",
    "in block -> tensor(..., device='meta', size=(2,))",
    "from_numpy in block -> tensor([1., 1.], dtype=torch.float64)",
    "new_ones of cpu in block -> device(type='cpu')",
    "net -> tensor(..., device='meta', size=(16, 2), grad_fn=<AddmmBackward0>)",
    "after block -> tensor([1.])",
    "load -> <All keys matched successfully>",
    "load warning -> 'for 0.weight: copying from a non-meta parameter in the checkpoint to a'",
    "load assign -> <All keys matched successfully>",
    "assigned -> (device(type='cpu'), 'Parameter', True)",
    "module to cpu ! NotImplementedError Cannot copy out of meta tensor; no data! Please use torch.nn",
    "to_empty -> device(type='cpu')",
    "module to meta -> Parameter containing:",
    "tensor(..., device='meta', size=(3,), requires_grad=True)",
    "sgd -> (tensor(..., device='meta', size=(), grad_fn=<MeanBackward0>), "
    "tensor(..., device='meta', size=(8, 4)))",
    "adam -> (tensor(..., device='meta', size=(), grad_fn=<MeanBackward0>), "
    "tensor(..., device='meta', size=(8, 4)))",
    "cross_entropy -> tensor(..., device='meta', size=())",
    "lstm -> tensor(..., device='meta', size=(1, 2, 4), grad_fn=<StackBackward0>)",
    "batch norm -> tensor(..., device='meta', size=(5, 3), grad_fn=<NativeBatchNormBackward0>)",
    "no affine -> tensor(..., device='meta', size=(5, 3))",
    "embedding -> tensor(..., device='meta', size=(5, 3), grad_fn=<EmbeddingBackward0>)",
    "load meta -> {'m': tensor(..., device='meta', size=(2, 3)), 'c': tensor([1., 1.])}",
    "map_location meta -> tensor(..., device='meta', size=(2,))",
]


def _run(module: str) -> list[str]:
    """PROBE's output lines with ``torch`` bound to ``module``."""
    return run_probe(PROBE, module)


def test_meta_tensors_behave_as_torchs() -> None:
    lines = _run("autograd_lab")
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    for line, expected in zip(lines, EXPECTED):
        if expected is None:
            assert " ! NotImplementedError aten::" in line, line
        else:
            assert line == expected


@pytest.mark.torch
def test_meta_tensors_match_torch_live() -> None:
    pytest.importorskip("torch")
    ours, theirs = _run("autograd_lab"), _run("torch")
    assert len(ours) == len(theirs)
    for mine, torchs, expected in zip(ours, theirs, EXPECTED):
        if expected is not None:
            assert mine == torchs
        else:
            assert torchs.split(" ! ")[1].startswith("NotImplementedError")
