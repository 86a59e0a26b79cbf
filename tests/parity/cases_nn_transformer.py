"""t.nn's transformer modules (TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer,
TransformerDecoder, Transformer): reprs, state_dict keys, torch's warnings and errors, and values and
gradients with known weights, in training mode (dropout 0) and in eval mode, where torch runs its
fused inference kernel (and packs a padded batch into a nested tensor) and we compose the same
modules: the values must agree all the same, padded positions included."""


# Every parameter of a module set to known values (the libraries' random draws differ).
KNOWN = """
def known(m):
    m = m.double()
    with t.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(((t.arange(p.numel(), dtype=t.float64) * 0.37 + i).sin() * 0.5).reshape(p.shape))
    return m
def run(m, *inputs, **masks):
    y = m(*inputs, **masks)
    (y * y).sum().backward()
    # the gradient of the keys' bias is zero up to rounding noise (softmax ignores a shift)
    return y, y.grad_fn.name(), [x.grad for x in inputs], [
        p.grad for n, p in m.named_parameters() if not n.endswith("in_proj_bias")]
"""

_LAYER = "t.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0{})"

CASES = {
    "encoder_layer_repr_and_keys": """
import warnings
layer = t.nn.TransformerEncoderLayer(8, 2, 16, activation="gelu", batch_first=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    stack = t.nn.TransformerEncoder(layer, 2, norm=t.nn.LayerNorm(8))
(repr(layer), repr(stack), list(stack.state_dict()), layer.activation_relu_or_gelu,
 t.nn.TransformerEncoderLayer(8, 2).activation_relu_or_gelu, stack.use_nested_tensor,
 stack.layers[0].linear1.weight is layer.linear1.weight,
 bool((stack.layers[1].linear1.weight == layer.linear1.weight).all()), len(caught))
""",
    "signatures": """
import inspect
def parameters(f):
    return [(n, p.default if isinstance(p.default, (bool, int, float, str, type(None))) else "<object>")
            for n, p in inspect.signature(f).parameters.items()]
n = t.nn
[parameters(f) for c in (n.TransformerEncoderLayer, n.TransformerEncoder, n.TransformerDecoderLayer,
                         n.TransformerDecoder, n.Transformer) for f in (c.__init__, c.forward)] + [
    parameters(n.Transformer.generate_square_subsequent_mask)]
""",
    "encoder_nested_tensor_warnings": """
L = t.nn.TransformerEncoderLayer
stacks = [t.nn.TransformerEncoder(L(8, 2, 16), 1),
          t.nn.TransformerEncoder(L(8, 2, 16, batch_first=True, norm_first=True), 1),
          t.nn.TransformerEncoder(L(8, 1, 16, batch_first=True), 1),
          t.nn.TransformerEncoder(L(8, 2, 16, batch_first=True, bias=False), 1),
          t.nn.TransformerEncoder(L(8, 2, 16, batch_first=True, activation=t.tanh), 1),
          t.nn.TransformerEncoder(L(8, 2, 16), 1, enable_nested_tensor=False),
          t.nn.TransformerEncoder(t.nn.Linear(8, 8), 1)]
[(s.enable_nested_tensor, s.use_nested_tensor) for s in stacks]
""",
    "transformer_repr_and_keys": """
m = t.nn.Transformer(8, 2, 1, 2, 16, batch_first=True)
(repr(m), list(m.state_dict()), m.d_model, m.nhead, m.batch_first,
 t.nn.Transformer.generate_square_subsequent_mask(3),
 t.nn.Transformer.generate_square_subsequent_mask(2, dtype=t.float64),
 t.nn.Transformer.generate_square_subsequent_mask(2, dtype=t.bool), repr(t.nn.ModuleList([t.nn.ReLU(), t.nn.ReLU(), t.nn.Tanh(), t.nn.ReLU()])))
""",
    "transformer_errors": """
errors = []
m = t.nn.Transformer(4, 2, 1, 1, 8)
layer = t.nn.TransformerEncoderLayer(4, 2, 8)
for f in (lambda: t.nn.TransformerEncoderLayer(4, 2, activation="tanh"),
          lambda: t.nn.TransformerDecoderLayer(4, 2, activation="silu"),
          lambda: t.nn.TransformerEncoderLayer(6, 4),
          lambda: layer(t.ones(3, 2, 4), src_key_padding_mask=t.zeros(2, 3, dtype=t.long)),
          lambda: layer(t.ones(3, 2, 4), src_mask=t.zeros(3, 3, dtype=t.int32)),
          lambda: layer(t.ones(3, 2, 4), is_causal=True),
          lambda: m(t.ones(3, 2, 4), t.ones(3, 3, 4)),
          lambda: m(t.ones(3, 2, 4), t.ones(3, 2, 5))):
    try:
        f()
    except Exception as e:
        errors.append((type(e).__name__, str(e)))
errors
""",
    "mismatched_masks_warn": KNOWN + """
layer = known(t.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0))
layer(t.ones(3, 2, 4, dtype=t.float64), src_mask=t.zeros(3, 3, dtype=t.float64), src_key_padding_mask=t.tensor([[False, False, True]] * 2))
""",
    "encoder_layer_train": KNOWN + f"""
x = (t.arange(48., dtype=t.float64).reshape(4, 3, 4).repeat(1, 1, 2).sin() * 2).requires_grad_()
run(known({_LAYER.format("")}), x)
""",
    "encoder_layer_options_train": KNOWN + f"""
x = (t.arange(48., dtype=t.float64).reshape(3, 4, 4).repeat(1, 1, 2).cos() * 2).requires_grad_()
pad = t.tensor([[False, False, False, True], [False] * 4, [False, True, False, True]])
causal = t.nn.Transformer.generate_square_subsequent_mask(4, dtype=t.float64)
[run(known({_LAYER.format(", batch_first=True")}), x, src_key_padding_mask=pad),
 run(known({_LAYER.format(", batch_first=True")}), x, src_mask=causal, is_causal=True),
 run(known({_LAYER.format(", batch_first=True")}), x, src_mask=t.triu(t.ones(4, 4, dtype=t.bool), 1)),
 run(known({_LAYER.format(", norm_first=True, activation='gelu'")}), x),
 run(known({_LAYER.format(", batch_first=True, bias=False, layer_norm_eps=1e-3")}), x),
 run(known({_LAYER.format(", batch_first=True, activation=t.nn.functional.silu")}), x[0])]
""",
    "encoder_layer_eval_fused": KNOWN + f"""
x = t.arange(48., dtype=t.float64).reshape(3, 4, 4).repeat(1, 1, 2).sin() * 2
pad = t.tensor([[False, False, False, True], [False] * 4, [False, True, False, True]])
layer = known({_LAYER.format(", batch_first=True")}).eval()
with t.no_grad():
    out = [layer(x), layer(x, src_key_padding_mask=pad),
           layer(x, src_mask=t.nn.Transformer.generate_square_subsequent_mask(4, dtype=t.float64))]
layer.norm_first = True
with t.no_grad():
    out.append(layer(x))
out, [y.requires_grad for y in out]
""",
    "encoder_stack": KNOWN + """
x = (t.arange(48., dtype=t.float64).reshape(3, 4, 4).repeat(1, 1, 2).sin() * 2).requires_grad_()
make = lambda: known(t.nn.TransformerEncoder(t.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2, norm=t.nn.LayerNorm(8)))
pad = t.tensor([[False, False, False, True], [False] * 4, [False, True, True, True]])
causal = t.nn.Transformer.generate_square_subsequent_mask(4, dtype=t.float64)
train = [run(make(), x, src_key_padding_mask=pad), run(make(), x, mask=causal)]
m = make().eval()
with t.no_grad():
    # a left-aligned padding mask: torch packs the batch into a nested tensor (padded outputs 0)
    inference = [m(x, src_key_padding_mask=pad), m(x, mask=causal),
                 m(x, src_key_padding_mask=t.tensor([[False, True, False, False]] * 3))]
graded = m(x, src_key_padding_mask=pad)
train, inference, graded
""",
    "encoder_stack_default_device": KNOWN + """
x = t.arange(48., dtype=t.float64).reshape(3, 4, 4).repeat(1, 1, 2).sin() * 2
m = known(t.nn.TransformerEncoder(t.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 1)).eval()
pad = t.tensor([[False, False, False, True], [False] * 4, [False, True, True, True]])
# with a default device set torch keeps the padded batch as it is: no zeros at the padded positions
t.set_default_device("cpu")
with t.no_grad():
    kept = m(x, src_key_padding_mask=pad)
t.set_default_device(None)
with t.no_grad():
    packed = m(x, src_key_padding_mask=pad)
kept, packed
""",
    "multihead_attention_is_causal_hint": KNOWN + """
# torch takes the hint as it is: without weights or a padding mask the causal mask replaces attn_mask
m = known(t.nn.MultiheadAttention(8, 2))
x = t.arange(48., dtype=t.float64).reshape(3, 2, 8).sin()
not_causal = t.zeros(3, 3, dtype=t.bool)
(m(x, x, x, attn_mask=not_causal, need_weights=False, is_causal=True)[0],
 m(x, x, x, attn_mask=not_causal, need_weights=False)[0],
 m(x, x, x, attn_mask=not_causal, is_causal=True)[0])
""",
    "decoder_and_transformer": KNOWN + """
tgt = (t.arange(24., dtype=t.float64).reshape(4, 3, 2).repeat(1, 1, 4).sin() * 2).requires_grad_()
memory = (t.arange(40., dtype=t.float64).reshape(5, 1, 8).repeat(1, 3, 1).cos() * 2).requires_grad_()
causal = t.nn.Transformer.generate_square_subsequent_mask(4, dtype=t.float64)
skip = t.tensor([[False] * 4 + [True]] * 3)
D = t.nn.TransformerDecoderLayer
decoder = known(t.nn.TransformerDecoder(D(8, 2, 16, dropout=0.0), 2, norm=t.nn.LayerNorm(8)))
first = known(D(8, 2, 16, dropout=0.0, norm_first=True, activation="gelu"))
model = known(t.nn.Transformer(8, 2, 1, 1, 16, dropout=0.0))
outs = [decoder(tgt, memory, tgt_mask=causal, memory_key_padding_mask=skip),
        first(tgt, memory, tgt_mask=causal, tgt_is_causal=True),
        model(memory, tgt, tgt_mask=causal, src_key_padding_mask=skip, memory_key_padding_mask=skip)]
sum((y * y).sum() for y in outs).backward()
model.eval()
with t.no_grad():
    inference = model(memory, tgt, tgt_mask=causal)
outs, [y.grad_fn.name() for y in outs], tgt.grad, memory.grad, model.decoder.layers[0].multihead_attn.in_proj_weight.grad, inference
""",
}
