"""Special functions against torch 2.x: ``erfinv``, ``lgamma``, ``digamma``, ``polygamma`` (values at
ordinary and special points, dtypes of integer inputs, gradients and their nodes, second derivatives,
forward mode, in-place forms, ``out=`` and errors). Their accuracy against torch, element by
element over wide ranges, is tests/test_special_functions.py's."""

from tests.parity import second_derivative_nodes
from tests.parity.cases_elementwise import graded

X = "x = t.tensor([[0.25, -0.5, 0.9], [-0.75, 0.0, 0.1]], requires_grad=True)"
G = "x = t.tensor([[0.25, 1.0, 2.0], [3.5, -0.5, -2.5]], requires_grad=True)"
SPECIAL = ("v = t.tensor([0.0, -0.0, -1.0, -2.0, 1.0, 2.0, 0.5, -0.5, float('inf'), -float('inf'), "
           "float('nan'), 1e30, -2.5, 1e-30])")


def forward_mode(setup: str, expr: str) -> str:
    """The tangent forward mode gives ``expr`` for x's tangent ``[1, 2, ...]``."""
    return f"""
{setup}
fw = t.autograd.forward_ad
with fw.dual_level():
    d = fw.make_dual(x.detach(), t.arange(1., x.numel() + 1.).reshape(x.shape))
    out = {expr.replace("x", "d")}
    fw.unpack_dual(out).tangent
"""


FUNCTIONS = {"erfinv": ("t.erfinv(x)", X), "lgamma": ("t.lgamma(x)", G), "digamma": ("t.digamma(x)", G),
             "polygamma0": ("t.polygamma(0, x)", G), "polygamma1": ("t.polygamma(1, x)", G),
             "polygamma2": ("t.polygamma(2, x)", G), "polygamma4": ("t.polygamma(4, x)", G)}

CASES = {
    **{f"{name}_grad": graded(setup, expr) for name, (expr, setup) in FUNCTIONS.items()},
    **{f"{name}_forward": forward_mode(setup, expr) for name, (expr, setup) in FUNCTIONS.items()},
    **{f"{name}_method": graded(setup, expr.replace("t.", "x.").replace("(x)", "()"))
       for name, (expr, setup) in FUNCTIONS.items() if name in ("erfinv", "lgamma", "digamma")},
    "polygamma_method": graded(G, "x.polygamma(2)"),
    "second_derivative_nodes": second_derivative_nodes(
        "x = t.tensor([0.25, 0.5, 2.0], requires_grad=True)",
        "t.erfinv(x)", "t.lgamma(x)", "t.digamma(x)", "t.polygamma(1, x)"),
    "second_derivatives": """
x = t.tensor([0.25, 0.5, 2.0], dtype=t.float64, requires_grad=True)
[t.autograd.grad(t.autograd.grad(f(x).sum(), x, create_graph=True)[0].sum(), x)[0]
 for f in (t.erfinv, t.lgamma, t.digamma, lambda x: t.polygamma(2, x))]
""",
    "erfinv_special_values": "t.erfinv(t.tensor([-1.0, 1.0, 1.5, -1.5, 0.0, -0.0, float('nan'), "
                             "float('inf'), 1e-30, 0.999999, -0.9999999]))",
    "lgamma_special_values": SPECIAL + "\nt.lgamma(v)",
    "digamma_special_values": SPECIAL + "\nt.digamma(v)",
    "polygamma_special_values": SPECIAL + "\n[t.polygamma(n, v) for n in (1, 2, 3)]",
    "float64_values": """
x = t.tensor([1e-8, 0.3, 1.0000001, 1.5, 2.5, 7.0, 123.456, -3.7], dtype=t.float64)
t.erfinv(x / 200), t.lgamma(x), t.digamma(x), t.polygamma(1, x), t.polygamma(3, x)
""",
    "float16_input": "x = t.tensor([0.5, 2.0], dtype=t.float16); t.erfinv(x / 4), t.lgamma(x), "
                     "t.digamma(x), t.polygamma(1, x)",
    "integer_inputs_promote": "i = t.tensor([1, 2, 5]); t.erfinv(i - 1), t.lgamma(i), t.digamma(i), "
                              "t.polygamma(1, i), t.lgamma(t.tensor([True, False]))",
    "zero_dim_and_empty": "t.erfinv(t.tensor(0.5)), t.lgamma(t.zeros(0, 3)), t.polygamma(2, t.tensor(1.5))",
    "inplace": """
a = t.tensor([0.25, -0.5]); b = t.tensor([0.5, 3.0]); c = t.tensor([0.5, 3.0]); d = t.tensor([0.5, 3.0])
a.erfinv_(), b.lgamma_(), c.digamma_(), d.polygamma_(1), a._version, d._version
""",
    "inplace_records": """
x = t.tensor([0.25, 0.5], requires_grad=True)
y = x * 2
y.lgamma_()
y.sum().backward()
y.grad_fn, x.grad
""",
    "inplace_on_integers_error": "t.tensor([1, 2]).lgamma_()",
    "inplace_on_leaf_error": "t.tensor([0.5], requires_grad=True).erfinv_()",
    "out": """
o = t.empty(2); p = t.empty(2); q = t.empty(2, dtype=t.float64); r = t.empty(2)
x = t.tensor([0.25, 1.5])
t.erfinv(x, out=o), t.lgamma(x, out=p), t.digamma(x.double(), out=q), t.polygamma(1, x, out=r)
""",
    "out_requires_grad_error": "t.lgamma(t.ones(2, requires_grad=True), out=t.empty(2))",
    "polygamma_negative_n_error": "t.polygamma(-1, t.ones(2))",
    "polygamma_float_n_error": "t.polygamma(1.5, t.ones(2))",
    "polygamma_tensor_first_error": "t.polygamma(t.ones(2), 1)",
    "polygamma_method_negative_n_error": "t.ones(2).polygamma(-2)",
    "erfinv_not_tensor_error": "t.erfinv(0.5)",
    "lgamma_list_error": "t.lgamma([1.0])",
    "digamma_none_error": "t.digamma(None)",
    "lgamma_as_loss": """
# a Poisson negative log-likelihood, as teaching code writes it
rate = t.tensor([0.5, 2.0, 4.0], requires_grad=True)
k = t.tensor([0.0, 3.0, 2.0])
nll = (rate - k * rate.log() + t.lgamma(k + 1)).sum()
nll.backward()
nll, rate.grad
""",
    # --- torch.special -------------------------------------------------------------------------
    **{f"special_{name}": graded(X if name in ("erf", "erfinv") else G, f"t.special.{name}(x)")
       for name in ("erf", "erfinv", "digamma", "psi", "gammaln", "expit", "log1p", "expm1")},
    "special_polygamma": graded(G, "t.special.polygamma(2, x)"),
    "special_reductions": graded(G, "t.stack([t.special.logsumexp(x, 1), "
                                    "t.special.softmax(x, dim=1)[:, 0], t.special.log_softmax(x, 0)[0]])"),
    "special_logsumexp_keepdim": "t.special.logsumexp(t.tensor([[1.0, 2.0], [3.0, 4.0]]), 0, keepdim=True)",
    "special_softmax_dtype": "t.special.softmax(t.tensor([1.0, 2.0]), 0, dtype=t.float64)",
    "special_integer_inputs": "i = t.tensor([1, 2])\nt.special.gammaln(i), t.special.expit(i), t.special.psi(i)",
    "special_out": """
o = t.empty(2); p = t.empty(2); q = t.empty(1)
x = t.tensor([1.5, 2.5])
t.special.gammaln(x, out=o), t.special.polygamma(1, x, out=p), t.special.logsumexp(x, 0, out=q), o, p
""",
    "special_out_requires_grad_error": "t.special.gammaln(t.ones(2, requires_grad=True), out=t.empty(2))",
    **{f"special_{name}_not_tensor_error": f"t.special.{name}(1.0)"
       for name in ("erf", "erfinv", "digamma", "psi", "gammaln", "expit", "log1p", "expm1")},
    "special_polygamma_float_n_error": "t.special.polygamma(1.5, t.ones(1))",
    "special_polygamma_negative_n_error": "t.special.polygamma(-1, t.ones(1))",
    "special_polygamma_input_error": "t.special.polygamma(1, [1.0])",
    "special_logsumexp_dim_error": "t.special.logsumexp(t.ones(2))",
    "special_softmax_dim_error": "t.special.softmax(t.ones(2))",
    "special_log_softmax_dim_error": "t.special.log_softmax(t.ones(2))",
    "erfinv_gaussian_quantiles": """
# the standard normal's quantile function, sqrt(2) erfinv(2p - 1)
p = t.tensor([0.025, 0.5, 0.975], dtype=t.float64)
2 ** 0.5 * t.erfinv(2 * p - 1)
""",
}
