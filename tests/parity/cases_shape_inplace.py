"""In-place shape methods against torch 2.x: ``t_``, ``transpose_``, ``swapdims_``/``swapaxes_``,
``unsqueeze_``, ``squeeze_`` (no dim, a dim, several). The tensor keeps its identity and memory and
takes the new shape; its version counter moves; with a graph, the in-place node (``TBackward1``,
``SqueezeBackward3`` ...) becomes its grad_fn; torch's errors for leaves, views and bad dims."""

from tests.parity.cases_shape import graded

Y = "a = t.arange(6., requires_grad=True)\nx = (a * 1).reshape(2, 3)"
Y3 = "a = t.arange(6., requires_grad=True)\nx = (a * 1).reshape(1, 2, 1, 3)"


def in_place(setup: str, call: str) -> str:
    """``x.<call>`` on a non-leaf ``x``: same object, its shape, version and node, then the gradient
    of a weighted sum reaching the leaf ``a``."""
    return f"""
{setup}
before = x._version
same = x.{call} is x
w = t.arange(1., x.numel() + 1.).reshape(x.shape)
(x * w).sum().backward()
same, x.shape, x._version - before, x.grad_fn, x.grad_fn.next_functions, x.is_contiguous(), x.stride(), a.grad
"""


CASES = {
    "t_": in_place(Y, "t_()"),
    "transpose_": in_place(Y, "transpose_(0, 1)"),
    "transpose_negative_dims": in_place(Y3, "transpose_(-1, 1)"),
    "swapdims_": in_place(Y, "swapdims_(1, 0)"),
    "swapaxes_": in_place(Y3, "swapaxes_(0, 3)"),
    "unsqueeze_": in_place(Y, "unsqueeze_(1)"),
    "unsqueeze_last": in_place(Y, "unsqueeze_(-1)"),
    "squeeze_all": in_place(Y3, "squeeze_()"),
    "squeeze_dim": in_place(Y3, "squeeze_(2)"),
    "squeeze_dim_not_one": in_place(Y3, "squeeze_(1)"),
    "squeeze_dims": in_place(Y3, "squeeze_((0, 2))"),
    "squeeze_dims_list": in_place(Y3, "squeeze_([0, -2])"),
    "chain": in_place(Y, "unsqueeze_(0).squeeze_(0).t_()"),
    "t_vector_and_scalar": "v = t.ones(3); s = t.tensor(2.0); v.t_().shape, s.t_().shape, v._version",
    "plain_tensor": """
x = t.arange(6.).reshape(2, 3)
x.t_()
x, x.shape, x.stride(), x.is_contiguous(), x._version, x.contiguous().stride()
""",
    "memory_is_shared": """
x = t.arange(6.).reshape(2, 3)
view = x[0]
x.t_()
x[0, 1] = 100.0
x, view
""",
    "on_a_view_writes_reach_the_base": """
base = t.arange(6.).reshape(2, 3)
v = base[:, :2]
v.t_()
v.mul_(10)
v, base, v.shape
""",
    "on_a_view_of_a_non_leaf": """
a = t.arange(6., requires_grad=True)
b = a * 1
v = b.view(2, 3)
v.t_()
w = t.arange(1., 7.).reshape(3, 2)
(v * w).sum().backward()
v.grad_fn, v.grad_fn.next_functions, a.grad
""",
    "values_changed_after": """
a = t.arange(6., requires_grad=True)
y = a.reshape(2, 3) * 1
y.t_()
y[0].mul_(2)
(y * t.arange(6.).reshape(3, 2)).sum().backward()
y, y.grad_fn, a.grad
""",
    "saved_then_transposed_error": """
a = t.ones(2, 3, requires_grad=True)
y = a * 1
z = y * y
y.t_()
z.sum().backward()
""",
    "saved_then_unsqueezed_error": """
a = t.ones(2, 3, requires_grad=True)
y = a * 1
z = y * y
y.unsqueeze_(0)
z.sum().backward()
""",
    "saved_result_is_fine": """
a = t.ones(2, 3, requires_grad=True)
y = a * 1
z = y.exp()
y.t_()
z.sum().backward()
a.grad
""",
    "second_derivative": """
a = t.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = a * a
y.t_()
(g,) = t.autograd.grad((y * t.arange(6.).reshape(3, 2)).sum(), a, create_graph=True)
g.sum().backward()
g, a.grad
""",
    "forward_mode": """
fw = t.autograd.forward_ad
with fw.dual_level():
    d = fw.make_dual(t.arange(6.).reshape(2, 3), t.arange(6.).reshape(2, 3) * 10)
    y = d * 1
    y.t_()
    first = fw.unpack_dual(y).tangent
    y.unsqueeze_(0)
    second = fw.unpack_dual(y).tangent
    d.squeeze_()
    d.t_()
    first, second, fw.unpack_dual(d).tangent, d.shape
""",
    "leaf_t_error": "t.ones(2, 3, requires_grad=True).t_()",
    "leaf_transpose_error": "t.ones(2, 3, requires_grad=True).transpose_(0, 1)",
    "leaf_unsqueeze_error": "t.ones(2, 3, requires_grad=True).unsqueeze_(0)",
    "leaf_squeeze_error": "t.ones(2, 1, requires_grad=True).squeeze_()",
    "leaf_in_no_grad": """
x = t.ones(2, 3, requires_grad=True)
with t.no_grad():
    x.t_()
x.sum().backward()
x.shape, x.is_leaf, x.grad_fn, x.requires_grad, x.grad
""",
    "view_of_leaf_error": "a = t.ones(2, 3, requires_grad=True)\na[0].unsqueeze_(0)",
    "no_grad_view_error": """
a = t.ones(2, 3, requires_grad=True)
with t.no_grad():
    v = a.view(3, 2)
v.t_()
""",
    "expanded_is_allowed": "t.ones(3).expand(2, 3).t_().shape",
    "t_3d_error": "t.ones(2, 3, 4).t_()",
    "transpose_dim_error": "t.ones(2, 3).transpose_(0, 2)",
    "unsqueeze_dim_error": "t.ones(2, 3).unsqueeze_(3)",
    "squeeze_dim_error": "t.ones(2, 3).squeeze_(2)",
    "squeeze_repeated_dims_error": "t.ones(1, 3).squeeze_((0, 0))",
    "transpose_float_error": "t.ones(1, 2).transpose_(0.0, 1)",
    "swapaxes_float_error": "t.ones(1, 2).swapaxes_(0.0, 1)",
    "unsqueeze_str_error": "t.ones(1, 2).unsqueeze_('a')",
    "squeeze_str_error": "t.ones(1, 2).squeeze_('a')",
    "transpose_missing_error": "t.ones(1, 2).transpose_(0)",
    "graded_after_in_place": graded("x = t.ones(2, 3, requires_grad=True)",
                                    "(lambda y: y.t_() * 2)(x * t.arange(6.).reshape(2, 3))"),
    # one output of split/unbind whose base then changes in place: torch cannot re-derive it
    "multi_output_view_after_base_changed": """
a = (t.arange(12.).reshape(4, 3) / 5 - 1).requires_grad_()
b = a.clone() * 1.5
v = b.unbind(0)[1]
b.mul_(2)
with t.no_grad():
    doubled = v * 2
try:
    (v.sum() + (b * b).sum()).backward()
    outcome = a.grad
except RuntimeError as error:
    outcome = str(error)
v.tolist(), doubled, outcome
""",
    "multi_output_view_after_another_view_changed": """
a = t.ones(4, requires_grad=True)
b = a * 1
x, y = b.split(2)
b[1:3].mul_(3)
try:
    (x.sum() + b.sum()).backward()
    outcome = a.grad
except RuntimeError as error:
    outcome = str(error)
x.tolist(), outcome
""",

    # torch names the view's own op (and output) in these errors, not the multi-output op under it
    "view_of_a_split_output_changed_in_place": """
a = (t.arange(12.).reshape(4, 3) / 5 - 1).requires_grad_()
b = a.clone() * 1.5
b.chunk(2, 1)[1].t().mul_(2)
""",
    "view_of_an_unbind_output_after_base_changed": """
a = (t.arange(12.).reshape(4, 3) / 5 - 1).requires_grad_()
b = a.clone() * 1.5
v = b.unbind(1)[2][1:]
b.mul_(2)
v.sum().backward()
""",

}
