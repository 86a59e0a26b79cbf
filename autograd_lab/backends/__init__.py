"""``torch.backends`` on a machine without a GPU: ``cuda``, ``cudnn`` and ``mps`` are modules, as in
torch, so ``import torch.backends.cudnn as cudnn`` works; their availability checks say False and
their flags can be read and set (training scripts set ``cudnn.benchmark`` and ``allow_tf32``
whether or not there is a GPU), changing nothing here."""

from __future__ import annotations

from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
