"""Views changed in place under autograd, found by differential fuzzing against torch 2.x: views of
views, bases changed after a view was taken, leaves and non-leaves, setitem with every kind of key;
values, ``grad_fn`` names, versions, gradients and torch's errors."""

CASES = {
    # a 0-d view written through a 0-d bool mask: the overwritten element gets no gradient (the
    # CopySlices node read one element as a numpy scalar, and the write into its copy was lost)
    "setitem_bool_mask_on_0d_view": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
v = b[1]
v[v.detach() < 5.0] = -2.0
(b * t.tensor([1., 2., 3.])).sum().backward()
b, v, x.grad, b.grad_fn, v.grad_fn, b._version
""",
    # a view of a leaf that does not require grad, made to require grad: torch refuses in-place
    # changes of its views too (their base is a leaf)
    "inplace_on_view_of_requires_grad_view_of_plain_leaf": """
b = t.ones(3)
v = b[0:2]
v.requires_grad_()
w = v[0:1]
w.add_(1)
""",
    "inplace_on_transpose_of_leaf_made_from_a_view": """
x = t.arange(4.).reshape(4).requires_grad_()
v = x.t()
v.copy_(t.ones(4))
""",
    # retain_grad and then an in-place change: torch moves the retain_grad hook to the new grad_fn,
    # so .grad is the gradient of the latest value (it was the old value's, silently)
    "retain_grad_then_inplace": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.retain_grad()
b.mul_(2)
(b * t.tensor([1., 2., 3.])).sum().backward()
b.grad, x.grad
""",
    "retain_grad_on_view_then_inplace_on_view": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
v = b[1:]
v.retain_grad()
v.mul_(2)
(v * t.tensor([1., 2.])).sum().backward()
v.grad, x.grad
""",
    "retain_grad_on_base_then_inplace_on_view": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.retain_grad()
v = b[1:]
v.mul_(2)
(b * t.tensor([1., 2., 3.])).sum().backward()
b.grad, x.grad
""",
    "retain_grad_on_view_then_inplace_on_base": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
v = b.unsqueeze(0).permute(1, 0)
v.retain_grad()
b.clamp_(min=1.5)
(v * t.tensor([[1.], [2.], [3.]])).sum().backward()
v.grad, x.grad, v.grad_fn
""",
    # hooks registered before the change see the old value's gradient, later ones the new one's
    "retain_grad_and_hooks_around_inplace": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.retain_grad()
h = []
b.register_hook(lambda g: h.append(g))
b.mul_(2)
b.register_hook(lambda g: h.append(g))
(b * t.tensor([1., 2., 3.])).sum().backward()
b.grad, x.grad, h
""",
    # an in-place view op (t_) leaves the hook where it was, in torch
    "retain_grad_then_t_": """
x = t.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
b = x * 1
b.retain_grad()
b.t_()
(b * t.tensor([1., 2.])).sum().backward()
b.grad, x.grad
""",
    # a view with overlapping windows (unfold) re-derived after its base changed: the gradients of
    # an element's copies add up (they were written over each other: only expand was seen to repeat)
    "unfold_view_after_base_changed": """
x = t.tensor([1., 2., 3., 4.], requires_grad=True)
b = x * 1
u = b.unfold(0, 2, 1)
v = b[0:1]
v.mul_(3)
(u * t.tensor([[1., 2.], [3., 4.], [5., 6.]])).sum().backward()
u, u.grad_fn, x.grad
""",
    "unfold_3d_view_after_base_changed_through_another_view": """
x = (t.arange(24.) * 0.25 - 1.1).reshape(2, 3, 4).requires_grad_()
b = x.clone()
u = b.unfold(2, 3, 1)
v = b[..., 0][1::2].narrow(0, 0, 1)
v[v.detach() < 1.0] = -2.0
v.exp_()
out = (b * t.arange(1., 25.).reshape(2, 3, 4)).sum() + (u * t.arange(1., 13.).reshape(2, 3, 2, 1)).sum()
out.backward()
b, u, x.grad, u.grad_fn
""",
    # copy_, fill_, zero_ and x[...] = v send the overwritten tensor zeros, as torch's
    # zeros_like(grad): not grad * 0 (-0. where grad < 0, NaN where it is inf)
    "fill_then_negative_and_inf_gradient": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.fill_(1.5)
(b * t.tensor([-1., float('inf'), 2.])).sum().backward()
x.grad, b.grad_fn
""",
    "copy_into_view_then_mul_": """
x = (t.arange(9.) * 0.25 - 1.1).reshape(3, 3).requires_grad_()
b = x.clone()
v = b.t().transpose(0, 1)
v.copy_((t.arange(9.) * -0.2 + 0.9).reshape(3, 3))
v *= (t.arange(9.) * 0.3 - 0.7).reshape(3, 3)
(v * t.arange(1., 10.).reshape(3, 3)).sum().backward()
b, v, x.grad
""",
    "zero_then_inf_gradient": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b[1:].zero_()
(b * t.tensor([-1., float('inf'), -2.])).sum().backward()
x.grad
""",
    "setitem_ellipsis_then_negative_gradient": """
x = t.tensor([1., 2., 3.], requires_grad=True)
y = t.tensor(2., requires_grad=True)
b = x * 1
b[...] = y
(b * t.tensor([-1., float('inf'), -2.])).sum().backward()
x.grad, y.grad
""",
    # x * w and x / w with w a constant: torch keeps w alone, so changing x (or its base) in place
    # afterwards is no error (it was: every input of mul and div counted as saved)
    "mul_by_constant_then_view_changed": """
x = (t.arange(4.) * 0.25 - 1.1).requires_grad_()
b = x ** 2
v = b[..., None]
z = v * (t.arange(1., 5.).reshape(4, 1) * 0.5)
v.mul_(2.5)
z.sum().backward()
b, v, z, x.grad
""",
    "mul_by_constant_then_base_changed": """
x = (t.arange(24.) * 0.25 - 1.1).reshape(2, 3, 4).requires_grad_()
b = x * 1
v = b[0:2]
z = v * 2
b += -0.5
out = z.sum() + (v * t.arange(1., 25.).reshape(2, 3, 4)).sum() + b.sum()
out.backward()
b, v, z, x.grad
""",
    "div_by_constant_then_changed": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
z = b / t.tensor([1., 2., 4.])
b.mul_(2)
z.sum().backward()
x.grad
""",
    # still torch's error when the changed input is read: by grad_other, or the divisor
    "mul_by_tensor_requiring_grad_then_changed": """
x = t.tensor([1., 2., 3.], requires_grad=True)
w = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
z = b * w
b.mul_(2)
z.sum().backward()
""",
    "constant_divided_by_changed": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
z = t.tensor([1., 2., 3.]) / b
b.mul_(2)
z.sum().backward()
""",
    "constant_changed_after_mul": """
x = t.tensor([1., 2., 3.], requires_grad=True)
c = t.tensor([1., 2., 3.])
z = x * c
c.mul_(2)
z.sum().backward()
""",
    # torch's view errors come before its error for a tensor whose elements share memory
    "overlapping_view_of_leaf_view_changed": """
x = (t.arange(12.) * 0.25 - 1.1).reshape(3, 4).requires_grad_()
b = x.view(3, 4)
v = b.unfold(1, 3, 1)
v[...] = t.zeros(3, 2, 3)
""",
    "expanded_split_output_changed": """
x = t.tensor([1., 2., 3., 4.], requires_grad=True)
b = x * 1
v = b.split(1)[2].expand(3)
v.relu_()
""",
    # how torch names the op in the multi-output message: a later overload keeps its number; a
    # view whose base changed since is named after the op that made it (not its Invalid node)
    "split_output_squeezed_changed": """
x = t.ones(2, 3, requires_grad=True)
b = x * 1
v = b.split(1)[0].squeeze(0)
v.mul_(2)
""",
    "chunk_output_changed_after_base_changed": """
x = t.ones(2, 3, requires_grad=True)
b = x * 1
v = b.chunk(2)[1]
b.add_(1)
v.mul_(2)
""",
    # one without a grad_fn (of a tensor that does not require grad), given a value that does
    "chunk_output_of_plain_tensor_given_grad_value": """
b = t.ones(2, 3)
x = t.ones(2, 1, requires_grad=True)
v = b.chunk(2)[1][0]
v.mul_(x.sum())
""",
    # an in-place op whose gradient reads its result (exp_, relu_, sigmoid_ ...) saved the tensor
    # itself: changing it again in place is torch's error at backward (it was not checked)
    "exp_then_mul_": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.exp_()
b.mul_(2)
b.sum().backward()
""",
    "relu_then_mul_then_square": """
x = t.tensor([1., -2., 3.], requires_grad=True)
b = x * 1
b.relu_()
b.mul_(2)
(b * b).sum().backward()
""",
    "exp_on_view_then_mul_on_view": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
v = b[1:]
v.exp_()
v.mul_(2)
b.sum().backward()
""",
    "exp_then_change_through_detached": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.exp_()
d = b.detach()
d.zero_()
b.sum().backward()
""",
    "exp_then_change_through_view": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
b.exp_()
v = b[1:]
v.mul_(2)
b.sum().backward()
""",
    "sigmoid_on_view_of_view_then_clamp_": """
x = t.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
b = x ** 2
v = b.t()[1]
v.sigmoid_()
v.clamp_(-1., 1.5)
b.sum().backward()
""",
    # unchanged since: the gradients, and the versions
    "exp_on_view_then_backward": """
x = t.tensor([1., 2., 3.], requires_grad=True)
b = x * 1
v = b[1:]
v.exp_()
(b * t.tensor([1., 2., 3.])).sum().backward()
x.grad, b._version, v._version, b.grad_fn, v.grad_fn
""",
}
