"""``torch.jit``: ``script`` of a module (the same values and ``grad_fn`` names as the module, its
repr, its own training flags over shared parameters, methods its forward calls), of a function,
``save`` and ``jit.load`` back, and the errors for what is not scripted or loaded."""

_NET = """
net = t.nn.Sequential(t.nn.Linear(3, 2), t.nn.ReLU(), t.nn.Dropout(0.5), t.nn.Linear(2, 1))
with t.no_grad():
    for p in net.parameters():
        p.copy_(t.linspace(-1, 1, p.numel()).reshape(p.shape))
x = t.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
s = t.jit.script(net)
"""

_IMPORTED = """
import importlib, os, sys, tempfile
def import_source(code):
    global source
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, 'jit_case_source.py'), 'w') as f:
        f.write('import ' + t.__name__ + ' as t\\n' + code)
    sys.path.insert(0, folder)
    sys.modules.pop('jit_case_source', None)
    source = importlib.import_module('jit_case_source')
"""

# torch's first script call of this network in a process warns three times (it scripts helpers of
# its own), later calls once: each case first scripts one with its warnings ignored
_WARM_UP = """
import warnings
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    t.jit.script(t.nn.Sequential(t.nn.Linear(3, 2), t.nn.ReLU(), t.nn.Dropout(0.5), t.nn.Linear(2, 1)))
"""

CASES = {
    "script_module_repr_and_kinds": _NET + """
repr(s), s.original_name, isinstance(s, t.nn.Module), isinstance(s, t.jit.ScriptModule), type(s).__name__
""",
    "script_module_same_values_and_grad_fn": _NET + """
net.eval(); s.eval()
y, z = net(x), s(x)
z.sum().backward()
z, t.equal(y, z), z.grad_fn.name(), net[0].weight.grad
""",
    "script_module_shares_parameters_not_training_flags": _NET + """
s.eval()
same = [a is b for a, b in zip(net.parameters(), s.parameters())]
same, net.training, net[2].training, s.training, list(s.state_dict()), type(s.state_dict()).__name__
""",
    "script_module_of_a_script_module_is_itself": _NET + "t.jit.script(s) is s",
    # TorchScript reads the source of what it compiles: the class and the function are written to a
    # module file and imported
    "script_module_calls_the_methods_forward_calls": _IMPORTED + """
import_source('''
class M(t.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('scale', t.tensor(3.0))
        self.l = t.nn.Linear(2, 2, bias=False)
    def helper(self, x):
        # (a tensor: TorchScript calls torch's Scalar overload for a Python number, which names
        # the node MulBackward1 where eager code gives MulBackward0)
        return x * self.scale
    def forward(self, x):
        return self.helper(self.l(x))
''')
m = source.M()
with t.no_grad():
    m.l.weight.copy_(t.tensor([[1., 2.], [3., 4.]]))
s = t.jit.script(m)
out = s(t.ones(1, 2))
repr(s), out, out.grad_fn.name(), s.helper(t.ones(1)), s.scale
""",
    "script_module_missing_attribute": _NET + "s.no_such_thing",
    "script_module_save_and_load": _NET + """
import io
buffer = io.BytesIO()
t.jit.save(s, buffer)
buffer.seek(0)
loaded = t.jit.load(buffer)
net.eval(); loaded.eval()
repr(loaded), t.equal(loaded(x), net(x)), type(loaded).__name__
""",
    "jit_save_and_load_a_path": _NET + """
import os, tempfile
path = os.path.join(tempfile.mkdtemp(), 'my_mlp')
t.jit.save(s, path)
loaded = t.jit.load(path)
net.eval(); loaded.eval()
os.path.exists(path), t.equal(loaded(x), net(x))
""",
    "jit_save_of_a_plain_module": _NET + """
import io
t.jit.save(net, io.BytesIO())
""",
    "jit_load_missing_file": "t.jit.load('no/such/file.pt')",
    "jit_load_directory": "import tempfile; t.jit.load(tempfile.gettempdir())",
    "jit_save_of_a_plain_module_to_a_path": _NET + "t.jit.save(net, 'never_written.pt')",
    "jit_load_of_a_torch_save_file": """
import io
buffer = io.BytesIO()
t.save({'w': t.ones(2)}, buffer)
buffer.seek(0)
t.jit.load(buffer)
""",
    "script_function": _IMPORTED + """
import_source('''
def add(a, b):
    return a + b
''')
f = t.jit.script(source.add)
f(t.ones(2), t.tensor([1., 2.])), f.name, t.jit.script(f) is f
""",
    "script_of_a_number": "t.jit.script(3)",
    "script_of_none": "t.jit.script(None)",
}
CASES = {name: _WARM_UP + code for name, code in CASES.items()}
