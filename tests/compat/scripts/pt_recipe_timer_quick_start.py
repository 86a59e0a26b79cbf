# source: pytorch/tutorials, recipes_source/recipes/timer_quick_start.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: min_run_time 1 s cut to 0.2 s; sections 3-6 (C++ snippets, Callgrind instruction counts, A/B tests of them) are left out, since they compile and time torch's C++ library (a C++ Timer raises NotImplementedError here); the lines of a measurement's times, counts and IQR warning are masked (they depend on the run)
# mask: ^\s+(Median: )?\d+\.\d+ (ns|us|ms|s)$
# mask: ^\s+IQR: .*$
# mask: ^\s+\d+ measurements?, \d+ runs .*$
# mask: ^\s+WARNING: Interquartile range .*$|^\s+This (suggests|could indicate) .*$
from torch.utils.benchmark import Timer

timer = Timer(
    stmt="x * y",
    setup="""
        x = torch.ones((128,))
        y = torch.ones((128,))
    """,
    num_threads=1,
)

from torch.utils.benchmark import Measurement

m: Measurement = timer.blocked_autorange(min_run_time=0.2)
print(m)
print(type(m).__name__, m.number_per_run >= 1, len(m.times) == len(m.raw_times), m.median > 0)
