"""autograd_lab.nn (filled by the op library work)."""
