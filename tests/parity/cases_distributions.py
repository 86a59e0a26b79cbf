"""``torch.distributions`` (Categorical, Bernoulli, Multinomial, Normal, Uniform): parameters,
shapes, reprs, log_prob/entropy values and their gradients, parameter and sample checks with
torch's ValueErrors — against torch 2.x. Sampled values differ by design (numpy's generator), so
samples are observed through their shapes, dtypes and sums."""

D = "import importlib\nD = importlib.import_module(t.__name__ + '.distributions')\n"

CASES = {
    "categorical_probs": D + "c = D.Categorical(t.tensor([0.2, 0.3, 0.5]))\nr = repr(c)\n"
                             "r, c.probs, c.logits, repr(c), c.batch_shape, c.event_shape, c.param_shape, "
                             "c.sample().shape, c.sample((4,)).dtype, c.sample((4, 2)).shape, "
                             "c.log_prob(t.tensor([0, 2])), c.entropy(), c.enumerate_support()",
    "categorical_logits_batch": D + "c = D.Categorical(logits=t.tensor([[1., 2., 3.], [0., 0., 0.]]))\n"
                                    "c, c.probs, c.logits, c.sample((5,)).shape, c.log_prob(t.tensor([1, 2])), "
                                    "c.entropy(), c.mean, c.perplexity()",
    "categorical_grad": D + "logits = t.tensor([1., 2., 3.], requires_grad=True)\nc = D.Categorical(logits=logits)\n"
                            "lp = c.log_prob(t.tensor(1))\nh = c.entropy()\n(lp + h).backward()\n"
                            "lp, lp.grad_fn, h.grad_fn, logits.grad",
    "categorical_probs_grad": D + "p = t.tensor([1., 2., 1.], requires_grad=True)\nc = D.Categorical(probs=p)\n"
                                  "c.log_prob(t.tensor([0, 1])).sum().backward()\np.grad",
    "categorical_invalid_probs": D + "D.Categorical(t.tensor([0.2, -0.1]))",
    "categorical_neither": D + "D.Categorical()",
    "categorical_both": D + "D.Categorical(t.tensor([0.5, 0.5]), logits=t.zeros(2))",
    "categorical_0d": D + "D.Categorical(t.tensor(0.5))",
    "categorical_value_out_of_support": D + "D.Categorical(t.tensor([0.5, 0.5])).log_prob(t.tensor(2))",
    "categorical_value_not_integer": D + "D.Categorical(t.tensor([0.5, 0.5])).log_prob(t.tensor(1.5))",
    "normal_numbers": D + "n = D.Normal(0., 1.)\nn, n.mean, n.stddev, n.variance, n.sample().shape, "
                          "n.log_prob(t.tensor(0.5)), n.entropy(), n.batch_shape, n.cdf(t.tensor(0.3)), "
                          "n.icdf(t.tensor(0.25))",
    "normal_batch": D + "n = D.Normal(t.zeros(2), t.tensor([1., 2.]))\n"
                        "n, n.rsample((3,)).shape, n.sample((2,)).shape, n.log_prob(t.tensor([[0.5, 1.0]])), "
                        "n.entropy()",
    "normal_reparameterized_grad": D + "mu = t.tensor([0.5], requires_grad=True)\n"
                                       "sd = t.tensor([1.2], requires_grad=True)\nd = D.Normal(mu, sd)\n"
                                       "x = d.rsample()\nlp = d.log_prob(t.tensor([0.3]))\nlp.backward()\n"
                                       "lp, lp.grad_fn, mu.grad, sd.grad, x.grad_fn, x.requires_grad, "
                                       "d.sample().requires_grad, d",
    "normal_negative_scale": D + "D.Normal(0., -1.)",
    "normal_zero_scale_in_batch": D + "D.Normal(t.zeros(2), t.tensor([1., 0.]))",
    "normal_unchecked": D + "D.Normal(0., -1., validate_args=False)",
    "bernoulli": D + "b = D.Bernoulli(t.tensor([0.3, 0.9]))\nr = repr(b)\n"
                     "r, b.sample().shape, b.sample().dtype, b.log_prob(t.tensor([1., 0.])), b.entropy(), "
                     "b.logits, b, b.mean, b.variance",
    "bernoulli_logits_grad": D + "z = t.tensor([0.5, -1.0], requires_grad=True)\nb = D.Bernoulli(logits=z)\n"
                                 "lp = b.log_prob(t.tensor([1., 0.])).sum()\nlp.backward()\nlp, z.grad, b.probs",
    "bernoulli_probs_grad": D + "p = t.tensor([0.3, 0.6], requires_grad=True)\n"
                                "lp = D.Bernoulli(p).log_prob(t.tensor([1., 0.])).sum()\nlp.backward()\nlp, p.grad",
    "bernoulli_invalid_probs": D + "D.Bernoulli(t.tensor([1.5]))",
    "bernoulli_value_not_boolean": D + "D.Bernoulli(t.tensor(0.5)).log_prob(t.tensor(0.5))",
    "multinomial": D + "m = D.Multinomial(10, t.tensor([0.2, 0.3, 0.5]))\ns = m.sample()\n"
                       "m, s.dtype, s.shape, s.sum(), m.log_prob(t.tensor([2., 3., 5.])), m.mean, m.variance, "
                       "m.sample((4,)).shape, m.batch_shape, m.event_shape",
    "multinomial_coin_counts": D + "counts = D.Multinomial(1, t.tensor([0.5, 0.5])).sample((1000,))\n"
                                   "cum = counts.cumsum(dim=0)\nest = cum / cum.sum(dim=1, keepdims=True)\n"
                                   "counts.shape, counts.sum(), est.shape, (est.sum(dim=1) == 1).all()",
    "multinomial_module": "import importlib\n"
                          "M = importlib.import_module(t.__name__ + '.distributions.multinomial').Multinomial\n"
                          "M(100, t.tensor([0.5, 0.5])).sample().sum()",
    "multinomial_log_prob_grad": D + "z = t.tensor([0.1, 0.2, 0.3], requires_grad=True)\n"
                                     "lp = D.Multinomial(6, logits=z).log_prob(t.tensor([1., 2., 3.]))\n"
                                     "lp.backward()\nlp, z.grad",
    "uniform": D + "u = D.Uniform(0., 2.)\nu, u.sample((2,)).shape, u.log_prob(t.tensor(1.)), u.entropy(), "
                   "u.mean, u.variance, u.stddev, u.cdf(t.tensor([0.5, 3.]))",
    "uniform_rsample_grad": D + "lo = t.tensor(0., requires_grad=True)\nhi = t.tensor(2., requires_grad=True)\n"
                                "u = D.Uniform(lo, hi)\nx = u.rsample((3,))\nlp = u.log_prob(t.tensor(1.))\n"
                                "lp.backward()\nx.shape, x.grad_fn is not None, lp, lo.grad, hi.grad",
    "uniform_value_outside": D + "D.Uniform(t.zeros(2), t.ones(2)).log_prob(t.tensor([0.5, 2.]))",
    "uniform_unchecked": D + "D.Uniform(0., 1., validate_args=False).log_prob(t.tensor(3.))",
}
