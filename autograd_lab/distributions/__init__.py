"""``torch.distributions``: ``Categorical``, ``Bernoulli``, ``Binomial``, ``Multinomial``,
``Normal``, ``Poisson``, ``Uniform``, ``Exponential``, ``Laplace``, ``Gamma``, ``Beta``,
``Dirichlet``, ``LogNormal``, ``MultivariateNormal``, ``Independent`` — sampling (``rsample``
through the reparameterization trick where it exists), ``log_prob``/``entropy`` built from the
library's ops, so their gradients come from autograd, and ``kl_divergence`` for torch's pairs."""

from __future__ import annotations

from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exponential import Exponential
from .gamma import Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .log_normal import LogNormal
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .poisson import Poisson
from .uniform import Uniform

__all__ = ["Distribution", "Categorical", "Bernoulli", "Binomial", "Multinomial", "Normal", "Poisson",
           "Uniform", "Exponential", "Laplace", "Gamma", "Beta", "Dirichlet", "LogNormal",
           "MultivariateNormal", "Independent", "kl_divergence", "register_kl"]
