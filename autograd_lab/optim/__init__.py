"""autograd_lab.optim (filled by the op library work)."""
