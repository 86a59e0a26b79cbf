"""A stand-in for the ``d2l`` package of d2l-ai/d2l-en, for the compatibility suite's d2l scripts.

``from d2l import torch as d2l`` finds this package because the suite's runner puts
``tests/compat/data`` on ``sys.path``. Only the helpers the suite's chapters use are written out.
"""
