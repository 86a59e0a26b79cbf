"""Hooks on saved tensors (``autograd.graph.saved_tensors_hooks``, ``save_on_cpu``,
``disable_saved_tensors_hooks``), ``register_post_accumulate_grad_hook``, and activation
checkpointing (``utils.checkpoint``, both variants), against torch."""

# a function whose calls are counted, checkpointed in the cases below
_COUNTED = """
calls = []
def f(a):
    calls.append(1)
    return (a.sin() * 2).exp()
x = t.tensor([0.5, -1.0, 2.0], requires_grad=True)
"""

CASES = {
    # --- saved tensors hooks -------------------------------------------------------------------
    "hooks_see_the_result_exp_saves": """
seen = []
x = t.tensor([0.0, 1.0], requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: seen.append(repr(s)) or s, lambda s: s):
    y = x.exp()
y.sum().backward()
seen, x.grad
""",
    "backward_reads_what_unpack_returns": """
x = t.tensor([1.0, -2.0, 0.5], requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: s * 4, lambda s: s):
    y = (x ** 2).sum()
y.backward()
x.grad
""",
    "unpack_returning_a_number": """
x = t.ones(3, requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: 3, lambda s: s):
    y = x.exp()
y.sum().backward()
""",
    "saved_attribute_unpacked_on_each_read": """
count = []
x = t.ones(2, requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: s, lambda s: count.append(1) or s):
    y = x.pow(2)
y.grad_fn._saved_self, y.grad_fn._saved_self, len(count)
""",
    "saved_attribute_after_backward": """
x = t.ones(2, requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: s, lambda s: s):
    y = x.exp()
y.sum().backward()
y.grad_fn._saved_result
""",
    "no_in_place_check_with_hooks": """
e = t.tensor([1.0, 2.0], requires_grad=True).clone()
with t.autograd.graph.saved_tensors_hooks(lambda s: s.detach().clone(), lambda s: s):
    y = (e * e).sum()
with t.no_grad():
    e.add_(10)
t.autograd.grad(y, e)
""",
    "disable_then_hooks": """
with t.autograd.graph.disable_saved_tensors_hooks("not here"):
    with t.autograd.graph.saved_tensors_hooks(lambda s: s, lambda s: s):
        pass
""",
    "save_on_cpu_pinned": """
x = t.tensor([0.5, 1.5], requires_grad=True)
with t.autograd.graph.save_on_cpu(pin_memory=True):
    y = (x * x).exp().sum()
y.backward()
x.grad
""",
    "custom_function_packed": """
log = []
class Double(t.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 2
x = t.ones(2, requires_grad=True)
with t.autograd.graph.saved_tensors_hooks(lambda s: log.append("pack") or s,
                                          lambda s: log.append("unpack") or s):
    y = Double.apply(x)
y.sum().backward()
log, x.grad
""",
    # --- post accumulate grad hooks ------------------------------------------------------------
    "post_accumulate_grad_hook_order": """
seen = []
x = t.ones(2, requires_grad=True)
x.register_hook(lambda g: seen.append(("pre", g.tolist())))
x.register_post_accumulate_grad_hook(lambda p: seen.append(("post", p.grad.tolist())))
(x * 3).sum().backward()
t.autograd.grad((x * 3).sum(), x)
(x * 3).sum().backward(inputs=[x])
seen
""",
    "post_accumulate_grad_hook_steps": """
p = t.tensor([1.0, 2.0], requires_grad=True)
def step(param):
    with t.no_grad():
        param.add_(param.grad, alpha=-0.5)
    param.grad = None
p.register_post_accumulate_grad_hook(step)
(p * p).sum().backward()
p, p.grad
""",
    "post_accumulate_grad_hook_on_non_leaf": """
x = t.ones(2, requires_grad=True)
(x * 2).register_post_accumulate_grad_hook(lambda p: None)
""",
    "post_accumulate_grad_hook_returning_a_tensor": """
x = t.ones(2, requires_grad=True)
x.register_post_accumulate_grad_hook(lambda p: p * 2)
(x * 2).sum().backward()
""",
    # --- checkpoint ----------------------------------------------------------------------------
    "checkpoint_reentrant": _COUNTED + """
y = t.utils.checkpoint.checkpoint(f, x, use_reentrant=True)
names = (type(y.grad_fn).__name__, len(calls))
y.sum().backward()
names, len(calls), x.grad
""",
    "checkpoint_non_reentrant": _COUNTED + """
y = t.utils.checkpoint.checkpoint(f, x, use_reentrant=False)
names = (y.grad_fn.name(), len(calls))
y.sum().backward()
names, len(calls), x.grad
""",
    "checkpoint_without_use_reentrant_warns": _COUNTED + """
type(t.utils.checkpoint.checkpoint(f, x).grad_fn).__name__
""",
    "checkpoint_reentrant_with_autograd_grad": _COUNTED + """
y = t.utils.checkpoint.checkpoint(f, x, use_reentrant=True)
t.autograd.grad(y.sum(), x)
""",
    "checkpoint_non_reentrant_with_autograd_grad_and_kwargs": """
x = t.tensor([0.5, -1.0], requires_grad=True)
y = t.utils.checkpoint.checkpoint(lambda a, scale=1.0: (a * scale).tanh(), x,
                                  use_reentrant=False, scale=2.0)
y, t.autograd.grad(y.sum(), x)
""",
    "checkpoint_reentrant_refuses_kwargs": """
x = t.ones(2, requires_grad=True)
t.utils.checkpoint.checkpoint(lambda a, scale=1.0: a * scale, x, use_reentrant=True, scale=2.0)
""",
    "checkpoint_retain_graph_recomputes_each_pass": _COUNTED + """
y = t.utils.checkpoint.checkpoint(f, x, use_reentrant=False)
y.sum().backward(retain_graph=True)
y.sum().backward()
len(calls), x.grad
""",
    # (a recomputation that saves fewer tensors: see tests/test_checkpoint.py; torch's message goes on
    # with tips about its debug mode and torch.compile, which do not exist here)
    "checkpoint_non_reentrant_double_backward": """
x = t.tensor([1.0, -2.0], requires_grad=True)
y = t.utils.checkpoint.checkpoint(lambda a: a ** 3, x, use_reentrant=False)
(g,) = t.autograd.grad(y.sum(), x, create_graph=True)
g, t.autograd.grad(g.sum(), x)
""",
    "checkpoint_no_input_requires_grad": """
y = t.utils.checkpoint.checkpoint(lambda a: a * 2, t.ones(2), use_reentrant=True)
y.requires_grad
""",
    "checkpoint_sequential": """
seq = t.nn.Sequential(*[t.nn.Linear(3, 3) for _ in range(4)])
for p in seq.parameters():
    t.nn.init.constant_(p, 0.1)
inp = t.ones(2, 3, requires_grad=True)
out = t.utils.checkpoint.checkpoint_sequential(seq, 2, inp, use_reentrant=False)
out.sum().backward()
out, inp.grad, seq[0].weight.grad
""",
}
