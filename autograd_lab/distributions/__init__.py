"""``torch.distributions``: ``Categorical``, ``Bernoulli``, ``Multinomial``, ``Normal``,
``Uniform`` — sampling (``rsample`` through the reparameterization trick where it exists), and
``log_prob``/``entropy`` built from the library's ops, so their gradients come from autograd."""

from __future__ import annotations

from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .multinomial import Multinomial
from .normal import Normal
from .uniform import Uniform

__all__ = ["Distribution", "Categorical", "Bernoulli", "Multinomial", "Normal", "Uniform"]
