"""``torch.distributions``: ``Categorical``, ``Bernoulli``, ``Binomial``, ``Multinomial``,
``Normal``, ``Poisson``, ``Uniform`` — sampling (``rsample`` through the reparameterization trick
where it exists), and ``log_prob``/``entropy`` built from the library's ops, so their gradients
come from autograd."""

from __future__ import annotations

from .bernoulli import Bernoulli
from .binomial import Binomial
from .categorical import Categorical
from .distribution import Distribution
from .multinomial import Multinomial
from .normal import Normal
from .poisson import Poisson
from .uniform import Uniform

__all__ = ["Distribution", "Categorical", "Bernoulli", "Binomial", "Multinomial", "Normal", "Poisson",
           "Uniform"]
