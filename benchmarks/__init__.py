"""The performance benchmarks of issue 7: autograd_lab against hand-written numpy and PyTorch.

Run them all with ``.venv/bin/python -m benchmarks`` (or ``python benchmarks/run.py``); ``--quick``
runs a tiny version, ``--only NAME`` one workload, ``--update-readme`` writes the table into the
README's Performance section. Every workload measures forward + backward (+ update where stated),
checks the gradient against a hand-written numpy reference (and torch's) on its first iteration,
and times the implementations interleaved in one single-threaded process, so that the ratios hold
even on a noisy shared machine.

This package imports nothing heavy at import time: ``run.py`` must be able to pin the BLAS thread
counts before numpy is loaded.
"""
