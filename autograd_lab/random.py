"""Random numbers: ``Generator``, ``manual_seed`` and the default generator behind ``rand``, ``randn``,
``randint``, ``randperm``, ``multinomial``, dropout and ``nn.init``.

A ``Generator`` wraps one numpy ``Generator``; ``manual_seed`` resets the default one, and a
``Generator`` of your own, passed as ``generator=``, gives a stream of its own (as in torch:
``g = t.Generator().manual_seed(2147483647)``). Like torch's default generator, it starts from a
fixed seed, so a fresh kernel gives the same numbers every time. (The numbers differ from torch's:
the generators are different algorithms.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .autograd.record import note, recorder, watching

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed",
           "get_rng_state", "set_rng_state", "generator"]

_DEFAULT_SEED = 67280421310721  # torch's default seed


class Generator:
    """A source of random numbers with its own state (``generator=`` of the random functions)."""

    __slots__ = ("rng", "_seed")

    def __init__(self, device: Any = "cpu") -> None:
        from .device import check_device

        check_device(device)
        self._seed = _DEFAULT_SEED
        self.rng = np.random.default_rng(_DEFAULT_SEED)

    @property
    def device(self) -> Any:
        from .device import device

        return device("cpu")

    def manual_seed(self, seed: int) -> Generator:
        """Restart the stream from ``seed``; returns the generator (so it chains)."""
        seed = int(seed)
        self._seed = seed
        self.rng = np.random.default_rng(seed & 0xFFFFFFFFFFFFFFFF)
        return self

    def seed(self) -> int:
        """Seed from the operating system's entropy and return the seed used."""
        new_seed = int(np.random.SeedSequence().entropy) & 0xFFFFFFFFFFFF
        self.manual_seed(new_seed)
        return new_seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self) -> dict:
        """The state (numpy's bit-generator state, a dict; torch returns a uint8 tensor)."""
        return self.rng.bit_generator.state

    def set_state(self, state: dict) -> Generator:
        self.rng.bit_generator.state = state
        return self

    def __repr__(self) -> str:
        return f"<torch.Generator object at {hex(id(self))}>"


default_generator = generator = Generator()


def rng(generator: Generator | None = None) -> np.random.Generator:
    """The numpy generator to draw from: ``generator``'s, or the default one (inside
    ``func.vmap``, the draw is first reported to vmap's randomness mode)."""
    if watching.count:
        note("random")
    if generator is None:
        generator = default_generator
    elif not isinstance(generator, Generator):
        raise TypeError(f"generator must be a torch.Generator, not {type(generator).__name__}")
    if watching.count and recorder.batching is not None:
        recorder.batching.random(generator)
    return generator.rng


def manual_seed(seed: int) -> Generator:
    """Seed the default generator: the same seed gives the same sequence of random tensors."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the default generator non-deterministically and return the seed used."""
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state() -> dict:
    return default_generator.get_state()


def set_rng_state(state: dict) -> None:
    default_generator.set_state(state)


_FLOAT32 = np.dtype(np.float32)


def normal_array(shape: tuple[int, ...], mean: float = 0.0, std: float = 1.0,
                 dtype: np.dtype = _FLOAT32, generator: Generator | None = None) -> np.ndarray:
    return rng(generator).normal(mean, std, size=shape).astype(dtype, copy=False)


def uniform_array(shape: tuple[int, ...], low: float = 0.0, high: float = 1.0,
                  dtype: np.dtype = _FLOAT32, generator: Generator | None = None) -> np.ndarray:
    return rng(generator).uniform(low, high, size=shape).astype(dtype, copy=False)
