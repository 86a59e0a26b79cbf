"""What the public API accepts and refuses, as torch 2.x: Variable, the grad-mode decorators,
malformed data for ``tensor``, format specs, dtypes given as strings or numpy types, ``arange``'s
ends and steps, indices out of range, in-place ops that would change a shape, and arguments of
the wrong type (``dim``, ``keepdim``, sizes)."""

GENERATOR = """
x = t.ones(2, requires_grad=True)
@{decorator}
def steps():
    yield (x * 2).requires_grad
    yield (x * 3).requires_grad
"""

CASES = {
    # --- Variable: a tensor factory, and every tensor an instance ------------------------------
    "variable_isinstance": "isinstance(t.ones(2), V), isinstance(t.nn.Parameter(t.ones(1)), V), "
                           "isinstance(3, V), isinstance(None, V)",
    "variable_not_identity": "x = t.ones(2); v = V(x); v[0] = 7; v is x, x, x._version, v.is_leaf",
    "variable_detaches": "a = t.ones(2, requires_grad=True); b = a * 2; V(b), V(b).grad_fn, V(a), "
                         "V(b, requires_grad=True).is_leaf",
    "variable_parameter_type": "type(V(t.nn.Parameter(t.ones(1)))).__name__",
    "variable_empty": "V()",
    "variable_list_refused": "V([1.0, 2.0])",
    "variable_int_requires_grad": "V(t.arange(3), requires_grad=True)",
    "variable_volatile_warns": "V(t.ones(2), volatile=True)",
    "variable_data_keyword": "V(data=t.ones(1), requires_grad=True)",
    # --- grad-mode decorators with and without parentheses -------------------------------------
    "no_grad_decorator_bare": """
x = t.ones(2, requires_grad=True)
@t.no_grad
def f(y):
    return y * 2
f(x).requires_grad, f.__name__, t.is_grad_enabled()
""",
    "enable_grad_decorator_bare": """
x = t.ones(2, requires_grad=True)
@t.enable_grad
def f(y):
    return y * 2
with t.no_grad():
    r = f(x)
r.requires_grad, r.grad_fn
""",
    "enable_grad_decorator_parentheses": """
x = t.ones(2, requires_grad=True)
@t.enable_grad()
def f(y):
    return y * 2
with t.no_grad():
    r = f(x)
r.requires_grad
""",
    "inference_mode_decorator_bare": """
x = t.ones(2, requires_grad=True)
@t.inference_mode
def f(y):
    return y * 2
f(x).requires_grad, t.is_grad_enabled()
""",
    "inference_mode_decorator_parentheses": """
x = t.ones(2, requires_grad=True)
@t.inference_mode()
def f(y):
    return y * 2
f(x).requires_grad
""",
    "inference_mode_false_decorator": """
x = t.ones(2, requires_grad=True)
@t.inference_mode(False)
def f(y):
    return y * 2
with t.no_grad():
    r = f(x)
r.requires_grad
""",
    "inference_mode_false_context": """
x = t.ones(2, requires_grad=True)
with t.no_grad():
    with t.inference_mode(False):
        y = x * 2
y.requires_grad, t.is_grad_enabled()
""",
    "set_grad_enabled_decorator": """
x = t.ones(2, requires_grad=True)
@t.set_grad_enabled(False)
def f(y):
    return y * 2
t.is_grad_enabled(), f(x).requires_grad, t.is_grad_enabled()
""",
    "no_grad_decorated_generator": GENERATOR.format(decorator="t.no_grad") + "list(steps())",
    "no_grad_decorated_generator_between_steps": GENERATOR.format(decorator="t.no_grad()") + """
states = []
for inside in steps():
    states.append((inside, t.is_grad_enabled()))
states
""",
    "no_grad_decorator_restores_after_error": """
@t.no_grad
def fails():
    raise ValueError("inside")
try:
    fails()
except ValueError:
    pass
t.is_grad_enabled()
""",
    "no_grad_decorated_class_warns": """
x = t.ones(2, requires_grad=True)
@t.no_grad()
class Doubler:
    def __init__(self):
        self.y = x * 2
Doubler().y.requires_grad, type(Doubler).__name__
""",
    "no_grad_context_unchanged": "x = t.ones(2, requires_grad=True)\nwith t.no_grad() as inside:\n"
                                 "    y = x * 2\ninside, y.requires_grad, t.is_grad_enabled()",
}
