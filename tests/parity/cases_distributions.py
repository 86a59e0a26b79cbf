"""``torch.distributions`` (Categorical, Bernoulli, Binomial, Multinomial, Normal, Poisson, Uniform,
Exponential, Laplace, Gamma, Beta, Dirichlet, LogNormal, MultivariateNormal, Independent,
kl_divergence) and the samplers ``torch.poisson``/``torch.binomial``/``torch._standard_gamma`` they
use: parameters,
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
    # --- Exponential, Laplace, Gamma, Beta, Dirichlet, LogNormal --------------------------------
    "exponential": D + "e = D.Exponential(t.tensor([0.5, 2.]))\nx = t.tensor([0., 1.5])\n"
                       "e, e.mean, e.mode, e.variance, e.stddev, e.log_prob(x), e.cdf(x), "
                       "e.icdf(t.tensor([0.1, 0.9])), e.entropy(), e.batch_shape, e.event_shape, "
                       "e.sample((3,)).shape, bool((e.sample((50,)) >= 0).all()), D.Exponential(1.)",
    "exponential_rsample_grad": D + "r = t.tensor([0.5, 2.], requires_grad=True)\ne = D.Exponential(r)\n"
                                    "x = e.rsample((4,))\nlp = e.log_prob(t.tensor([1., 2.])).sum() + e.entropy().sum()\n"
                                    "lp.backward()\nx.shape, x.dtype, x.requires_grad, x.grad_fn is not None, "
                                    "lp, r.grad, e.sample().requires_grad, e.has_rsample",
    "exponential_invalid_rate": D + "D.Exponential(t.tensor([1., 0.]))",
    "exponential_value_negative": D + "D.Exponential(1.).log_prob(t.tensor(-1.))",
    "exponential_unchecked": D + "D.Exponential(1., validate_args=False).log_prob(t.tensor(-1.))",
    "laplace": D + "d = D.Laplace(t.tensor([0., 1.]), t.tensor([1., 0.5]))\nx = t.tensor([-0.5, 2.])\n"
                   "d, d.mean, d.mode, d.variance, d.stddev, d.log_prob(x), d.cdf(x), "
                   "d.icdf(t.tensor([0.2, 0.7])), d.entropy(), d.rsample((2, 3)).shape, D.Laplace(0., 1.)",
    "laplace_rsample_grad": D + "mu = t.tensor(0.5, requires_grad=True)\nb = t.tensor(2., requires_grad=True)\n"
                                "d = D.Laplace(mu, b)\nx = d.rsample((5,))\n(d.log_prob(t.tensor(1.)) + d.entropy()).backward()\n"
                                "x.shape, x.requires_grad, x.grad_fn is not None, mu.grad, b.grad",
    "laplace_invalid_scale": D + "D.Laplace(0., -2.)",
    "gamma": D + "g = D.Gamma(t.tensor([0.5, 2., 9.]), t.tensor([1., 3., 0.5]))\nx = t.tensor([0.3, 1., 20.])\n"
                 "s = g.sample((4,))\n"
                 "g, g.mean, g.mode, g.variance, g.stddev, g.log_prob(x), g.entropy(), g.batch_shape, "
                 "s.shape, s.dtype, bool((s > 0).all()), D.Gamma(2., 1.)",
    "gamma_rsample_grad": D + "c = t.tensor([1.5, 4.], requires_grad=True)\nr = t.tensor([2., 0.5], requires_grad=True)\n"
                              "g = D.Gamma(c, r)\nx = g.rsample((3,))\nx.sum().backward()\n"
                              "x.shape, x.dtype, x.requires_grad, type(x.grad_fn).__name__, c.grad.shape, "
                              "bool((c.grad > 0).all()), bool((r.grad < 0).all()), g.has_rsample",
    "gamma_log_prob_grad": D + "c = t.tensor([1.5, 4.], requires_grad=True)\nr = t.tensor([2., 0.5], requires_grad=True)\n"
                               "g = D.Gamma(c, r)\n(g.log_prob(t.tensor([0.7, 3.])).sum() + g.entropy().sum()).backward()\n"
                               "c.grad, r.grad",
    "gamma_float64": D + "g = D.Gamma(t.tensor(2., dtype=t.float64), 1.)\n"
                         "g.rsample((2,)).dtype, g.log_prob(t.tensor(1., dtype=t.float64)), g.entropy()",
    "gamma_invalid_concentration": D + "D.Gamma(t.tensor([0., 1.]), 1.)",
    "gamma_invalid_rate": D + "D.Gamma(1., -1.)",
    "gamma_value_negative": D + "D.Gamma(1., 1.).log_prob(t.tensor(-0.5))",
    "standard_gamma": "a = t.tensor([0.5, 3.], requires_grad=True)\nx = t._standard_gamma(a)\n"
                      "x.sum().backward()\nx.shape, x.dtype, x.grad_fn.name(), bool((x > 0).all()), a.grad.shape",
    "standard_gamma_double_backward": "a = t.tensor([2.], requires_grad=True)\nx = t._standard_gamma(a)\n"
                                      "(g,) = t.autograd.grad(x.sum(), a, create_graph=True)\ng.sum().backward()",
    "standard_gamma_grad_node": "a = t.tensor([2.], requires_grad=True)\n"
                                "g = t._standard_gamma_grad(a, t.tensor([1.5]))\ng.grad_fn.name(), g.requires_grad",
    "standard_gamma_no_forward_ad": "fwAD = t.autograd.forward_ad\nwith fwAD.dual_level():\n"
                                    "    t._standard_gamma(fwAD.make_dual(t.tensor([2.]), t.tensor([1.])))",
    "standard_gamma_not_tensor": "t._standard_gamma(1.)",
    "standard_gamma_grad_not_tensor": "t._standard_gamma_grad(t.ones(1), 1.)",
    "standard_gamma_integer": "t._standard_gamma(t.ones(2, dtype=t.long))",
    "beta": D + "b = D.Beta(t.tensor([2., 0.5]), t.tensor([3., 0.5]))\nx = t.tensor([0.3, 0.9])\n"
                "s = b.sample((6,))\n"
                "b, b.concentration1, b.concentration0, b.mean, b.mode, b.variance, b.log_prob(x), b.entropy(), "
                "s.shape, bool(((s >= 0) & (s <= 1)).all()), b.batch_shape, b.event_shape",
    "beta_rsample_grad": D + "a = t.tensor(2., requires_grad=True)\nc = t.tensor(3., requires_grad=True)\n"
                             "b = D.Beta(a, c)\nx = b.rsample((4,))\n"
                             "(b.log_prob(t.tensor(0.25)) + b.entropy()).backward()\n"
                             "x.shape, x.requires_grad, x.grad_fn is not None, a.grad, c.grad",
    "beta_invalid": D + "D.Beta(t.tensor([1., -1.]), 1.)",
    "beta_value_outside": D + "D.Beta(2., 2.).log_prob(t.tensor(1.5))",
    "dirichlet": D + "d = D.Dirichlet(t.tensor([[1., 2., 3.], [0.5, 0.5, 4.]]))\n"
                     "x = t.tensor([0.2, 0.3, 0.5])\ns = d.sample((5,))\n"
                     "d, d.mean, d.mode, d.variance, d.log_prob(x), d.entropy(), d.batch_shape, d.event_shape, "
                     "s.shape, bool((s.sum(-1) - 1).abs().max() < 1e-5), D.Dirichlet(t.tensor([0.5, 0.5])).mode",
    "dirichlet_rsample_grad": D + "c = t.tensor([1., 2., 3.], requires_grad=True)\nd = D.Dirichlet(c)\n"
                                  "x = d.rsample((2,))\n(d.log_prob(t.tensor([0.2, 0.3, 0.5])) + d.entropy()).backward()\n"
                                  "x.shape, x.requires_grad, x.grad_fn is not None, c.grad",
    "dirichlet_0d": D + "D.Dirichlet(t.tensor(1.))",
    "dirichlet_invalid": D + "D.Dirichlet(t.tensor([1., 0.]))",
    "dirichlet_value_not_simplex": D + "D.Dirichlet(t.tensor([1., 1.])).log_prob(t.tensor([0.5, 0.6]))",
    "log_normal": D + "d = D.LogNormal(t.tensor([0., 1.]), t.tensor([1., 0.5]))\nx = t.tensor([0.5, 3.])\n"
                      "d, d.loc, d.scale, d.mean, d.mode, d.variance, d.log_prob(x), d.cdf(x), "
                      "d.icdf(t.tensor([0.2, 0.7])), d.entropy(), d.rsample((3,)).shape, d.batch_shape",
    "log_normal_grad": D + "mu = t.tensor(0.3, requires_grad=True)\nd = D.LogNormal(mu, 2.)\nx = d.rsample()\n"
                           "d.log_prob(t.tensor(1.5)).backward()\nx.requires_grad, x.grad_fn is not None, mu.grad",
    "log_normal_value_outside": D + "D.LogNormal(0., 1.).log_prob(t.tensor(-1.))",
    # --- MultivariateNormal, Independent ---------------------------------------------------------
    "mvn_covariance": D + "cov = t.tensor([[2., 0.5], [0.5, 1.]])\nm = D.MultivariateNormal(t.tensor([1., -1.]), cov)\n"
                          "x = t.tensor([[0.3, 0.2], [1., -1.]])\n"
                          "m, m.mean, m.mode, m.variance, m.stddev, m.covariance_matrix, m.scale_tril, "
                          "m.precision_matrix, m.log_prob(x), m.entropy(), m.batch_shape, m.event_shape, "
                          "m.rsample((3,)).shape, m.sample().shape",
    "mvn_scale_tril_batch": D + "L = t.tensor([[[1., 0.], [0.5, 2.]], [[0.3, 0.], [-1., 1.]]])\n"
                                "m = D.MultivariateNormal(t.zeros(2), scale_tril=L)\n"
                                "m, m.loc, m.covariance_matrix, m.variance, m.log_prob(t.tensor([0.5, 0.5])), "
                                "m.entropy(), m.batch_shape, m.rsample((4,)).shape",
    "mvn_precision": D + "P = t.tensor([[2., -0.3], [-0.3, 1.]])\nm = D.MultivariateNormal(t.zeros(2), precision_matrix=P)\n"
                         "m, m.covariance_matrix, m.scale_tril, m.log_prob(t.tensor([1., 2.])), m.entropy()",
    "mvn_grad": D + "mu = t.tensor([0.5, -0.5], requires_grad=True)\n"
                    "A = t.tensor([[1., 0.], [0.3, 0.8]], requires_grad=True)\n"
                    "m = D.MultivariateNormal(mu, scale_tril=A)\nx = m.rsample((3,))\n"
                    "(m.log_prob(t.tensor([0.1, 0.2])) + m.entropy()).backward()\n"
                    "x.shape, x.requires_grad, x.grad_fn is not None, mu.grad, A.grad",
    "mvn_covariance_grad": D + "C = t.tensor([[2., 0.5], [0.5, 1.]], requires_grad=True)\n"
                               "D.MultivariateNormal(t.zeros(2), C).log_prob(t.tensor([1., 1.])).backward()\nC.grad",
    "mvn_two_matrices": D + "D.MultivariateNormal(t.zeros(2), t.eye(2), scale_tril=t.eye(2))",
    "mvn_no_matrix": D + "D.MultivariateNormal(t.zeros(2))",
    "mvn_0d_loc": D + "D.MultivariateNormal(t.tensor(0.), t.eye(1))",
    "mvn_1d_covariance": D + "D.MultivariateNormal(t.zeros(2), t.ones(2))",
    "mvn_1d_scale_tril": D + "D.MultivariateNormal(t.zeros(2), scale_tril=t.ones(2))",
    "mvn_not_positive_definite": D + "D.MultivariateNormal(t.zeros(2), t.tensor([[1., 2.], [2., 1.]]))",
    "mvn_scale_tril_not_lower": D + "D.MultivariateNormal(t.zeros(2), scale_tril=t.tensor([[1., 1.], [0., 1.]]))",
    "independent": D + "n = D.Normal(t.zeros(3, 2), t.ones(3, 2))\nd = D.Independent(n, 1)\n"
                       "d, d.batch_shape, d.event_shape, d.log_prob(t.ones(3, 2)), d.entropy(), d.mean.shape, "
                       "d.variance.shape, d.rsample((4,)).shape, d.has_rsample, D.Independent(n, 2).event_shape",
    "independent_too_many_dims": D + "D.Independent(D.Normal(t.zeros(2), t.ones(2)), 2)",
    "expand": D + "n = D.Normal(t.tensor([0., 1.]), 1.).expand((3, 2))\ng = D.Gamma(2., 1.).expand((2,))\n"
                  "c = D.Categorical(t.tensor([0.2, 0.8])).expand((4,))\n"
                  "n, n.batch_shape, n.loc, n.sample().shape, g.batch_shape, g.rsample((5,)).shape, "
                  "c.batch_shape, c.sample().shape, c.log_prob(t.tensor(1)), "
                  "D.Independent(D.Normal(t.zeros(2), 1.), 1).expand((3,)).batch_shape",
    "value_shape_checks": D + "errors = []\n"
                              "for d, v in [(D.MultivariateNormal(t.zeros(2), t.eye(2)), t.zeros(3)), "
                              "(D.Dirichlet(t.ones(2)), t.tensor([0.2, 0.3, 0.5])), (D.Normal(t.zeros(2), 1.), t.zeros(3)), "
                              "(D.Independent(D.Normal(t.zeros(2), 1.), 1), t.zeros(3)), (D.Gamma(t.ones(2), 1.), t.ones(3)), "
                              "(D.Laplace(0., 1.), 0.5), (D.Normal(0., 1.), 0.5), (D.Beta(2., 2.), 0.5)]:\n"
                              "    try:\n        d.log_prob(v)\n    except ValueError as e:\n        errors.append(str(e))\n"
                              "errors, D.Normal(0., 1., validate_args=False).log_prob(0.5), D.Gamma(2., 1.).log_prob(1.)",
    "expand_more": D + "m = D.MultivariateNormal(t.zeros(3, 2), t.eye(2)).expand((5, 3))\n"
                       "b = D.Beta(2., 3.).expand((2,))\nl = D.LogNormal(0., 1.).expand((2,))\n"
                       "d = D.Dirichlet(t.ones(2)).expand((3,))\n"
                       "m, m.batch_shape, m.scale_tril.shape, m.loc.shape, m.log_prob(t.zeros(2)).shape, "
                       "b, b.batch_shape, b.log_prob(t.tensor(0.5)), b.sample().shape, l.batch_shape, l.sample().shape, "
                       "d, d.batch_shape, d.rsample().shape, d.entropy()",
    "modes_and_support": D + "c = D.Categorical(t.tensor([[0.2, 0.5, 0.3], [0.6, 0.2, 0.2]]))\n"
                             "b = D.Bernoulli(t.tensor([0.2, 0.5, 0.7]))\nu = D.Uniform(0., 2.)\n"
                             "c.mode, b.mode, u.mode, u.icdf(t.tensor([0.25, 1.5])), b.enumerate_support(), "
                             "b.enumerate_support(False), D.Bernoulli(logits=t.zeros(2, dtype=t.float64)).enumerate_support(), "
                             "D.Bernoulli.has_enumerate_support, D.Categorical.has_enumerate_support, "
                             "D.Normal.has_enumerate_support, D.Independent(D.Bernoulli(t.ones(2) / 2), 1).has_enumerate_support, "
                             "D.Independent(D.Normal(t.zeros(2), 1.), 0).has_rsample",
    "expand_incompatible": D + "D.Normal(t.zeros(2), 1.).expand((3,))",
    # --- kl_divergence -------------------------------------------------------------------------
    "kl_normal": D + "mu = t.tensor([0., 1.], requires_grad=True)\np = D.Normal(mu, t.tensor([1., 2.]))\n"
                     "q = D.Normal(t.tensor([0.5, 0.]), t.tensor([2., 1.]))\nk = D.kl_divergence(p, q)\n"
                     "k.sum().backward()\nk, mu.grad",
    "kl_bernoulli": D + "D.kl_divergence(D.Bernoulli(t.tensor([0.3, 0., 1., 0.5])), "
                        "D.Bernoulli(t.tensor([0.6, 0.5, 0.5, 0.])))",
    "kl_categorical": D + "D.kl_divergence(D.Categorical(t.tensor([[0.2, 0.8, 0.], [0.5, 0.25, 0.25]])), "
                          "D.Categorical(t.tensor([0.3, 0.3, 0.4]))), "
                          "D.kl_divergence(D.Categorical(t.tensor([0.5, 0.5])), D.Categorical(t.tensor([1., 0.])))",
    "kl_uniform": D + "D.kl_divergence(D.Uniform(t.tensor([0., 0.]), t.tensor([1., 2.])), "
                      "D.Uniform(t.tensor([-1., 0.5]), t.tensor([2., 3.])))",
    "kl_poisson": D + "D.kl_divergence(D.Poisson(t.tensor([1., 3.])), D.Poisson(t.tensor([2., 0.5])))",
    "kl_exponential_laplace_gamma": D + "D.kl_divergence(D.Exponential(t.tensor([1., 3.])), D.Exponential(2.)), "
                                        "D.kl_divergence(D.Laplace(0., 1.), D.Laplace(t.tensor([1., 0.]), 2.)), "
                                        "D.kl_divergence(D.Gamma(t.tensor([2., 0.5]), 1.), D.Gamma(3., t.tensor([2., 1.])))",
    "kl_beta_dirichlet": D + "D.kl_divergence(D.Beta(t.tensor([2., 0.5]), 3.), D.Beta(1., t.tensor([1., 4.]))), "
                             "D.kl_divergence(D.Dirichlet(t.tensor([1., 2., 3.])), D.Dirichlet(t.tensor([[2., 2., 2.], [0.5, 1., 5.]])))",
    "kl_lognormal_independent": D + "D.kl_divergence(D.LogNormal(0., 1.), D.LogNormal(1., 2.)), "
                                    "D.kl_divergence(D.Independent(D.Normal(t.zeros(3, 2), 1.), 1), "
                                    "D.Independent(D.Normal(t.ones(3, 2), 2.), 1))",
    "kl_mvn": D + "A = t.tensor([[1., 0.], [0.3, 0.8]], requires_grad=True)\n"
                  "p = D.MultivariateNormal(t.tensor([0.5, -0.5]), scale_tril=A)\n"
                  "q = D.MultivariateNormal(t.zeros(3, 2), t.tensor([[2., 0.5], [0.5, 1.]]))\n"
                  "k = D.kl_divergence(p, q)\nk.sum().backward()\nk, A.grad",
    "kl_mvn_event_shapes": D + "D.kl_divergence(D.MultivariateNormal(t.zeros(2), t.eye(2)), "
                               "D.MultivariateNormal(t.zeros(3), t.eye(3)))",
    "kl_binomial": D + "D.kl_divergence(D.Binomial(t.tensor([5., 6.]), t.tensor([0.3, 0.5])), "
                       "D.Binomial(5, t.tensor([0.5, 0.2])))",
    "kl_binomial_larger_q_count": D + "D.kl_divergence(D.Binomial(5, 0.3), D.Binomial(6, 0.3))",
    "kl_cross_families": D + "u = D.Uniform(t.tensor([0.1, -1.]), t.tensor([0.6, 2.]))\n"
                             "b = D.Beta(t.tensor([2., 0.5]), 3.)\ne = D.Exponential(t.tensor([1., 2.]))\n"
                             "g = D.Gamma(t.tensor([2., 0.5]), t.tensor([1., 3.]))\n"
                             "n = D.Normal(t.tensor([0.5, -1.]), t.tensor([1., 2.]))\n"
                             "la = D.Laplace(t.tensor([0., 1.]), t.tensor([1., 0.5]))\n"
                             "kl = D.kl_divergence\n"
                             "kl(D.Bernoulli(t.tensor([0.3, 0.9])), D.Poisson(t.tensor([1., 0.5]))), "
                             "kl(b, e), kl(b, g), kl(b, n), kl(b, D.Uniform(t.tensor([0., -1.]), t.tensor([1., 0.5]))), "
                             "kl(e, g), kl(e, n), kl(g, e), kl(g, n), kl(la, n), kl(n, la), "
                             "kl(D.Uniform(t.tensor([0.1, 0.5]), t.tensor([0.6, 1.5])), b), kl(u, e), kl(u, g), kl(u, n)",
    "kl_infinite_pairs": D + "e = D.Exponential(t.tensor([1., 2.]))\ng = D.Gamma(t.tensor([2., 3., 4.]), 1.)\n"
                             "n = D.Normal(0., 1.)\nla = D.Laplace(t.zeros(2), 1.)\nb = D.Beta(2., 2.)\n"
                             "u = D.Uniform(0., 1.)\nkl = D.kl_divergence\n"
                             "kl(e, b), kl(e, u), kl(g, b), kl(g, u), kl(la, b), kl(la, e), kl(la, g), kl(la, u), "
                             "kl(n, b), kl(n, e), kl(n, g), kl(n, u), kl(D.Poisson(t.tensor([1., 2.])), D.Bernoulli(0.5)), "
                             "kl(D.Poisson(t.tensor([1., 2.])), D.Binomial(3, 0.5))",
    "kl_exponential_families": D + "D.kl_divergence(D.Normal(0., 1.), D.Poisson(1.))",
    "kl_not_implemented": D + "D.kl_divergence(D.Laplace(0., 1.), D.Poisson(1.))",
    "register_kl": D + "class MyNormal(D.Normal):\n    pass\n\n"
                       "@D.register_kl(MyNormal, D.Normal)\ndef _kl(p, q):\n    return t.tensor(42.)\n\n"
                       "D.kl_divergence(MyNormal(0., 1.), D.Normal(0., 1.)), "
                       "D.kl_divergence(D.Normal(0., 1.), MyNormal(1., 1.))",
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
