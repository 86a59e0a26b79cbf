"""The random number generator behind ``rand``, ``randn``, ``randint``, dropout and ``nn.init``.

One numpy ``Generator``; ``manual_seed`` resets it, so every random function is reproducible. Like
torch's default generator it starts from a fixed seed, so a fresh kernel gives the same numbers
every time. (The numbers differ from torch's: the generators are different algorithms.)
"""

from __future__ import annotations

import numpy as np

__all__ = ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state", "generator"]

_DEFAULT_SEED = 67280421310721  # torch's default seed


class _Generator:
    __slots__ = ("rng", "seed")

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)


generator = _Generator(_DEFAULT_SEED)


def manual_seed(seed: int) -> _Generator:
    """Seed the generator: the same seed gives the same sequence of random tensors."""
    seed = int(seed)
    generator.seed = seed
    generator.rng = np.random.default_rng(seed & 0xFFFFFFFFFFFFFFFF)
    return generator


def seed() -> int:
    """Seed the generator non-deterministically and return the seed used."""
    new_seed = int(np.random.SeedSequence().entropy) & 0xFFFFFFFFFFFF
    manual_seed(new_seed)
    return new_seed


def initial_seed() -> int:
    return generator.seed


def get_rng_state() -> dict:
    return generator.rng.bit_generator.state


def set_rng_state(state: dict) -> None:
    generator.rng.bit_generator.state = state


_FLOAT32 = np.dtype(np.float32)


def normal_array(shape: tuple[int, ...], mean: float = 0.0, std: float = 1.0,
                 dtype: np.dtype = _FLOAT32) -> np.ndarray:
    return generator.rng.normal(mean, std, size=shape).astype(dtype, copy=False)


def uniform_array(shape: tuple[int, ...], low: float = 0.0, high: float = 1.0,
                  dtype: np.dtype = _FLOAT32) -> np.ndarray:
    return generator.rng.uniform(low, high, size=shape).astype(dtype, copy=False)
