"""The op library: one module per family, each op a class with forward and backward side by side.

``autograd_lab.ops.registry()`` lists every op with the file and line of its backward;
``python -m autograd_lab.ops`` prints that table.
"""
