"""``torch.distributions`` (Categorical, Bernoulli, Binomial, Multinomial, Normal, Poisson, Uniform)
and the samplers ``torch.poisson``/``torch.binomial`` they use: parameters,
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
    # --- Binomial, Poisson (d2l's distributions appendix samples them) -------------------------
    "binomial": "import importlib\n"
                "B = importlib.import_module(t.__name__ + '.distributions.binomial').Binomial\n"
                "m = B(10, 0.2)\nr = repr(m)\ns = m.sample(sample_shape=(10, 10))\n"
                "r, m.total_count, m.probs, m.mean, m.variance, m.mode, m.logits, m, s.shape, s.dtype, "
                "bool(((s >= 0) & (s <= 10) & (s == s.floor())).all()), "
                "m.log_prob(t.tensor([0., 3., 10.])), m.entropy(), m.enumerate_support().shape, "
                "m.batch_shape, m.event_shape, B.has_enumerate_support",
    "binomial_batch_logits": D + "m = D.Binomial(t.tensor([5., 10.]), logits=t.tensor([0., 1.]))\n"
                                 "m, m.probs, m.sample((3,)).shape, m.log_prob(t.tensor([5., 0.])), "
                                 "m.mean, m.param_shape",
    "binomial_log_prob_grad": D + "z = t.tensor([0., 0.5], requires_grad=True)\n"
                                  "lp = D.Binomial(4, logits=z).log_prob(t.tensor([1., 4.])).sum()\n"
                                  "lp.backward()\nlp, lp.grad_fn, z.grad",
    "binomial_probs_grad": D + "p = t.tensor([0.3, 0.5], requires_grad=True)\n"
                               "D.Binomial(6, p).log_prob(t.tensor([2., 3.])).sum().backward()\np.grad",
    "binomial_enumerate_support": D + "m = D.Binomial(t.tensor([3., 3.]), t.tensor([0.5, 0.1]))\n"
                                      "m.enumerate_support(), m.enumerate_support(False).shape, m.entropy()",
    "binomial_inhomogeneous_entropy": D + "D.Binomial(t.tensor([3., 4.]), t.tensor([0.5, 0.1])).entropy()",
    "binomial_invalid_probs": D + "D.Binomial(10, 1.5)",
    "binomial_negative_count": D + "D.Binomial(-1, 0.5)",
    "binomial_fractional_count": D + "D.Binomial(10.5, 0.5)",
    "binomial_neither": D + "D.Binomial(10)",
    "binomial_value_out_of_support": D + "D.Binomial(10, 0.2).log_prob(t.tensor(11.))",
    "poisson": "import importlib\n"
               "P = importlib.import_module(t.__name__ + '.distributions.poisson').Poisson\n"
               "p = P(5.0)\ns = p.sample((10, 10))\n"
               "p, p.rate, p.mean, p.variance, p.mode, p.batch_shape, s.shape, s.dtype, "
               "bool(((s >= 0) & (s == s.floor())).all()), p.log_prob(t.tensor([0., 3., 10.]))",
    "poisson_batch_grad": D + "r = t.tensor([1., 2.5], requires_grad=True)\np = D.Poisson(r)\n"
                              "lp = p.log_prob(t.tensor([0., 2.])).sum()\nlp.backward()\n"
                              "p.sample((3,)).shape, lp, r.grad",
    "poisson_negative_rate": D + "D.Poisson(-1.0)",
    "poisson_value_not_integer": D + "D.Poisson(5.0).log_prob(t.tensor(1.5))",
    "poisson_entropy": D + "D.Poisson(5.0).entropy()",
    "distribution_base_mean": D + "D.Distribution(validate_args=False).mean",
    # --- the samplers ----------------------------------------------------------------------------
    "poisson_sampler": "g = t.Generator().manual_seed(0)\n"
                       "s = t.poisson(t.tensor([[1., 5.], [0., 20.]]), g)\n"
                       "s.shape, s.dtype, t.poisson(t.tensor([2.], dtype=t.float64)).dtype, "
                       "bool((s == s.floor()).all()), s[1, 0], t.poisson(t.tensor(3.)).shape",
    "poisson_grad_is_zero": "r = t.tensor([2., 3.], requires_grad=True)\ns = t.poisson(r)\n"
                            "s.sum().backward()\ns.grad_fn.name(), s.requires_grad, r.grad",
    "poisson_integer_rate": "t.poisson(t.tensor([1, 5]))",
    "poisson_negative_rate_sampler": "t.poisson(t.tensor([-1.]))",
    "poisson_nan_rate": "t.poisson(t.tensor([float('nan')]))",
    "binomial_sampler": "s = t.binomial(t.tensor([[10., 3.], [0., 7.]]), t.tensor([0.5, 1.]))\n"
                        "s.shape, s.dtype, bool((s == s.floor()).all()), s[1], bool((s[0] <= t.tensor([10., 3.])).all()), "
                        "t.binomial(t.tensor(5., dtype=t.float64), t.tensor(0., dtype=t.float64))",
    "binomial_sampler_not_differentiable": "p = t.tensor([0.5], requires_grad=True)\n"
                                           "s = t.binomial(t.tensor([10.]), p)\n(s.requires_grad, s.grad_fn.name())",
    "binomial_sampler_backward": "p = t.tensor([0.5], requires_grad=True)\nt.binomial(t.tensor([10.]), p).sum().backward()",
    "binomial_integer_count": "t.binomial(t.tensor([10, 3]), t.tensor([0.5, 0.2]))",
    "binomial_dtype_mismatch": "t.binomial(t.tensor([10.]), t.tensor([0.5], dtype=t.float64))",
}
