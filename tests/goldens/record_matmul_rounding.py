"""Record torch's float32 matrix products bit for bit (golden data for tests/test_matmul_rounding.py).

Each case is a product (``mm`` in three layouts, a vector times a matrix, ``addmm`` with a bias, ``bmm``
on both sides of torch's size threshold, a 3-d by 2-d ``matmul``) or the gradients of one (``mm``,
``linear``) whose shapes lie where autograd_lab sums in torch's order
(autograd_lab/_matmul_rounding.py). The inputs are seeded normal draws; both the inputs and torch's
results are stored as the bits of their float32 values (``uint32``), so the test rebuilds the exact
inputs and compares the exact outputs without torch.

Only :func:`record` imports torch; :data:`CASES`, :func:`inputs` and :func:`compute` are shared with
the test, which also runs them live against torch.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

SEED = 20261207

# name: (what is computed, the shapes of its inputs)
CASES: dict[str, tuple[str, tuple[tuple[int, ...], ...]]] = {
    "mm_2x3_3x9": ("mm", ((2, 3), (3, 9))),  # d2l's 1x1 convolution as a matmul
    "mm_5x16_7": ("mm", ((5, 16), (16, 7))),  # rows off a 16-byte boundary: the split sums
    "mm_6x32_9": ("mm", ((6, 32), (32, 9))),
    "mm_8x64_5": ("mm", ((8, 64), (64, 5))),
    "mm_64x37_10": ("mm", ((64, 37), (37, 10))),
    "mm_3x100_64": ("mm", ((3, 100), (100, 64))),
    "mm_1x50_1": ("mm", ((1, 50), (50, 1))),
    "mm_4x13_3": ("mm", ((4, 13), (13, 3))),
    "mm_transposed_left_5x40_7": ("mm_tn", ((40, 5), (40, 7))),
    "mm_transposed_left_3x20_30": ("mm_tn", ((20, 3), (20, 30))),
    "mm_transposed_left_9x33_1": ("mm_tn", ((33, 9), (33, 1))),
    "mm_both_transposed_6x30_7": ("mm_tt", ((30, 6), (7, 30))),
    "vector_matrix_37_9": ("vecmat", ((37,), (37, 9))),
    "addmm_bias_row_4x20_6": ("addmm", ((6,), (4, 20), (20, 6))),
    "addmm_bias_matrix_7x24_5": ("addmm", ((7, 5), (7, 24), (24, 5))),
    "bmm_own_loop_4x3x5x7": ("bmm", ((4, 3, 5), (4, 5, 7))),  # k * m * n < 400: torch's loop
    "bmm_mkl_3x5x16x7": ("bmm", ((3, 5, 16), (3, 16, 7))),  # MKL's batched kernel
    "bmm_mkl_2x1x64x7": ("bmm", ((2, 1, 64), (2, 64, 7))),
    "matmul_3d_2d_2x5x24_6": ("matmul", ((2, 5, 24), (24, 6))),
    "mm_backward_grad_mat2_16x5_7": ("mm_backward", ((16, 5), (5, 7), (16, 7))),
    "linear_backward_16x10_6": ("linear_backward", ((16, 10), (6, 10), (6,), (16, 6))),
    "linear_backward_3x20_6": ("linear_backward", ((3, 20), (6, 20), (6,), (3, 6))),
}


def inputs(name: str) -> list[np.ndarray]:
    """The case's seeded float32 inputs."""
    rng = np.random.default_rng([SEED, sorted(CASES).index(name)])
    return [rng.standard_normal(shape).astype(np.float32) for shape in CASES[name][1]]


def compute(t: ModuleType, name: str, arrays: list[np.ndarray]) -> list[Any]:
    """The case under ``t`` (torch or autograd_lab): its results, as numpy arrays. Only what
    autograd_lab sums in torch's order is returned (for ``mm``'s backward, ``mat2``'s gradient
    ``self.T @ grad``; ``self``'s, ``grad @ mat2.T``, is the other layout)."""
    kind = CASES[name][0]
    x = [t.tensor(array) for array in arrays]
    if kind == "mm":
        results = [x[0] @ x[1]]
    elif kind == "mm_tn":
        results = [x[0].t() @ x[1]]
    elif kind == "mm_tt":
        results = [x[0].t() @ x[1].t()]
    elif kind == "vecmat":
        results = [x[0] @ x[1]]
    elif kind == "addmm":
        results = [t.addmm(x[0], x[1], x[2])]
    elif kind == "bmm":
        results = [t.bmm(x[0], x[1])]
    elif kind == "matmul":
        results = [t.matmul(x[0], x[1])]
    elif kind == "mm_backward":
        a, b, weights = x[0].requires_grad_(), x[1].requires_grad_(), x[2]
        ((a @ b) * weights).sum().backward()
        results = [b.grad]
    else:  # linear_backward: both gradients are products of torch's layouts nn and tn
        inp, weight, bias, weights = x[0].requires_grad_(), x[1].requires_grad_(), x[2], x[3]
        (t.nn.functional.linear(inp, weight, bias) * weights).sum().backward()
        results = [inp.grad, weight.grad]
    return [result.detach().numpy() for result in results]


def bits(array: np.ndarray) -> list[int]:
    """The float32 values' bits, flattened."""
    return np.ascontiguousarray(array, dtype=np.float32).view(np.uint32).ravel().tolist()


def record() -> dict:
    import torch

    torch.set_num_threads(1)
    cases = {}
    for name in CASES:
        arrays = inputs(name)
        cases[name] = {"inputs": [bits(array) for array in arrays],
                       "results": [{"shape": list(result.shape), "bits": bits(result)}
                                   for result in compute(torch, name, arrays)]}
    return {"torch": torch.__version__, "cases": cases}
