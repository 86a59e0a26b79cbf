"""What PyTorch's teaching material needs beyond the op library: devices, generators, the integer
and half dtypes, multinomial and randperm, ``out=`` and ``size=``, ``all``/``any``, ``log10`` /
``log2``, indexing with a ``range``. (Values drawn from a generator differ by design; cases observe
shapes, dtypes and errors of random functions, and values only where no random number is involved.)"""

CASES = {
    # --- devices ------------------------------------------------------------------------------
    "device_cpu_repr_str": "d = t.device('cpu'); repr(d), str(d), d.type, d.index",
    "device_cuda_index": "d = t.device('cuda:1'); repr(d), str(d), d.type, d.index",
    "device_cuda_named_only": "t.device('cuda').index is None, t.device('cuda', 0) == t.device('cuda:0')",
    "device_bad_string": "t.device('gpu')",
    "device_of_a_bool": "t.device(True)",
    "device_of_a_list": "t.device([0])",
    "device_of_a_float_and_an_index": "t.device(1.5, 2)",
    "device_of_tensor": "x = t.ones(2); repr(x.device), str(x.device), x.device == t.device('cpu'), x.is_cuda",
    "device_factories_accept_cpu": "t.zeros(2, device='cpu'), t.ones(2, device=t.device('cpu')), t.tensor([1.], device='cpu'), t.arange(3, device='cpu')",
    "device_to_cpu_is_same": "x = t.ones(2); x.to('cpu') is x, x.to(t.device('cpu')) is x, x.to('cpu', t.float64).dtype",
    "device_to_cuda_refused": "t.ones(2).to('cuda')",
    "device_factory_cuda_refused": "t.zeros(2, device='cuda')",
    "cuda_is_available": "t.cuda.is_available(), t.cuda.device_count()",
    # torch.backends' parts and torch.nn.parallel are modules: `import torch.backends.cudnn as
    # cudnn` (the DCGAN tutorial) and `import torch.nn.parallel` work
    "backends_and_parallel_modules": """
import importlib
cudnn = importlib.import_module(t.__name__ + ".backends.cudnn")
cuda = importlib.import_module(t.__name__ + ".backends.cuda")
mps = importlib.import_module(t.__name__ + ".backends.mps")
parallel = importlib.import_module(t.__name__ + ".nn.parallel")
flags = (cudnn.is_available(), cudnn.version(), cudnn.enabled, cudnn.benchmark, cudnn.deterministic,
         cudnn.allow_tf32, cuda.is_built(), cuda.matmul.allow_tf32, mps.is_available(), mps.is_built())
cudnn.benchmark = True
set_flag = t.backends.cudnn.benchmark
cudnn.benchmark = False
try:
    parallel.data_parallel(t.nn.Linear(2, 2), t.ones(1, 2))
except RuntimeError as e:
    error = str(e)
flags, set_flag, t.backends.cudnn is cudnn, parallel.DataParallel is t.nn.DataParallel, error
""",
    # map_location is applied to each tensor restored: a device with no backend here is torch's
    # error for a file with tensors, nothing for a file without
    "load_map_location": """
import io
with_tensor, without = io.BytesIO(), io.BytesIO()
t.save({"w": t.ones(2)}, with_tensor)
t.save({"epoch": 3}, without)
results = []
for where in ("cuda", "cuda:0", t.device("cuda", 1), {"cpu": "cuda:0"}, {"cuda": "cuda:0"}, "xpu",
              "hpu", "mps", "mtia", "ipu", "gpu", 0, "cpu", t.device("cpu"), lambda s, loc: s):
    for buffer in (with_tensor, without):
        buffer.seek(0)
        try:
            results.append(t.load(buffer, map_location=where))
        except (RuntimeError, TypeError) as e:
            results.append((type(e).__name__, str(e)))
results
""",
    # a bare index names a device of the current accelerator: with none, torch's errors (a module
    # without tensors passes .cuda(0), as in torch)
    "device_index_refused": """
errors = []
for f in (lambda: t.device(0), lambda: t.device(-1), lambda: t.ones(2, device=0),
          lambda: t.ones(2).to(0), lambda: t.ones(2).to(-1), lambda: t.ones(2).cuda(0),
          lambda: t.ones(2).cuda(device=1), lambda: t.ones(2).cuda(-1), lambda: t.ones(2).cuda(True),
          lambda: t.nn.Linear(2, 2).cuda(0), lambda: t.nn.Linear(2, 2).to(0),
          lambda: t.nn.ReLU().to(0)):
    try:
        f()
    except (RuntimeError, TypeError, AssertionError) as e:
        errors.append((type(e).__name__, str(e).splitlines()[0]))
errors, t.nn.ReLU().cuda(0)
""",
    # set back to None: a default device changes torch's paths for the cases that follow
    "set_default_device_cpu": """
t.set_default_device('cpu')
kind = t.ones(1).device.type
t.set_default_device(None)
kind
""",
    "device_as_context_manager": """
d = t.device('cpu')
with d as entered:
    m = t.nn.Linear(2, 1)
    with t.device('cpu'):
        nested = t.zeros(1).device.type
    inside = (entered is d, t.ones(1).device.type, m.weight.device.type, m(t.ones(1, 2)).device.type, nested)
inside, t.ones(1).device.type, t.get_default_device()
""",
    # --- utils.benchmark: a Measurement's statistics and repr from known times ------------------
    "benchmark_measurement_repr": """
B = __import__(t.__name__ + ".utils.benchmark", fromlist=["Timer"])  # torch imports it on demand
specs = [B.Timer("x + 1", "x = 2", label="Add", sub_label="ints", description="one", num_threads=4)._task_spec,
         B.Timer("\\n    y = x * 2\\n    y + 1\\n", "\\n    x = 3\\n    z = 4\\n")._task_spec,
         B.Timer("pass")._task_spec]
runs = ([1.5e-5], [1e-5, 2e-5], [1e-3, 1.1e-3, 1.2e-3, 1.05e-3], [1e-6, 5e-6, 2e-6, 1e-6, 9e-6], [2.0, 2.1, 2.0, 2.05])
out = []
for spec in specs:
    for times in runs:
        m = B.Measurement(10, times, spec)
        out.append((repr(m).split(" object at 0x")[0], repr(m).split("\\n", 1)[1], m.median, m.mean, m.iqr, m.times, m.meets_confidence(), m.has_warnings))
out, m.stmt, m.num_threads, m.number_per_run
""",
    "benchmark_timer_runs_with_torch_and_warm_up": """
B = __import__(t.__name__ + ".utils.benchmark", fromlist=["Timer"])  # torch imports it on demand
calls = []
m = B.Timer("record(torch.ones(1).shape)", "z = 1", globals={"record": calls.append}).timeit(300)
len(calls), calls[0], len(m.times), m.number_per_run, m.task_spec.setup
""",
    "benchmark_compare_tables": """
B = __import__(t.__name__ + ".utils.benchmark", fromlist=["Timer"])  # torch imports it on demand
def spec(stmt, sub, desc, threads=1, env=None, label="Batched dot"):
    return B.Timer(stmt, label=label, sub_label=sub, description=desc, num_threads=threads, env=env)._task_spec
times = {("mul", "[1, 1]"): [5.9e-6, 6.1e-6, 6.0e-6, 5.8e-6], ("bmm", "[1, 1]"): [1.12e-5, 1.1e-5, 1.3e-5, 1.15e-5],
         ("mul", "[64, 1024]"): [3.94e-5, 3.9e-5, 4.1e-5, 3.8e-5], ("bmm", "[64, 1024]"): [2.044e-4, 2.0e-4, 2.1e-4, 2.06e-4],
         ("mul", "[1024, 10000]"): [0.0226, 0.0227, 0.0225, 0.0229], ("bmm", "[1024, 10000]"): [0.0119, 0.012, 0.0118, 0.0121]}
results = []
for threads in (1, 4):
    for (desc, sub), ts in times.items():
        results.append(B.Measurement(10, [x * 10 / threads for x in ts], spec("f(x)", sub, desc, threads)))
results.append(B.Measurement(1, [3e-6, 9e-6, 2e-6, 3e-6, 8e-6], spec("g(x)", "[7, 7]", "mul", 1)))
results.append(B.Measurement(1, [1e-3, 1.1e-3], spec("f(x)", "[1, 1]", "mul", 1, label="Other")))
out = []
c = B.Compare(results)
out.append(str(c))
c.trim_significant_figures()
out.append(str(c))
c.highlight_warnings()
out.append(str(c))
c.colorize()
out.append(str(c))
c.colorize(rowwise=True)
out.append(str(c))
env = [B.Measurement(1, [7e-6, 7.1e-6, 6.9e-6, 7e-6], spec("batched_dot(x, x)", None, d, 1, env=e)) for d, e in (("[1, 1]", "environment A: mul/sum"), ("[1, 1]", "environment B: bmm"), ("[10, 1]", "environment A: mul/sum"))]
out.append(str(B.Compare(env)))
try:
    B.Compare([1])
except ValueError as e:
    out.append(str(e))
out, [m.significant_figures for m in results], B.Measurement.merge(results[:2] + results[:1])[0].times
""",
    "benchmark_timer_bad_stmt": '__import__(t.__name__ + ".utils.benchmark", fromlist=["Timer"]).Timer(stmt=print)',
    "benchmark_timer_global_setup_is_cpp_only": '__import__(t.__name__ + ".utils.benchmark", fromlist=["Timer"]).Timer("pass", global_setup="x = 1")',
    # --- threads (errors only: setting torch's thread count would change the cases after) ------
    "get_num_threads_is_a_positive_int": "n = t.get_num_threads(); type(n).__name__, n > 0",
    "set_num_threads_zero": "t.set_num_threads(0)",
    "set_num_threads_negative": "t.set_num_threads(-2)",
    "set_num_threads_float": "t.set_num_threads(2.5)",
    "set_num_threads_str": "t.set_num_threads('2')",
    "set_num_threads_bool": "t.set_num_threads(True)",
    # --- utils.swap_tensors -----------------------------------------------------------------------
    "swap_tensors_values_and_classes": """
t1, t2 = t.arange(2), t.arange(3)
t.utils.swap_tensors(t1, t2)
p, q = t.nn.Parameter(t.ones(2)), t.zeros(3)
t.utils.swap_tensors(p, q)
t1, t2, type(p).__name__, p, type(q).__name__, q
""",
    "swap_tensors_graph_optimizer_weakref": """
import weakref
out = []
a = t.ones(2, requires_grad=True)
y = (a * 2).sum()
b = t.zeros(3, requires_grad=True)
t.utils.swap_tensors(a, b)
out.append((a.shape, b.shape, a.requires_grad))
try:
    y.backward()
except RuntimeError as e:
    out.append(str(e)[:60])
z = (a * 3).sum()
z.backward()
out.append(a.grad)
m = t.nn.Linear(1, 2, bias=False)
opt = t.optim.SGD(m.parameters())
new = t.nn.Parameter(2 * m.weight.detach())
t.utils.swap_tensors(m.weight, new)
out.append((opt.param_groups[0]['params'][0] is m.weight, t.equal(opt.param_groups[0]['params'][0], 2 * new.detach())))
c = t.zeros(2); w = weakref.ref(c)
for args in ((c, t.zeros(3)), (t.zeros(3), c)):
    try:
        t.utils.swap_tensors(*args)
    except RuntimeError as e:
        out.append(str(e))
out
""",
    "swap_tensors_views": """
out = []
a = t.zeros(3); v = a[1:]; b = t.ones(2)
t.utils.swap_tensors(v, b)  # (v's base holds a reference to v that is not the caller's)
a[2] = 5.0
out.append((v, b, v._base is None, b._base is a, v._is_view(), b._is_view(), b._version))
a = t.zeros(3); v = a[1:]; u = a[:2]
t.utils.swap_tensors(v, u)
a[0] = 7.0
out.append((v, u, v._base is a, u._base is a))
a = t.zeros(3, requires_grad=True).clone(); v = a[1:]; b = t.ones(2)
t.utils.swap_tensors(v, b)
a.mul_(t.ones(3, requires_grad=True) * 2)  # the view that moved reads the changed base
out.append((b.grad_fn.name(), v.grad_fn, b.requires_grad, v.requires_grad))
a = t.zeros(3); b = t.ones(3); w = a.view(3); del w
t.utils.swap_tensors(a, b)  # (its view died: nothing looks into a's memory)
out + [a, b]
""",
    "module_to_device": "m = t.nn.Linear(2, 1); m.to(t.device('cpu')) is m, m.weight.device.type",
    # --- generators ---------------------------------------------------------------------------
    "generator_chains_and_repeats": """
g = t.Generator().manual_seed(2147483647)
a = t.randn(3, 2, generator=g)
b = t.rand(4, generator=g)
g2 = t.Generator().manual_seed(2147483647)
type(g).__name__, a.shape, b.dtype, t.equal(a, t.randn(3, 2, generator=g2)), g.initial_seed()
""",
    "generator_independent_of_global": """
g = t.Generator().manual_seed(5)
first = t.rand(3, generator=g)
_ = t.manual_seed(0); _ = t.rand(100)
g = t.Generator().manual_seed(5)
t.equal(first, t.rand(3, generator=g))
""",
    "generator_state_roundtrip": """
g = t.Generator().manual_seed(1)
state = g.get_state()
a = t.randint(0, 100, (5,), generator=g)
_ = g.set_state(state)
t.equal(a, t.randint(0, 100, (5,), generator=g))
""",
    "manual_seed_returns_generator": "type(t.manual_seed(3)).__name__",
    "randn_size_keyword": "t.randn(size=(), requires_grad=True).shape, t.zeros(size=(2, 3)).shape, t.ones(size=(1,)).dtype",
    "randperm_is_permutation": "p = t.randperm(10, generator=t.Generator().manual_seed(0)); p.dtype, p.shape, sorted(p.tolist()) == list(range(10))",
    # --- multinomial --------------------------------------------------------------------------
    "multinomial_shapes": """
g = t.Generator().manual_seed(2147483647)
p = t.tensor([0.2, 0.3, 0.5])
one = t.multinomial(p, num_samples=1, replacement=True, generator=g)
many = t.multinomial(p, num_samples=100, replacement=True, generator=g)
rows = t.multinomial(t.ones(4, 3), 2, generator=g)
one.dtype, one.shape, many.shape, rows.shape, bool(((many >= 0) & (many < 3)).all())
""",
    "multinomial_without_replacement_distinct": "s = t.multinomial(t.ones(6), 6); sorted(s.tolist())",
    "multinomial_zero_weight_never_drawn": "s = t.multinomial(t.tensor([0., 1., 0.]), 50, replacement=True); s.unique().tolist() if hasattr(s, 'unique') else sorted(set(s.tolist()))",
    "multinomial_item": "type(t.multinomial(t.tensor([1., 1.]), num_samples=1, replacement=True).item()).__name__",
    "multinomial_method": "t.ones(3).multinomial(2).shape",
    "multinomial_too_many": "t.multinomial(t.ones(3), 4)",
    "multinomial_negative": "t.multinomial(t.tensor([1., -1.]), 1)",
    "multinomial_zero_sum": "t.multinomial(t.zeros(3), 1)",
    "multinomial_3d": "t.multinomial(t.ones(2, 2, 2), 1)",
    # --- dtypes -------------------------------------------------------------------------------
    "int32_zeros_repr": "t.zeros((2, 3), dtype=t.int32)",
    "int32_indexed_add": """
N = t.zeros((3, 3), dtype=t.int32)
N[1, 2] += 1
N[1, 2] += 1
N, N[1, 2].item(), N.dtype
""",
    "int32_plus_int": "N = t.zeros(3, dtype=t.int32); (N + 1).dtype, (N + 1.5).dtype, (N + t.ones(3, dtype=t.int64)).dtype",
    "int32_float_conversion": "(t.arange(4, dtype=t.int32) + 1).float() / 2",
    "int32_sum_is_int64": "t.ones(3, dtype=t.int32).sum().dtype",
    "dtype_names": "t.int32, t.int16, t.int8, t.uint8, t.float16, t.half, t.int, t.short, t.long, t.double, t.float",
    "dtype_conversions": "x = t.tensor([1.5, -2.0]); x.int(), x.short().dtype, x.char().dtype, x.byte().dtype, x.half().dtype, x.long().dtype",
    "float16_repr": "t.tensor([1.5, 2.25], dtype=t.float16)",
    "uint8_from_numpy": "t.from_numpy(np.array([1, 2], dtype=np.uint8))",
    "int32_from_numpy": "t.from_numpy(np.array([1, 2], dtype=np.int32))",
    "type_names": "t.ones(1, dtype=t.int32).type(), t.ones(1, dtype=t.float16).type(), t.ones(1, dtype=t.uint8).type()",
    "int32_requires_grad_refused": "t.zeros(2, dtype=t.int32, requires_grad=True)",
    "dtype_itemsize": "t.int32.itemsize, t.float16.itemsize, t.int32.is_floating_point, t.float16.is_floating_point",
    # --- out= ---------------------------------------------------------------------------------
    "out_matmul": "a = t.ones(4, 4); y = t.zeros(4, 4); r = t.matmul(a, a.T, out=y); r is y, y",
    "out_mul": "a = t.arange(4.); z = t.zeros(4); r = t.mul(a, a, out=z); r is z, z",
    "out_add_resizes_with_warning": "z = t.zeros(2); t.add(t.ones(3), 1, out=z); z",
    "out_requires_grad_refused": "a = t.ones(2, requires_grad=True); t.mul(a, 2, out=t.zeros(2))",
    "out_cast_refused": "t.mul(t.ones(2), 1.5, out=t.zeros(2, dtype=t.int64))",
    "out_no_grad_allowed": "a = t.ones(2, requires_grad=True)\nwith t.no_grad():\n    r = t.mul(a, 2, out=t.zeros(2))\nr",
    "out_cat": "z = t.zeros(4); t.cat([t.ones(2), t.zeros(2)], out=z); z",
    # --- all / any ----------------------------------------------------------------------------
    "all_any_whole": "x = t.tensor([[1., 0.], [2., 3.]]); t.all(x), t.any(x), x.all(), x.any()",
    "all_any_dim": "x = t.tensor([[True, False], [True, True]]); t.all(x, dim=1), t.any(x, 0), x.all(1, keepdim=True), t.all(x, dim=-1)",
    "all_of_comparison_item": "a = t.tensor([1., 2.]); t.all(a == a.clone()).item()",
    "all_dim_out_of_range": "t.all(t.ones(2), dim=1)",
    # --- log10 / log2 -------------------------------------------------------------------------
    "log10_values_grad": """
x = t.tensor([1., 10., 100., 0.5], requires_grad=True)
y = x.log10()
y.sum().backward()
y, x.grad
""",
    "log2_values_grad": """
x = t.tensor([1., 2., 8., 0.25], requires_grad=True)
y = t.log2(x)
y.sum().backward()
y, x.grad
""",
    "log10_int_and_zero": "t.log10(t.tensor([0, 1, 1000])), t.log10(t.tensor([100., 1e5, 0.001]))",
    "log10_double_backward": """
x = t.tensor([2.0, 3.0], dtype=t.float64, requires_grad=True)
g, = t.autograd.grad(x.log10().sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    # --- indexing with a range ----------------------------------------------------------------
    "range_index_pairs": "x = t.arange(12.).reshape(3, 4); x[range(3), t.tensor([0, 1, 2])]",
    "range_index_rows": "x = t.arange(12.).reshape(3, 4); x[range(1, 3)]",
    "range_index_grad": """
x = t.arange(12., requires_grad=True).reshape(3, 4)
y = x[range(3), [1, 2, 3]]
y.sum().backward()
y.grad_fn, x.grad
""" .replace("x = t.arange(12., requires_grad=True).reshape(3, 4)", "x0 = t.arange(12., requires_grad=True); x = x0.reshape(3, 4)").replace("x.grad", "x0.grad"),
    "range_index_setitem": "x = t.zeros(3, 3); x[range(3), range(3)] = -1.0; x",
    "range_index_inplace_sub": "x = t.ones(2, 3); x[range(2), t.tensor([0, 2])] -= 1; x",
    # --- histogram ------------------------------------------------------------------------------
    "histogram_default_bins": "h = t.histogram(t.tensor([0.1, 0.5, 0.5, 0.9, -1.0, 2.0])); h.hist.shape, h.bin_edges.shape, h.hist.sum()",
    "histogram_bins_density": "t.histogram(t.tensor([0.1, 0.5, 0.5, 0.9, -1.0, 2.0]), bins=4), t.histogram(t.tensor([0., 1., 1., 3.]), 3, density=True)",
    "histogram_unpacks": "hy, hx = t.histogram(t.linspace(-1, 1, 9), bins=2); hy, hx",
    "histogram_range": "t.histogram(t.tensor([0.5, 1.5, 9.0]), bins=2, range=(0., 2.))",
    # --- autograd.functional ----------------------------------------------------------------------
    "functional_jacobian_two_inputs": """
def exp_adder(x, y):
    return 2 * x.exp() + 3 * y
inputs = (t.tensor([0.5, 1.0, -0.25]), t.tensor([1.0, 2.0, 3.0]))
t.autograd.functional.jacobian(exp_adder, inputs)
""",
    "functional_jacobian_one_element": "t.autograd.functional.jacobian(lambda x, y: 2 * x.exp() + 3 * y, (t.tensor([0.3]), t.tensor([0.7])))",
    "functional_jacobian_single_input": "t.autograd.functional.jacobian(lambda x: x.sin() * x.sum(), t.tensor([[0.5, 1.0], [2.0, -1.0]]))",
    "functional_jacobian_tuple_output": "t.autograd.functional.jacobian(lambda x: (x * 2, x.sum()), t.tensor([1.0, 2.0]))",
    "functional_jacobian_unused_input": "t.autograd.functional.jacobian(lambda x, y: x * 2, (t.tensor([1.0, 2.0]), t.tensor([3.0])))",
    "functional_jacobian_create_graph": "x = t.tensor([1.0, 2.0], requires_grad=True); j = t.autograd.functional.jacobian(lambda v: v ** 3, x, create_graph=True); j.requires_grad, j",
    "functional_hessian": "t.autograd.functional.hessian(lambda x: (x ** 3).sum() + x[0] * x[1], t.tensor([1.0, 2.0]))",
    "functional_hessian_two_inputs": "t.autograd.functional.hessian(lambda x, y: (x * y ** 2).sum(), (t.tensor([1.0, 2.0]), t.tensor([3.0, 4.0])))",
    "functional_vjp": """
def do_some_doubling(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y
t.autograd.functional.vjp(do_some_doubling, t.tensor([0.5, -1.0, 2.0]), v=t.tensor([0.1, 1.0, 0.0001]))
""",
    "functional_vjp_scalar_no_v": "t.autograd.functional.vjp(lambda x: (x ** 2).sum(), t.tensor([1.0, 2.0]))",
    "functional_vjp_needs_v": "t.autograd.functional.vjp(lambda x: x ** 2, t.tensor([1.0, 2.0]))",
    "functional_jvp": "t.autograd.functional.jvp(lambda x: x ** 2 * x.sum(), t.tensor([1.0, 2.0]), v=t.tensor([1.0, 0.5]))",
    "functional_hvp_vhp": "f = lambda x: (x ** 3).sum() + x[0] * x[1]; x = t.tensor([1.0, 2.0]); v = t.tensor([1.0, -1.0]); t.autograd.functional.hvp(f, x, v), t.autograd.functional.vhp(f, x, v)",
    "functional_not_a_tensor": "t.autograd.functional.jacobian(lambda x: x, [1.0])",
    # --- conv2d / max_pool2d --------------------------------------------------------------------
    "conv2d_values_and_grads": """
x = (t.arange(2 * 2 * 5 * 6, dtype=t.float64).reshape(2, 2, 5, 6) / 37).sin().requires_grad_()
w = (t.arange(3 * 2 * 3 * 2, dtype=t.float64).reshape(3, 2, 3, 2) / 11).cos().requires_grad_()
b = t.tensor([0.5, -1.0, 0.25], dtype=t.float64, requires_grad=True)
y = t.nn.functional.conv2d(x, w, b)
(y * y.detach().cos()).sum().backward()
y.shape, y.grad_fn, y.grad_fn.next_functions, y[0, :, 1], x.grad[1, 0], w.grad[2], b.grad
""",
    "conv2d_stride_padding_dilation": """
x = (t.arange(1 * 2 * 7 * 8, dtype=t.float64).reshape(1, 2, 7, 8) / 13).sin().requires_grad_()
w = (t.arange(4 * 2 * 3 * 3, dtype=t.float64).reshape(4, 2, 3, 3) / 7).cos().requires_grad_()
y = t.nn.functional.conv2d(x, w, None, stride=(2, 1), padding=(1, 2), dilation=(1, 2))
y.sum().backward()
y.shape, y[0, 1], x.grad[0, 1], w.grad[3, 0]
""",
    "conv2d_padding_same_unbatched": """
x = (t.arange(3 * 6 * 6.).reshape(3, 6, 6) / 20).cos().requires_grad_()
w = (t.arange(2 * 3 * 4 * 4.).reshape(2, 3, 4, 4) / 30).sin()
y = t.nn.functional.conv2d(x, w, padding='same')
y.sum().backward()
y.shape, y[1, :2], x.grad[0, :2]
""",
    "conv2d_channels_mismatch": "t.nn.functional.conv2d(t.ones(1, 3, 8, 8), t.ones(6, 1, 5, 5))",
    "conv2d_kernel_too_big": "t.nn.functional.conv2d(t.ones(1, 1, 3, 3), t.ones(1, 1, 5, 5))",
    "conv2d_module": """
_ = t.manual_seed(0)
conv = t.nn.Conv2d(1, 6, 5)
conv2 = t.nn.Conv2d(3, 8, (3, 2), stride=2, padding=1, bias=False)
conv3 = t.nn.Conv2d(2, 2, 3, padding='same', dilation=2)
conv, conv2, conv3, conv.weight.shape, conv.bias.shape, conv2.bias, conv(t.ones(2, 1, 9, 9)).shape, bool((conv.weight.abs() <= 1 / 5).all())
""",
    "max_pool2d_values_and_grad": """
x = t.tensor([[[[1., 5., 2., 0.], [3., 4., 8., 1.], [0., 2., 6., 7.], [9., 1., 3., 2.], [4., 4., 0., 1.]]]], requires_grad=True)
y = t.nn.functional.max_pool2d(x, 2)
y.sum().backward()
y, y.grad_fn, x.grad
""",
    "max_pool2d_stride_padding_indices": """
x = (t.arange(2 * 6 * 7.).reshape(1, 2, 6, 7) * 1.7).sin().requires_grad_()
y, idx = t.nn.functional.max_pool2d(x, (3, 2), stride=(2, 2), padding=1, return_indices=True)
(y * t.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()
y, idx, x.grad
""",
    "max_pool2d_dilation_unbatched": "x = (t.arange(1 * 7 * 7.).reshape(1, 7, 7) * 0.9).cos(); t.nn.functional.max_pool2d(x, 2, stride=1, dilation=2)",
    "max_pool2d_module": "m = t.nn.MaxPool2d(2); m2 = t.nn.MaxPool2d((3, 2), stride=1, padding=1); m, m2, m(t.ones(1, 1, 4, 4)).shape",
    "max_pool2d_double_backward": """
x = t.tensor([[[[1., 5.], [3., 4.]]]], requires_grad=True)
y = t.nn.functional.max_pool2d(x, 2)
g, = t.autograd.grad((y ** 2).sum(), x, create_graph=True)
g.sum().backward()
g, x.grad
""",
    "max_pool2d_pad_too_big": "t.nn.functional.max_pool2d(t.ones(1, 1, 4, 4), 2, padding=2)",
    # --- embedding / batch norm --------------------------------------------------------------------
    "embedding_values_and_grad": """
w = (t.arange(12.).reshape(4, 3) / 5).sin().requires_grad_()
idx = t.tensor([[0, 2, 2], [3, 0, 1]])
y = t.nn.functional.embedding(idx, w)
(y * t.arange(18.).reshape(2, 3, 3)).sum().backward()
y.shape, y.grad_fn, y[1], w.grad
""",
    "embedding_padding_idx": """
w = t.ones(4, 2, requires_grad=True)
y = t.nn.functional.embedding(t.tensor([0, 1, 0, 3]), w, padding_idx=0)
y.sum().backward()
w.grad
""",
    "embedding_module": """
_ = t.manual_seed(0)
e = t.nn.Embedding(27, 10)
p = t.nn.Embedding(5, 3, padding_idx=-1)
e, p, e.weight.shape, e.weight.requires_grad, p.weight[4], e(t.tensor([1, 2])).shape, e(t.tensor(3)).shape
""",
    "embedding_float_indices": "t.nn.functional.embedding(t.tensor([0.0]), t.ones(2, 2))",
    "embedding_out_of_range": "t.nn.functional.embedding(t.tensor([5]), t.ones(2, 2))",
    "batch_norm1d_training": """
bn = t.nn.BatchNorm1d(3)
x = (t.arange(15.).reshape(5, 3) * 0.7).sin().requires_grad_()
y = bn(x)
(y * t.arange(15.).reshape(5, 3)).sum().backward()
bn, y, y.grad_fn, x.grad, bn.weight.grad, bn.bias.grad, bn.running_mean, bn.running_var, bn.num_batches_tracked
""",
    "batch_norm1d_3d_and_eval": """
bn = t.nn.BatchNorm1d(2, momentum=0.5, eps=1e-3)
x = (t.arange(24.).reshape(3, 2, 4) * 1.3).cos().requires_grad_()
_ = bn(x)
bn.eval()
y = bn(x)
y.sum().backward()
y, x.grad, bn.running_mean, bn.running_var
""",
    "batch_norm1d_cumulative_momentum": """
bn = t.nn.BatchNorm1d(2, momentum=None)
for k in range(3):
    _ = bn((t.arange(8.).reshape(4, 2) * (k + 1)).sin())
bn.running_mean, bn.running_var, bn.num_batches_tracked
""",
    "batch_norm1d_state_dict": "list(t.nn.BatchNorm1d(4).state_dict()), t.nn.BatchNorm1d(4, affine=False).weight",
    "batch_norm1d_one_sample": "t.nn.BatchNorm1d(3)(t.ones(1, 3))",
    "batch_norm_functional_double_backward": """
x = (t.arange(8., dtype=t.float64).reshape(4, 2) * 0.9).sin().requires_grad_()
w = t.tensor([1.5, -0.5], dtype=t.float64, requires_grad=True)
y = t.nn.functional.batch_norm(x, None, None, w, None, training=True)
g, = t.autograd.grad((y ** 3 * t.arange(8., dtype=t.float64).reshape(4, 2)).sum(), x, create_graph=True)
(g * g).sum().backward()
g.detach(), x.grad, w.grad
""",
    # --- movedim as a method, cross_entropy as makemore.py calls it ----------------------------
    "movedim_method": "x = t.arange(24.).reshape(2, 3, 4); x.movedim(1, 0).shape, x.movedim(0, -1).shape, x.moveaxis(2, 0)[1]",
    "movedim_grad": "x = t.arange(6., requires_grad=True); y = x.reshape(2, 3).movedim(1, 0); (y * t.arange(6.).reshape(3, 2)).sum().backward(); y.grad_fn, x.grad",
    "cross_entropy_ignore_index_flattened": """
logits = (t.arange(2 * 4 * 5.).reshape(2, 4, 5) * 0.37).sin().requires_grad_()
targets = t.tensor([[1, 4, -1, -1], [0, 2, 3, -1]])
loss = t.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
loss.backward()
loss, loss.grad_fn, logits.grad[0, 2], logits.grad[1, 1]
""",
    # --- formatting of 0-d tensors ------------------------------------------------------------
    "format_0d_plain": "x = t.tensor(2.5); f'{x}', f'{x:.3f}', f'{t.tensor([1.5])}', '%.2f' % x",
    "format_0d_parameter": "p = t.nn.Parameter(t.tensor(1.0)); f'{p}'",
    # --- what nanoGPT's train.py sets and calls: backends flags, GradScaler -----------------------
    "backends_flags": """
b = t.backends
before = (b.cuda.matmul.allow_tf32, b.cuda.matmul.allow_fp16_reduced_precision_reduction, b.cudnn.allow_tf32,
          b.cudnn.enabled, b.cudnn.benchmark, b.cudnn.deterministic, b.cudnn.is_available())
b.cuda.matmul.allow_tf32 = True
b.cudnn.benchmark = True
after = (b.cuda.matmul.allow_tf32, b.cudnn.benchmark)
b.cuda.matmul.allow_tf32 = False
b.cudnn.benchmark = False
before, after
""",
    "backends_unknown_matmul_flag": "t.backends.cuda.matmul.allow_tf33 = True",
    "grad_scaler_disabled_passes_through": """
scaler = t.cuda.amp.GradScaler(enabled=False)
x = t.ones(2, requires_grad=True)
loss = (x * 3).sum()
opt = t.optim.SGD([x], lr=0.1)
scaled = scaler.scale(loss)
scaled.backward()
(type(scaler).__name__, scaler.is_enabled(), scaled is loss, scaler.unscale_(opt), scaler.step(opt), scaler.update(),
 x, scaler.get_scale(), scaler.state_dict())
""",
    "grad_scaler_cuda_disables_itself": "t.cuda.amp.GradScaler().is_enabled(), t.amp.GradScaler('cuda').is_enabled()",
    "grad_scaler_cpu_scales_and_skips_inf_steps": """
x = t.tensor([1., 2.], requires_grad=True)
opt = t.optim.SGD([x], lr=0.1)
scaler = t.amp.GradScaler('cpu', init_scale=1024., growth_interval=2)
out = [scaler.is_enabled(), scaler.get_scale()]
for it in range(4):
    loss = (x ** 2).sum() * (float('inf') if it == 2 else 1.)
    scaled = scaler.scale(loss)
    scaled.backward()
    grad = x.grad.clone()
    scaler.unscale_(opt)
    errors = []
    for f in (lambda: scaler.unscale_(opt), lambda: (scaler.step(opt), scaler.step(opt)), lambda: scaler.unscale_(opt)):
        try:
            f()
        except RuntimeError as e:
            errors.append(str(e))
    scaler.update()
    out.append((scaled, grad, x.grad.clone(), x.detach().clone(), errors, scaler.state_dict()))
    opt.zero_grad()
out
""",
    "grad_scaler_cpu_checks": """
x = t.tensor([1., 2.], requires_grad=True)
opt = t.optim.SGD([x], lr=0.1)
scaler = t.amp.GradScaler('cpu')
out = [scaler.scale([x.sum(), (x.sum(), x.sum() * 2)])]
for f in (lambda: scaler.scale(3.0), lambda: scaler.step(opt, closure=lambda: 0),
          lambda: t.amp.GradScaler('cpu').unscale_(opt), lambda: t.amp.GradScaler('cpu').update(),
          lambda: scaler.update(), lambda: scaler.load_state_dict({})):
    try:
        f()
    except Exception as e:
        out.append((type(e).__name__, str(e)))
scaler.update(8.0)
fresh = t.amp.GradScaler('cpu')
fresh.load_state_dict(scaler.state_dict())
out + [scaler.get_scale(), fresh.state_dict()]
""",
    "save_load_keeps_0d_tensors": """
import io
buffer = io.BytesIO()
t.save({'best_val_loss': t.tensor([3.5, 3.25]).mean(), 'step': t.tensor(7), 'row': t.ones(1, 2).t()[0]}, buffer)
buffer.seek(0)
loaded = t.load(buffer)
loaded, loaded['best_val_loss'].shape, f"{loaded['best_val_loss']:.4f}"
""",
}

# linspace rounds as torch's kernel does (each value one fused multiply-add from the nearer end):
# compared exactly, bit for bit, over sizes and spans where numpy's formula differed in the last bit
CASES["linspace_values_bit_for_bit"] = """
out = []
for start, end in ((0, 1), (-1, 1), (0, 3.3), (-2.5, 7.1), (1e-3, 5.0), (5, -2.5), (-3, 3)):
    for steps in (2, 3, 10, 33, 50, 100, 101, 257):
        for dtype in (t.float32, t.float64):
            out.append(t.linspace(start, end, steps, dtype=dtype).numpy().tobytes().hex())
out
"""

# torch.profiler (the profiler recipe): schedules, their actions and checks, the steps a schedule
# records as ProfilerStep#<n> ranges, record_function ranges (times are not compared: who ran, how
# often, and how the times nest), and the GPU backends that are not there (torch.xpu)
_PROFILER = 'P = __import__(t.__name__ + ".profiler", fromlist=["profile"])\n'
CASES["profiler_schedule_actions"] = _PROFILER + """
s = P.schedule(skip_first=2, wait=1, warmup=1, active=2, repeat=2)
plain = P.schedule(wait=2, warmup=1, active=3)
no_first_wait = P.schedule(wait=2, warmup=1, active=1, skip_first=1, skip_first_wait=1)
[s(i) for i in range(14)], [plain(i).name for i in range(13)], [no_first_wait(i).value for i in range(10)]
"""
CASES["profiler_schedule_without_warmup_warns"] = _PROFILER + """
s = P.schedule(wait=1, warmup=0, active=1)
s(0), s(1), s(2)
"""
CASES["profiler_schedule_bad_arguments"] = _PROFILER + """
out = []
for kwargs in ({'wait': -1, 'warmup': 0, 'active': 1}, {'wait': 0, 'warmup': 1, 'active': 0},
               {'wait': 0, 'warmup': 1, 'active': 1, 'repeat': -2},
               {'wait': 0, 'warmup': 1, 'active': 1, 'skip_first': -1}):
    try:
        P.schedule(**kwargs)
    except AssertionError as e:
        out.append(str(e))
try:
    P.schedule(wait=0, warmup=1, active=1)(-1)
except AssertionError as e:
    out.append(str(e))
out
"""
CASES["profiler_activities_and_actions"] = _PROFILER + """
A = P.ProfilerActivity
([repr(a) for a in A.__members__.values()], str(A.CPU), int(A.CUDA), A.CPU == A.CPU, A.CPU == A.CUDA,
 [repr(a) for a in P.ProfilerAction], str(P.ProfilerAction.RECORD_AND_SAVE))
"""
CASES["profiler_schedule_steps_and_trace_ready"] = _PROFILER + """
calls = []
def ready(p):
    keys = [e.key for e in p.events()]
    calls.append((p.step_num, keys.count('ProfilerStep*'), keys.count('outer'), p.current_action.name))
with P.profile(activities=[P.ProfilerActivity.CPU], schedule=P.schedule(wait=1, warmup=1, active=2),
               on_trace_ready=ready) as prof:
    for i in range(8):
        with P.record_function('outer'):
            _ = t.ones(1) + i
        prof.step()
with P.profile(schedule=P.schedule(wait=0, warmup=1, active=3, repeat=1), on_trace_ready=ready) as p2:
    for i in range(3):
        _ = t.ones(1) + i
        p2.step()
rows = {row.key: row.count for row in p2.key_averages()}
with P.profile(schedule=P.schedule(wait=0, warmup=1, active=1), on_trace_ready=ready) as p3:
    for i in range(3):  # the last step warms up again: nothing kept
        _ = t.ones(1) + i
        p3.step()
calls, prof.step_num, p2.step_num, rows['ProfilerStep*'], len(p3.events())
"""
CASES["profiler_record_function_ranges"] = _PROFILER + """
@P.record_function('decorated')
def f(x):
    return x * 2
_ = f(t.ones(2))  # outside a profiler: nothing recorded, the function runs
with P.profile(record_shapes=True) as prof:
    with P.record_function('outer', 'some args'):
        with P.record_function('inner'):
            y = f(t.ones(2, 3))
rows = {row.key: row for row in prof.key_averages()}
outer, inner, decorated = rows['outer'], rows['inner'], rows['decorated']
by_shape = {row.key: row.input_shapes for row in prof.key_averages(group_by_input_shape=True)}
(y, [(k, rows[k].count) for k in ('outer', 'inner', 'decorated')],
 outer.cpu_time_total >= inner.cpu_time_total >= decorated.cpu_time_total > 0,
 0 <= outer.self_cpu_time_total <= outer.cpu_time_total, by_shape['outer'],
 prof.key_averages().table(sort_by='cpu_time_total').splitlines()[1].split(),
 prof.key_averages(group_by_input_shape=True).table().splitlines()[1].split()[-2:],
 P.record_function('a', 'b').args, P.record_function is t.autograd.profiler.record_function)
"""
CASES["xpu_is_absent"] = "t.xpu.is_available(), t.xpu.device_count(), t.xpu.manual_seed_all(1)"

# pytorch/examples' word language model saves its whole model and loads it back with
# weights_only under safe_globals naming torch.nn.modules' classes; it flattens an LSTM's
# parameters and imports torch.onnx (an export only on request)
CASES["load_whole_module_under_safe_globals"] = """
import io, pickle
model = t.nn.Sequential(t.nn.Linear(2, 3), t.nn.ReLU())
buffer = io.BytesIO()
t.save(model, buffer)
out = []
for allowed in ([t.nn.Sequential], [t.nn.modules.container.Sequential, t.nn.modules.linear.Linear,
                                    t.nn.modules.activation.ReLU]):
    buffer.seek(0)
    try:
        with t.serialization.safe_globals(allowed):
            loaded = t.load(buffer)
        out.append((type(loaded).__name__, t.equal(loaded(t.ones(1, 2)), model(t.ones(1, 2)))))
    except pickle.UnpicklingError as e:
        out.append(str(e).split("GLOBAL")[0])
buffer.seek(0)
try:
    t.load(buffer)  # the block has ended: refused again
except pickle.UnpicklingError as e:
    out.append(type(e).__name__)
t.serialization.add_safe_globals([t.nn.Sequential, t.nn.Linear, t.nn.ReLU])
buffer.seek(0)
out.append(type(t.load(buffer)).__name__)
out.append(t.nn.Linear in t.serialization.get_safe_globals())
t.serialization.clear_safe_globals()
out.append(t.serialization.get_safe_globals())
out
"""
CASES["nn_modules_paths"] = """
M = t.nn.modules
(M.linear.Linear is t.nn.Linear, M.rnn.LSTM is t.nn.LSTM, M.rnn.GRU is t.nn.GRU, M.rnn.RNN is t.nn.RNN,
 M.sparse.Embedding is t.nn.Embedding, M.dropout.Dropout is t.nn.Dropout,
 M.container.ModuleList is t.nn.ModuleList, M.normalization.LayerNorm is t.nn.LayerNorm,
 M.activation.MultiheadAttention is t.nn.MultiheadAttention, M.module.Module is t.nn.Module,
 M.transformer.TransformerEncoder is t.nn.TransformerEncoder,
 M.transformer.TransformerEncoderLayer is t.nn.TransformerEncoderLayer,
 issubclass(M.linear.NonDynamicallyQuantizableLinear, t.nn.Linear),
 type(t.nn.MultiheadAttention(4, 2).out_proj) is M.linear.NonDynamicallyQuantizableLinear,
 issubclass(t.nn.LSTM, M.rnn.RNNBase), issubclass(t.nn.GRUCell, M.rnn.RNNCellBase))
"""
CASES["rnn_flatten_parameters_and_onnx"] = """
m = t.nn.LSTM(2, 3, 2)
m.flatten_parameters(), [tuple(p.shape) for p in m.parameters()], t.onnx.is_in_onnx_export()
"""
# a numpy array saved whole (pytorch/examples' time_sequence_prediction saves its sine waves so):
# refused by a weights-only load, naming numpy's global; loaded once numpy's are allowed
CASES["load_numpy_array_weights_only"] = """
import io, pickle
import numpy as np
buffer = io.BytesIO()
t.save(np.sin(np.arange(6.).reshape(2, 3)), buffer)
buffer.seek(0)
try:
    t.load(buffer)
except pickle.UnpicklingError as e:
    error = str(e)
buffer.seek(0)
with t.serialization.safe_globals([np.core.multiarray._reconstruct, np.ndarray, np.dtype,
                                   type(np.dtype('float64'))]):
    loaded = t.load(buffer)
buffer.seek(0)
error, type(loaded).__name__, loaded.dtype.name, loaded.shape, t.load(buffer, weights_only=False).sum()
"""
