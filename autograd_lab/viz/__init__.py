"""Drawing, without IPython: autograd graphs to DOT and SVG (``graph``, ``collapse``, ``dot``,
``graphviz``, ``picture``, ``steps``) and curve sampling for the widgets.

Modules here import numpy and the core only; the Jupyter layer (``autograd_lab.jupyter``) displays
what they produce.
"""
