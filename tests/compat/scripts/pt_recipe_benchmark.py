# source: pytorch/tutorials, recipes_source/recipes/benchmark.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: sections 1-4 (functions, timeit.Timer, benchmark.Timer with labels and threads, blocked_autorange and its statistics); x is 1000 x 64 instead of 10000 x 64; the CUDA lines are left out (no GPU); sections 5-8 (Compare tables, pickled results, fuzzers, C++ and Callgrind) are left out: autograd_lab's benchmark module has no Compare or fuzzers, and C++ timing needs torch's C++ library; times, counts and IQR warnings are masked (they depend on the run)
# mask: ^\s+(Median: )?\d+\.\d+ (ns|us|ms|s)$
# mask: ^\s+IQR: .*$
# mask: ^\s+\d+ measurements?, \d+ runs .*$
# mask: ^\s+WARNING: Interquartile range .*$|^\s+This (suggests|could indicate) .*$
# mask: ^(mul_sum|bmm)\(x, x\):.*$
# mask: ^(Mean|Median): .*$
import torch


def batched_dot_mul_sum(a, b):
    """Batched dot product by multiplying and summing."""
    return a.mul(b).sum(-1)


def batched_dot_bmm(a, b):
    """Batched dot product as a batch of 1 x n by n x 1 matrix products."""
    a = a.reshape(-1, 1, a.shape[-1])
    b = b.reshape(-1, b.shape[-1], 1)
    return torch.bmm(a, b).flatten(-3)


x = torch.randn(1000, 64)
assert batched_dot_mul_sum(x, x).allclose(batched_dot_bmm(x, x))

import timeit

t0 = timeit.Timer(
    stmt='batched_dot_mul_sum(x, x)',
    setup='from __main__ import batched_dot_mul_sum',
    globals={'x': x})

t1 = timeit.Timer(
    stmt='batched_dot_bmm(x, x)',
    setup='from __main__ import batched_dot_bmm',
    globals={'x': x})

print(f'mul_sum(x, x):  {t0.timeit(100) / 100 * 1e6:>5.1f} us')
print(f'bmm(x, x):      {t1.timeit(100) / 100 * 1e6:>5.1f} us')

import torch.utils.benchmark as benchmark

t0 = benchmark.Timer(
    stmt='batched_dot_mul_sum(x, x)',
    setup='from __main__ import batched_dot_mul_sum',
    globals={'x': x})

t1 = benchmark.Timer(
    stmt='batched_dot_bmm(x, x)',
    setup='from __main__ import batched_dot_bmm',
    globals={'x': x})

print(t0.timeit(100))
print(t1.timeit(100))

num_threads = torch.get_num_threads()
print(f'Benchmarking on {num_threads} threads')

t0 = benchmark.Timer(
    stmt='batched_dot_mul_sum(x, x)',
    setup='from __main__ import batched_dot_mul_sum',
    globals={'x': x},
    num_threads=num_threads,
    label='Multithreaded batch dot',
    sub_label='Implemented using mul and sum')

t1 = benchmark.Timer(
    stmt='batched_dot_bmm(x, x)',
    setup='from __main__ import batched_dot_bmm',
    globals={'x': x},
    num_threads=num_threads,
    label='Multithreaded batch dot',
    sub_label='Implemented using bmm')

print(t0.timeit(100))
print(t1.timeit(100))

m0 = t0.blocked_autorange()
m1 = t1.blocked_autorange()

print(m0)
print(m1)

print(f"Mean:   {m0.mean * 1e6:6.2f} us")
print(f"Median: {m0.median * 1e6:6.2f} us")
