"""nn differences found by differential fuzzing against torch 2.x (a throwaway fuzzer, its
findings pinned here): integer and bool dtypes in pools and losses, negative embedding indices,
the texts of conv padding and unflatten errors, editing Sequential and ModuleList."""

from tests.parity.cases_nn_conv import ERRORS

F = "f = t.nn.functional\n"

CASES = {
    "embedding_negative_index": ERRORS + F + """
w = t.arange(8.).reshape(4, 2)
errors(lambda: f.embedding(t.tensor([0, -1]), w), lambda: t.nn.Embedding(5, 3)(t.tensor([-5])),
       lambda: f.embedding_bag(t.tensor([0, -1]), w, t.tensor([0]))) + [
    f.embedding(t.tensor([3, 1]), w, padding_idx=-1)]
""",
    "pools_of_integers": F + """
x = t.arange(-20, -4).reshape(1, 1, 4, 4)
[f.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, return_indices=True),
 f.max_pool2d(x.to(t.int32), 2, padding=1), f.max_pool2d(t.arange(16, dtype=t.uint8).reshape(1, 4, 4), 3, 1, 1),
 f.max_pool1d(t.arange(-5, 3, dtype=t.int8).reshape(1, 1, 8), 3, padding=1, return_indices=True),
 f.avg_pool2d(x, 2), t.nn.MaxPool2d(2)(x[0])]
""",
    "pools_of_integers_errors": ERRORS + F + """
x = t.arange(16).reshape(1, 1, 4, 4)
errors(lambda: f.max_pool2d(x > 3, 2), lambda: f.max_pool1d(x[0], 2),
       lambda: f.max_pool1d(x[0] > 3, 2, return_indices=True), lambda: f.adaptive_max_pool2d(x, 3),
       lambda: f.adaptive_max_pool1d(x[0].to(t.int32), 3), lambda: f.adaptive_avg_pool2d(x, 3),
       lambda: f.adaptive_avg_pool1d(x[0] > 3, 3), lambda: f.avg_pool2d(x.to(t.int32), 2),
       lambda: f.avg_pool2d(x > 3, 2), lambda: f.avg_pool1d(x[0].to(t.uint8), 2),
       lambda: f.adaptive_avg_pool2d(x, 1))
""",
    "losses_of_integers": ERRORS + F + """
i, x = t.tensor([1, 2]), t.tensor([2., 4.])
errors(lambda: f.mse_loss(i, i + 1), lambda: f.mse_loss(i > 1, i > 0), lambda: f.smooth_l1_loss(i, i),
       lambda: f.huber_loss(i, i), lambda: f.huber_loss(i, x), lambda: f.huber_loss(i.to(t.int32), x.double()),
       lambda: f.binary_cross_entropy_with_logits(x, i), lambda: t.nn.BCEWithLogitsLoss()(x, i.to(t.int32)),
       lambda: f.binary_cross_entropy_with_logits(x, i > 1), lambda: f.binary_cross_entropy_with_logits(i, x),
       lambda: f.binary_cross_entropy_with_logits(x, i.float(), pos_weight=i)) + [
    f.mse_loss(i, x), f.mse_loss(x, i), f.smooth_l1_loss(i, x), f.huber_loss(x, i),
    f.binary_cross_entropy_with_logits(x, i.double())]
""",
    "conv_padding_string_errors": ERRORS + F + """
x, w = t.ones(1, 1, 5), t.ones(1, 1, 3)
errors(lambda: f.conv1d(x, w, padding='Same'), lambda: f.conv1d(x, w, padding='same', stride=2),
       lambda: f.conv2d(x[None], w[None], padding='same', stride=(1, 2)),
       lambda: t.nn.Conv1d(1, 1, 3, padding='same', stride=2)) + [
    f.conv1d(x, w, padding='valid', stride=2)]
""",
    "unflatten_errors": ERRORS + """
x = t.ones(2, 6)
errors(lambda: x.unflatten(1, (4, 2)), lambda: t.unflatten(x, -1, (-1, 4)), lambda: t.nn.Unflatten(1, (5, -1))(x)) + [
    t.nn.Unflatten(-1, (2, -1))(x).shape, t.nn.Unflatten(1, (3, 2))(x.requires_grad_()).grad_fn.name()]
""",
    "sequential_and_modulelist_editing": ERRORS + """
n = t.nn
s = n.Sequential(n.ReLU(), n.Tanh(), n.Sigmoid())
out = [s.pop(1), repr(s), repr(s.insert(-1, n.Identity())), repr(s.insert(3, n.ELU()))]
s += n.Sequential(n.GELU())
out += [repr(s), repr(s.pop(slice(0, 2))), repr(s), repr(n.Sequential(n.ReLU()) + n.Sequential(n.Tanh())),
        repr(n.Sequential(n.ReLU()).extend([n.Tanh()]))]
l = n.ModuleList([n.ReLU(), n.Tanh(), n.Sigmoid()])
out += [l.pop(1), repr(l)]
l.insert(0, n.ELU())
out.append(repr(l))
del l[1:3]
l2 = l + [n.GELU()]
l += n.ModuleList([n.SiLU()])
out + [repr(l), repr(l2), type(l2).__name__, list(n.Module.state_dict(n.ModuleList([n.Linear(1, 1)]) + [n.Linear(1, 2)])),
       errors(lambda: n.Sequential(n.ReLU()).insert(5, n.Tanh()), lambda: n.Sequential(n.ReLU()).insert(-3, n.Tanh()))]
""",
}

CASES.update({
    "packed_sequences": """
R = t.nn.utils.rnn
x = (t.arange(18.).reshape(3, 3, 2) * 7 % 18 / 9 - 1).requires_grad_()
p = R.pack_padded_sequence(x, t.tensor([2, 3, 1]), batch_first=True, enforce_sorted=False)
padded, lengths = R.pad_packed_sequence(p, batch_first=True, padding_value=-1., total_length=4)
(padded * t.arange(24.).reshape(3, 4, 2)).sum().backward()
s = R.pack_sequence([t.ones(3, 1), t.zeros(1, 1)])
[p, padded, lengths, x.grad, s, R.unpack_sequence(p), R.pad_packed_sequence(s)]
""",
    "packed_sequence_errors": ERRORS + """
R = t.nn.utils.rnn
errors(lambda: R.pack_padded_sequence(t.ones(3, 2), [1, 3]), lambda: R.pack_padded_sequence(t.ones(3, 2), [2, 0]),
       lambda: R.pad_packed_sequence(R.pack_sequence([t.ones(3)]), total_length=2))
""",
    "packed_sequences_through_rnns": """
R = t.nn.utils.rnn
out = []
for kind in ("RNN", "LSTM", "GRU"):
    m = getattr(t.nn, kind)(2, 3, num_layers=2, bidirectional=True, batch_first=True)
    with t.no_grad():
        for i, w in enumerate(m.parameters()):
            w.copy_((t.arange(w.numel() * 1.) * 5 % 11 - 5).reshape(w.shape) * 0.1 / (1 + i % 3))
    x = (t.arange(24.).reshape(3, 4, 2) * 7 % 24 / 12 - 1).requires_grad_()
    p = R.pack_padded_sequence(x, [2, 4, 1], batch_first=True, enforce_sorted=False)
    h0 = (t.arange(18.).reshape(4, 3, 3) / 18).requires_grad_()
    y, h = m(p, (h0, h0 * 0.5) if kind == "LSTM" else h0)
    h = h[0] if kind == "LSTM" else h
    padded, _ = R.pad_packed_sequence(y, batch_first=True)
    ((padded * t.arange(72.).reshape(3, 4, 6)).sum() / 100 + (h * t.arange(36.).reshape(4, 3, 3)).sum() / 50).backward()
    out += [y.data, y.batch_sizes, y.unsorted_indices, h, x.grad, h0.grad, m.weight_hh_l1_reverse.grad]
out
""",
})

CASES.update({
    "lstm_proj_size": """
import warnings
warnings.filterwarnings("ignore", "LSTM with projections")  # torch's oneDNN note, not its API
m = t.nn.LSTM(3, 4, proj_size=2, num_layers=2, bidirectional=True)
with t.no_grad():
    for i, w in enumerate(m.parameters()):
        w.copy_((t.arange(w.numel() * 1.) * 5 % 11 - 5).reshape(w.shape) * 0.1 / (1 + i % 3))
x = (t.arange(24.).reshape(4, 2, 3) * 7 % 24 / 12 - 1).requires_grad_()
h0 = (t.arange(16.).reshape(4, 2, 2) / 16).requires_grad_()
y, (h, c) = m(x, (h0, h0.repeat(1, 1, 2)))
(y.sum() + (h * 2).sum() + (c * 3).sum()).backward()
[repr(m), [(k, p.shape) for k, p in m.named_parameters()], y, h, c, x.grad, h0.grad, m.weight_hr_l1_reverse.grad,
 [p.abs().max() <= 0.5 for p in t.nn.LSTM(3, 4, proj_size=1).parameters()]]
""",
    "recurrent_argument_errors": ERRORS + """
n = t.nn
errors(lambda: n.LSTM(3, 4, proj_size=-1), lambda: n.LSTM(3, 4, proj_size=4), lambda: n.GRU(3, 4, proj_size=0),
       lambda: n.RNN(3, 4, proj_size=1), lambda: n.LSTM(3, 4, proj_size=2)(t.ones(5, 2, 3), (t.ones(1, 2, 4), t.ones(1, 2, 4))),
       lambda: n.LSTM(3, 4, proj_size=2)(t.ones(5, 2, 3), (t.ones(1, 2, 2), t.ones(1, 2, 2))),
       lambda: n.LSTM(3, 4)(t.ones(5, 2, 3), (t.ones(1, 2, 4), t.ones(1, 2, 5))),
       lambda: n.LSTM(3, 4)(t.ones(5, 2, 3), (t.ones(2, 4), t.ones(1, 2, 4))),
       lambda: n.LSTM(3, 4)(t.ones(5, 3), (t.ones(1, 2, 4), t.ones(1, 4))),
       lambda: n.GRU(3, 4)(t.ones(5, 3), t.ones(1, 2, 4)), lambda: n.RNN(3, 4)(t.ones(5, 2, 3), t.ones(1, 3, 4)),
       *[lambda hx=hx: n.LSTM(3, 4)(t.ones(5, 2, 3), hx)
         for hx in (t.zeros(1, 2, 4), [t.zeros(1, 2, 4)], (t.zeros(1, 2, 4),), (t.zeros(1, 2, 4),) * 3, 5)])
""",
})

CASES.update({
    "module_type": ERRORS + """
n = t.nn
m = n.Sequential(n.Linear(2, 2), n.BatchNorm1d(2))
r = m.type(t.float64)
b = n.BatchNorm1d(2, affine=False).type(t.int32)
[r is m, [(k, v.dtype) for k, v in m.state_dict().items()], n.Linear(2, 2).type('torch.DoubleTensor').weight.dtype,
 [(k, v.dtype) for k, v in b.state_dict().items()], errors(lambda: n.Linear(2, 2).type(t.int64))]
""",
})

CASES.update({
    "conv_argument_errors": ERRORS + F + """
x, w = t.ones(1, 1, 4, 4), t.ones(1, 1, 2, 2)
errors(lambda: f.conv2d(x, w, dilation=0), lambda: f.conv2d(x, w, dilation=(1, 0)), lambda: f.conv1d(x[0], w[0], dilation=-1),
       lambda: f.conv2d(x, w.double(), stride=0), lambda: f.conv2d(x, w, stride=0, padding=-1),
       lambda: f.conv2d(x.double(), w, t.ones(1)), lambda: f.conv2d(x, w, t.ones(1, dtype=t.int64)),
       lambda: f.conv1d(x[0], w[0], t.ones(1).double()), lambda: f.conv2d(x, w, padding='same', stride=0),
       lambda: f.conv_transpose1d(x[0], w[0], output_padding=-1), lambda: f.conv_transpose2d(x, w, stride=(1, 1, 1)),
       lambda: f.conv2d(x, w, stride=[]), lambda: f.conv1d(x[0], w[0], padding=(1, 1)), lambda: f.conv2d(x, w, stride=-1),
       lambda: f.conv2d(x.double(), w), lambda: f.conv1d(x[0], w[0].double()), lambda: f.conv_transpose2d(x, w.double()),
       lambda: f.conv2d(x, w.long()), lambda: f.conv_transpose2d(x, w, dilation=0), lambda: f.conv1d(x[0], w[0], dilation=0),
       lambda: t.nn.Conv2d(1, 1, 2)(x.double())) + [
    f.conv_transpose2d(x, w, padding=(1,)), f.conv2d(x, w, padding=[1]).shape, f.conv_transpose2d(x, w, t.ones(1).double())]
""",
    "pool_argument_errors": ERRORS + F + """
x = t.ones(1, 1, 4, 4)
errors(lambda: f.max_pool2d(x, 0, 1), lambda: f.max_pool2d(x, 2, -1), lambda: f.avg_pool2d(x, (2, 0), 1),
       lambda: f.max_pool2d(x, 2, 1, -1), lambda: f.avg_pool2d(x, 2, 1, (0, -1)), lambda: f.max_pool2d(x, 2, 1, 0, 0),
       lambda: f.avg_pool1d(t.ones(1, 1, 4), 0), lambda: f.avg_pool2d(x, 2, (1, 0)), lambda: f.max_pool2d(x, 2, dilation=(1, -1)),
       lambda: f.max_pool2d(x, 0), lambda: t.nn.AvgPool2d(-1)(x), lambda: f.avg_pool2d(t.ones(1, 1, 1, 4, 4), 2),
       lambda: f.avg_pool2d(t.ones(4, 4), 2), lambda: f.avg_pool2d(t.tensor(1.), 1),
       lambda: f.adaptive_avg_pool2d(x, (2, -1)), lambda: f.adaptive_max_pool2d(x, -1), lambda: f.adaptive_avg_pool1d(x[0], -2),
       lambda: f.adaptive_avg_pool2d(t.ones(1, 0, 4), 2), lambda: f.adaptive_max_pool1d(t.ones(1, 1, 0), 2),
       lambda: f.adaptive_avg_pool1d(t.ones(1, 1, 0), 2), lambda: f.adaptive_max_pool2d(t.ones(1, 1, 0, 4), 2)) + [
    f.adaptive_max_pool2d(t.ones(0, 1, 3, 4), 2, return_indices=True), f.adaptive_avg_pool2d(t.ones(0, 1, 3, 4), 2),
    f.adaptive_avg_pool2d(x, 0)]
""",
    "dropout_of_integers_and_batch_norm_statistics": ERRORS + F + """
i = t.ones(3, dtype=t.int32)
errors(lambda: f.dropout(i, 0.5), lambda: f.dropout(i > 0, 0.5), lambda: f.dropout2d(t.ones(1, 3, 2, 2, dtype=t.int64), 0.5),
       lambda: f.alpha_dropout(i, 0.5, True), lambda: t.nn.Dropout()(i),
       lambda: f.batch_norm(t.ones(2, 3), None, t.ones(3)), lambda: f.batch_norm(t.ones(2, 3), t.ones(3), None)) + [
    f.dropout(i, 0.), f.dropout(i, 1.), f.dropout(i, 0.5, training=False)]
""",
})

CASES.update({
    "batch_and_instance_norm_3d": ERRORS + """
out = []
x = (t.arange(72.).reshape(2, 3, 2, 3, 2) * 7 % 72 / 36 - 1).double().requires_grad_()
for m in (t.nn.BatchNorm3d(3, momentum=None), t.nn.BatchNorm3d(3, affine=False, track_running_stats=False),
          t.nn.InstanceNorm3d(3, affine=True), t.nn.InstanceNorm3d(3, track_running_stats=True)):
    m.double()
    x.grad = None
    y = m(x)
    (y * t.arange(72.).reshape(y.shape)).sum().backward()
    out += [repr(m), list(m.state_dict()), y, x.grad, getattr(m, 'running_var', None)]
    m.eval()
    out.append(m(x[0] if isinstance(m, t.nn.InstanceNorm3d) else x))
out + [errors(lambda: t.nn.BatchNorm3d(3)(t.ones(2, 3, 4, 4)), lambda: t.nn.InstanceNorm3d(3)(t.ones(2, 3, 4)))]
""",
})
