"""``autograd_lab.func`` (``torch.func``): function transforms, JAX-style.

A transform takes a function and returns a new function:

    grad(f)                    x -> d f(x) / d x                   (f returns a scalar)
    grad_and_value(f)          x -> (d f(x) / d x, f(x))
    vjp(f, x)                  (f(x), v -> v^T J)                  reverse mode, one vector
    jvp(f, (x,), (v,))         (f(x), J v)                         forward mode, one vector
    jacrev(f)                  x -> J, one backward pass per output element
    jacfwd(f)                  x -> J, one forward pass per input element
    hessian(f)                 x -> jacfwd(jacrev(f))(x)           forward over reverse
    linearize(f, x)            (f(x), v -> J v)
    vmap(f)                    xs -> stack([f(x) for x in xs])     (per-example code, batched)
    functional_call(m, p, x)   m(x) with the parameters p          (a module as a function)

They compose: ``grad(grad(f))``, ``jacrev(grad(f))``, ``jvp(grad(f), ...)`` (a Hessian-vector
product), ``jacfwd(jacrev(f))``, ``vmap(grad(loss))`` (a gradient per sample),
``vmap(jacrev(f))``. None of them writes ``.grad`` or leaves grad mode changed.
"""

from __future__ import annotations

from .forward import hessian, jacfwd, jvp, linearize
from .functional_call import functional_call, stack_module_state
from .reverse import grad, grad_and_value, jacrev, vjp
from .vmap import vmap

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize",
           "vmap", "functional_call", "stack_module_state"]
