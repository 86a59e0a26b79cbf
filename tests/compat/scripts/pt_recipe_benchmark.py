# source: pytorch/tutorials, recipes_source/recipes/benchmark.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: sections 1-6 (functions, timeit.Timer, benchmark.Timer with labels and threads, blocked_autorange and its statistics, Compare tables, pickled measurements); x is 1000 x 64 instead of 10000 x 64; the CUDA lines are left out (no GPU); in section 5 the sizes are 1, 64 and 1024 (not 10000) and the threads 1 and 4 (not 16 and 32), in section 6 1024 x 10000 is 1024 x 1000, and min_run_time is 0.05 s (not 1 s); sections 7-8 (fuzzers, C++ and Callgrind) are left out: autograd_lab's benchmark module has no fuzzers, and C++ timing needs torch's C++ library; times, counts, IQR warnings, table cells, the tables' dashes and time units are masked (they depend on the run)
# mask: ^\s+(Median: )?\d+\.\d+ (ns|us|ms|s)$
# mask: ^\s+IQR: .*$
# mask: ^\s+\d+ measurements?, \d+ runs .*$
# mask: ^\s+WARNING: Interquartile range .*$|^\s+This (suggests|could indicate) .*$
# mask: ^(mul_sum|bmm)\(x, x\):.*$
# mask: ^(Mean|Median): .*$
# mask: (?<=\|)[^|]*\d[^|]*
# mask: -{2,}
# mask: ^Times are in .*$
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

from itertools import product

results = []

sizes = [1, 64, 1024]
for b, n in product(sizes, sizes):
    label = 'Batched dot'
    sub_label = f'[{b}, {n}]'
    x = torch.ones((b, n))
    for num_threads in [1, 4]:
        results.append(benchmark.Timer(
            stmt='batched_dot_mul_sum(x, x)',
            setup='from __main__ import batched_dot_mul_sum',
            globals={'x': x},
            num_threads=num_threads,
            label=label,
            sub_label=sub_label,
            description='mul/sum',
        ).blocked_autorange(min_run_time=0.05))
        results.append(benchmark.Timer(
            stmt='batched_dot_bmm(x, x)',
            setup='from __main__ import batched_dot_bmm',
            globals={'x': x},
            num_threads=num_threads,
            label=label,
            sub_label=sub_label,
            description='bmm',
        ).blocked_autorange(min_run_time=0.05))

compare = benchmark.Compare(results)
compare.print()

compare.trim_significant_figures()
compare.colorize()
compare.print()

import pickle

ab_test_results = []
for env in ('environment A: mul/sum', 'environment B: bmm'):
    for b, n in ((1, 1), (1024, 1000), (10000, 1)):
        x = torch.ones((b, n))
        dot_fn = (batched_dot_mul_sum if env == 'environment A: mul/sum' else batched_dot_bmm)
        m = benchmark.Timer(
            stmt='batched_dot(x, x)',
            globals={'x': x, 'batched_dot': dot_fn},
            num_threads=1,
            label='Batched dot',
            description=f'[{b}, {n}]',
            env=env,
        ).blocked_autorange(min_run_time=0.05)
        ab_test_results.append(pickle.dumps(m))

ab_results = [pickle.loads(i) for i in ab_test_results]
compare = benchmark.Compare(ab_results)
compare.trim_significant_figures()
compare.colorize()
compare.print()

round_tripped_results = pickle.loads(pickle.dumps(results))
assert(str(benchmark.Compare(results)) == str(benchmark.Compare(round_tripped_results)))
