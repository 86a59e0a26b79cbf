"""Tensor subclasses without data of their own (``Tensor._make_wrapper_subclass`` and
``__torch_dispatch__``, ``autograd_lab/_subclasses.py``), ``torch.ops.aten`` (``ops/_aten.py``),
``__torch_function__`` overrides of Tensor's methods (``overrides.py``), and ``nn.Module``'s
conversions and ``load_state_dict`` (``Tensor.module_load``) under ``torch.__future__``'s flags.

The first wrapper of a process sends every op through the checked path for good (as the first meta
tensor does), so the code runs in a fresh interpreter. The expected lines are what torch 2.13 prints
for the same code (``Differs``: where the kit refuses what torch dispatches, both texts); the test
marked ``torch`` runs the code under torch too and compares.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from tests.goldens.probes import run_probe

PROBE = textwrap.dedent('''
    import torch
    from torch import nn

    aten = torch.ops.aten


    def show(label, make):
        try:
            print(label, "->", repr(make()))
        except Exception as error:
            print(label, "!", type(error).__name__, str(error).splitlines()[0][:70])


    show("overload", lambda: (str(aten.detach.default), str(aten._to_copy.default), str(aten.mul.Tensor)))
    show("overload repr", lambda: aten.detach.default)
    show("packet", lambda: (aten.mul, str(aten.mul)))
    show("identity", lambda: (aten.detach.default is aten.detach.default,
                              aten.detach.default in (aten._to_copy.default, aten.detach.default)))
    show("names", lambda: (aten.detach.default.name(), aten.add.Tensor.name(),
                           aten.add.Tensor.overloadpacket is aten.add))
    show("unknown op", lambda: aten.no_such_op)
    show("unknown overload", lambda: aten.detach.no_such_overload)
    show("call overload", lambda: aten.mul.Tensor(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
    show("call packet", lambda: aten.add(torch.tensor([1.0]), torch.tensor([2.0])))
    show("call _to_copy", lambda: aten._to_copy.default(torch.tensor([1.5]), dtype=torch.float64))
    show("call detach", lambda: aten.detach.default(torch.ones(2, requires_grad=True)))

    seen = []


    class W(torch.Tensor):
        @staticmethod
        def __new__(cls, elem, requires_grad=False):
            return torch.Tensor._make_wrapper_subclass(
                cls, elem.shape, dtype=elem.dtype, device=elem.device, strides=elem.stride(),
                requires_grad=requires_grad)

        def __init__(self, elem, requires_grad=False):
            self.elem = elem

        def __repr__(self):
            return f"W({self.elem})"

        @classmethod
        def __torch_dispatch__(cls, func, types, args, kwargs):
            seen.append(f"{func} {[type(a).__name__ for a in args]} {kwargs}")
            if func in (aten.detach.default, aten._to_copy.default):
                return cls(func(args[0].elem, *args[1:], **kwargs))
            raise NotImplementedError(f"Unsupported function {func}")


    def dispatched(make):
        """What ``make()`` gives (or the text of the NotImplementedError it raises), and what
        ``__torch_dispatch__`` saw meanwhile."""
        seen.clear()
        try:
            result = make()
        except NotImplementedError as error:
            result = f"NotImplementedError: {error}"
        return result, list(seen)


    class Bare(torch.Tensor):
        pass


    show("no dispatch", lambda: torch.Tensor._make_wrapper_subclass(Bare, (2,), dtype=torch.float32))
    w = W(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    show("metadata", lambda: (type(w).__name__, w.shape, w.dtype, w.device, w.stride(), w.requires_grad,
                              w.is_floating_point(), w.dim(), w.numel(), w.is_meta, vars(w).keys()))
    show("transposed strides", lambda: W(torch.ones(2, 3).t()).stride())
    show("half", lambda: dispatched(lambda: w.half()))
    show("double", lambda: dispatched(lambda: w.double()))
    show("to dtype", lambda: dispatched(lambda: w.to(torch.float64)))
    show("to same dtype", lambda: dispatched(lambda: w.to(torch.float32) is w))
    show("float", lambda: dispatched(lambda: w.float() is w))
    show("detach", lambda: dispatched(lambda: w.detach()))
    show("data", lambda: dispatched(lambda: w.data))
    show("to meta", lambda: dispatched(lambda: w.to("meta")))
    show("exp", lambda: dispatched(lambda: torch.exp(w)))
    show("mul", lambda: dispatched(lambda: w * w))
    show("t", lambda: dispatched(lambda: w.t()))
    show("clone", lambda: dispatched(lambda: w.clone()))
    wm = W(torch.ones(5, 3, device="meta"))
    show("meta wrapper", lambda: (wm.device, wm.is_meta, wm))
    wg = W(torch.ones(2), requires_grad=True)
    show("requires grad", lambda: (wg.requires_grad, wg.is_leaf, wg.grad_fn))

    # where the kit differs: it refuses ops it calls with arguments of its own (torch dispatches
    # them), reads of the values, and ops that autograd would record; a number arrives as a tensor
    show("sum", lambda: w.sum())
    show("mul number", lambda: dispatched(lambda: w * 2)[1])
    show("tolist", lambda: w.tolist())
    show("numpy", lambda: w.numpy())
    show("grad op", lambda: torch.exp(wg))

    p = nn.Parameter(w)
    show("parameter", lambda: (type(p).__name__, isinstance(p, nn.Parameter), p.requires_grad,
                               sorted(vars(p)), p.elem is not w.elem))
    show("parameter no grad", lambda: nn.Parameter(w, requires_grad=False).requires_grad)


    def quantized(module):
        module.weight = nn.Parameter(W(module.weight))
        return module


    show("future defaults", lambda: (torch.__future__.get_swap_module_params_on_conversion(),
                                     torch.__future__.get_overwrite_module_params_on_conversion()))
    m = quantized(nn.Linear(3, 2))
    before = m.weight
    m.half()
    show("set data", lambda: (m.weight is before, type(m.weight).__name__, m.weight.dtype,
                              m.weight.elem.dtype, m.bias.dtype))
    torch.__future__.set_swap_module_params_on_conversion(True)
    m = quantized(nn.Linear(3, 2))
    before = m.weight
    m.double()
    show("swapped", lambda: (m.weight is before, type(m.weight).__name__, m.weight.dtype,
                             m.weight.elem.dtype, m.bias.dtype, isinstance(m.weight, nn.Parameter)))
    torch.__future__.set_swap_module_params_on_conversion(False)
    show("state_dict order", lambda: list(quantized(nn.Linear(3, 2)).state_dict()))


    @classmethod
    def loading(cls, func, types, args=(), kwargs=None):
        kwargs = {} if kwargs is None else kwargs
        if func is torch.Tensor.module_load:
            dest, src = args[0], args[1]
            seen.append(f"module_load {type(dest).__name__} {type(src).__name__} {kwargs}")
            return W(src)
        with torch._C.DisableTorchFunctionSubclass():
            return func(*args, **kwargs)


    W.__torch_function__ = loading
    with torch.device("meta"):
        m = quantized(nn.Linear(3, 2))
    show("on meta", lambda: (m.weight.device, m.weight.elem.device, m.bias.device))
    show("meta state_dict", lambda: m.state_dict())
    torch.__future__.set_swap_module_params_on_conversion(True)
    source = nn.Linear(3, 2).state_dict()
    weight_before = m.weight
    seen.clear()
    show("load assign", lambda: m.load_state_dict(source, assign=True))
    show("module_load calls", lambda: list(seen))
    show("loaded", lambda: (m.weight is weight_before, type(m.weight).__name__, m.weight.device,
                            m.weight.elem.device, torch.equal(m.weight.elem, source["weight"]),
                            m.bias.device, torch.equal(m.bias, source["bias"]), m.weight.requires_grad))
    plain = nn.Linear(3, 2)
    bias = plain.bias
    show("plain load", lambda: (plain.load_state_dict(nn.Linear(3, 2).state_dict()), plain.bias is bias))
    show("module_load default", lambda: (torch.ones(2).module_load(torch.zeros(2)),
                                         torch.ones(2).module_load(torch.zeros(2), assign=True)))
    torch.__future__.set_swap_module_params_on_conversion(False)


    def in_disabled():
        with torch._C.DisableTorchFunctionSubclass():
            return torch.overrides.has_torch_function((w,))


    show("overrides", lambda: (torch.overrides.has_torch_function((w,)),
                               torch.overrides.has_torch_function((torch.ones(1), 2.0)),
                               torch.overrides.is_tensor_like(w), in_disabled()))
    lin = nn.Linear(2, 2)
    lin.weight.grad = torch.ones(2, 2)
    w0, g0 = lin.weight, lin.weight.grad
    torch.__future__.set_swap_module_params_on_conversion(True)
    lin.double()
    show("plain swap", lambda: (lin.weight is w0, lin.weight.dtype, lin.weight.grad is g0,
                                lin.weight.grad.dtype, type(lin.weight).__name__, lin.weight.requires_grad))
    torch.__future__.set_swap_module_params_on_conversion(False)
    torch.__future__.set_overwrite_module_params_on_conversion(True)
    lin.float()
    show("overwrite", lambda: (lin.weight is w0, lin.weight.dtype, lin.weight.grad is g0,
                               lin.weight.grad.dtype, lin.weight.is_leaf))
    torch.__future__.set_overwrite_module_params_on_conversion(False)
    lin2 = nn.Linear(2, 2)
    lin2.weight.grad = torch.ones(2, 2)
    w1, g1 = lin2.weight, lin2.weight.grad
    lin2.half()
    show("set data plain", lambda: (lin2.weight is w1, lin2.weight.dtype, lin2.weight.grad is g1,
                                    lin2.weight.grad.dtype))
    bn = nn.BatchNorm1d(2)
    mean = bn.running_mean
    bn.double()
    show("buffers", lambda: (bn.running_mean is mean, bn.running_mean.dtype, bn.num_batches_tracked.dtype))


    class Logged(torch.Tensor):
        """torch's documented pattern: log each call, then the default (which keeps the class)."""

        calls = []

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            cls.calls.append(func.__name__)
            return super().__torch_function__(func, types, args, kwargs)


    def logged(make):
        Logged.calls.clear()
        result = make()
        return type(result).__name__, list(Logged.calls)


    x = Logged([1.0, -2.0, 3.0])
    show("logged method", lambda: logged(lambda: x.exp()))
    show("logged operators", lambda: logged(lambda: (x + 1, x * x, -x, x > 0, x[0], x @ x, 2 * x)))
    show("logged others", lambda: logged(lambda: (1 - x, x == x, x / 2, abs(x))))
    show("logged chain", lambda: logged(lambda: x.abs().max()))
    show("logged in place", lambda: logged(lambda: x.clone().mul_(2)))
    show("logged views", lambda: logged(lambda: (x.view(3, 1), x.detach(), x.double())))
    show("logged values", lambda: logged(lambda: x.tolist()))
    show("logged result", lambda: (x + 1).tolist())
    show("logged grad", lambda: logged(lambda: Logged([1.0]).requires_grad_()))
    show("logged function", lambda: logged(lambda: torch.exp(x)))
    show("logged functions", lambda: logged(lambda: (torch.cat([x, x]), torch.add(x, 1, alpha=2),
                                                     nn.functional.relu(x), torch.zeros_like(x))))
    show("func identity", lambda: logged(lambda: torch.exp(x)) and Logged.calls == ["exp"])
    # where the kit differs: property reads do not call the override here
    show("logged property", lambda: logged(lambda: x.shape))


    class Doubling(torch.Tensor):
        """An override that changes what a method computes."""

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            with torch._C.DisableTorchFunctionSubclass():
                result = func(*args, **(kwargs or {}))
            return result * 2 if func is torch.Tensor.sum else result


    show("override value", lambda: (Doubling([1.0, 2.0]).sum().item(), type(Doubling([1.0]).exp()).__name__))
    show("override disabled", lambda: torch.overrides.has_torch_function((Doubling([1.0]),)))
''')


@dataclass(frozen=True)
class Differs:
    """A line where the kit differs from torch (it refuses, with a NotImplementedError, what torch
    hands to ``__torch_dispatch__``, or runs without a ``__torch_function__`` override what torch
    routes to it): torch's line and ours."""

    torch: str
    ours: str


EXPECTED: list[str | Differs] = [
    "overload -> ('aten.detach.default', 'aten._to_copy.default', 'aten.mul.Tensor')",
    "overload repr -> <OpOverload(op='aten.detach', overload='default')>",
    "packet -> (<OpOverloadPacket(op='aten.mul')>, 'aten.mul')",
    'identity -> (True, True)',
    "names -> ('aten::detach', 'aten::add.Tensor', True)",
    "unknown op ! AttributeError '_OpNamespace' 'aten' object has no attribute 'no_such_op'",
    "unknown overload ! AttributeError The underlying op of 'aten.detach' has no "
    "overload name 'no_such_overl",
    'call overload -> tensor([3., 8.])',
    'call packet -> tensor([3.])',
    'call _to_copy -> tensor([1.5000], dtype=torch.float64)',
    'call detach -> tensor([1., 1.])',
    'no dispatch ! TypeError Bare must define __torch_dispatch__',
    "metadata -> ('W', torch.Size([2, 3]), torch.float32, device(type='cpu'), (3, "
    "1), False, True, 2, 6, False, dict_keys(['elem']))",
    'transposed strides -> (1, 3)',
    'half -> (W(tensor([[1., 2., 3.],',
    '        [4., 5., 6.]], dtype=torch.float16)), ["aten._to_copy.default [\'W\'] '
    '{\'dtype\': torch.float16}"])',
    'double -> (W(tensor([[1., 2., 3.],',
    '        [4., 5., 6.]], dtype=torch.float64)), ["aten._to_copy.default [\'W\'] '
    '{\'dtype\': torch.float64}"])',
    'to dtype -> (W(tensor([[1., 2., 3.],',
    '        [4., 5., 6.]], dtype=torch.float64)), ["aten._to_copy.default [\'W\'] '
    '{\'dtype\': torch.float64}"])',
    'to same dtype -> (True, [])',
    'float -> (True, [])',
    'detach -> (W(tensor([[1., 2., 3.],',
    '        [4., 5., 6.]])), ["aten.detach.default [\'W\'] {}"])',
    'data -> (W(tensor([[1., 2., 3.],',
    '        [4., 5., 6.]])), ["aten.detach.default [\'W\'] {}"])',
    'to meta -> (W(tensor(..., device=\'meta\', size=(2, 3))), ["aten._to_copy.default '
    "['W'] {'dtype': torch.float32, 'layout': torch.strided, 'device': "
    'device(type=\'meta\')}"])',
    "exp -> ('NotImplementedError: Unsupported function aten.exp.default', "
    '["aten.exp.default [\'W\'] {}"])',
    "mul -> ('NotImplementedError: Unsupported function aten.mul.Tensor', "
    '["aten.mul.Tensor [\'W\', \'W\'] {}"])',
    "t -> ('NotImplementedError: Unsupported function aten.t.default', "
    '["aten.t.default [\'W\'] {}"])',
    "clone -> ('NotImplementedError: Unsupported function aten.clone.default', "
    '["aten.clone.default [\'W\'] {}"])',
    "meta wrapper -> (device(type='meta'), True, W(tensor(..., device='meta', size=(5, 3))))",
    'requires grad -> (True, True, None)',
    Differs(torch='sum ! NotImplementedError Unsupported function aten.sum.default',
            ours='sum ! NotImplementedError aten.sum on a W: the kit calls this op with arguments '
                 'of its own (dims'),
    Differs(torch='mul number -> ["aten.mul.Tensor [\'W\', \'int\'] {}"]',
            ours='mul number -> ["aten.mul.Tensor [\'W\', \'Tensor\'] {}"]'),
    Differs(torch='tolist ! RuntimeError .tolist() is not supported for tensor subclasses, got W',
            ours='tolist ! NotImplementedError W holds no data of its own (it was made by '
                 'Tensor._make_wrapper_subcla'),
    Differs(torch='numpy ! RuntimeError .numpy() is not supported for tensor subclasses.',
            ours='numpy ! NotImplementedError W holds no data of its own (it was made by '
                 'Tensor._make_wrapper_subcla'),
    Differs(torch='grad op ! NotImplementedError Unsupported function aten.exp.default',
            ours='grad op ! NotImplementedError aten.exp on a W that requires grad: torch records '
                 'it in the autograd g'),
    "parameter -> ('W', True, True, ['_is_param', 'elem'], True)",
    'parameter no grad -> False',
    'future defaults -> (False, False)',
    "set data -> (True, 'W', torch.float16, torch.float32, torch.float16)",
    "swapped -> (True, 'W', torch.float64, torch.float64, torch.float64, True)",
    "state_dict order -> ['weight', 'bias']",
    "on meta -> (device(type='meta'), device(type='meta'), device(type='meta'))",
    "meta state_dict -> OrderedDict([('weight', W(tensor(..., device='meta', "
    "size=(2, 3)))), ('bias', tensor(..., device='meta', size=(2,)))])",
    'load assign -> <All keys matched successfully>',
    'module_load calls -> ["module_load W Tensor {\'assign\': True}", '
    '"aten.detach.default [\'W\'] {}"]',
    "loaded -> (True, 'W', device(type='cpu'), device(type='cpu'), True, "
    "device(type='cpu'), True, True)",
    'plain load -> (<All keys matched successfully>, True)',
    'module_load default -> (tensor([0., 0.]), tensor([0., 0.]))',
    'overrides -> (True, False, True, False)',
    "plain swap -> (True, torch.float64, True, torch.float64, 'Parameter', True)",
    'overwrite -> (False, torch.float32, False, torch.float32, True)',
    'set data plain -> (True, torch.float16, True, torch.float16)',
    'buffers -> (False, torch.float64, torch.int64)',
    "logged method -> ('Logged', ['exp'])",
    "logged operators -> ('tuple', ['add', 'mul', 'neg', 'gt', '__getitem__', 'matmul', 'mul'])",
    "logged others -> ('tuple', ['__rsub__', '__eq__', 'div', 'abs'])",
    "logged chain -> ('Logged', ['abs', 'max'])",
    "logged in place -> ('Logged', ['clone', 'mul_'])",
    "logged views -> ('tuple', ['view', 'detach', 'double'])",
    "logged values -> ('list', ['tolist'])",
    'logged result -> [2.0, -1.0, 4.0]',
    "logged grad -> ('Logged', ['requires_grad_'])",
    "logged function -> ('Logged', ['exp'])",
    "logged functions -> ('tuple', ['cat', 'add', 'relu', 'zeros_like'])",
    'func identity -> True',
    Differs(torch="logged property -> ('Size', ['__get__'])",
            ours="logged property -> ('Size', [])"),
    "override value -> (6.0, 'Tensor')",
    'override disabled -> True',
]


def _run(module: str) -> list[str]:
    """PROBE's output lines with ``torch`` bound to ``module``."""
    return run_probe(PROBE, module)


def test_wrapper_subclasses_dispatch_as_torchs() -> None:
    lines = _run("autograd_lab")
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    for line, expected in zip(lines, EXPECTED):
        assert line == (expected.ours if isinstance(expected, Differs) else expected)


@pytest.mark.torch
def test_wrapper_subclasses_match_torch_live() -> None:
    pytest.importorskip("torch")
    theirs = _run("torch")
    assert theirs == [e.torch if isinstance(e, Differs) else e for e in EXPECTED]
