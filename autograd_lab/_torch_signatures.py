"""torch 2.13's Python signatures of the functions and Tensor methods autograd_lab has, in the
notation torch's argument parser reads (``Scalar``, ``ScalarType?``, ``IntArrayRef[1]``; ``|deprecated``
marks an overload torch still accepts but never lists). ``_arguments`` turns them into torch's
TypeError messages for arguments of the wrong type; nothing else reads them."""

from __future__ import annotations

PYTHON_LEVEL = frozenset({"split"})
"""Functions torch writes in Python, over the parser-checked ones listed here (``torch.split`` calls
``split`` or ``split_with_sizes``): their own call errors are Python's, so only their inner calls
are worded from these signatures."""

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "abs": ("abs(Tensor input, *, Tensor out=None)",),
    "absolute": ("absolute(Tensor input, *, Tensor out=None)",),
    "acos": ("acos(Tensor input, *, Tensor out=None)",),
    "acosh": ("acosh(Tensor input, *, Tensor out=None)",),
    "add": (
        "add(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)",
        "add(Tensor input, Scalar alpha, Tensor other, *, Tensor out=None)|deprecated",
    ),
    "addcdiv": (
        "addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, *, Scalar value=1, Tensor out=None)",
        "addcdiv(Tensor input, Scalar value, Tensor tensor1, Tensor tensor2, *, "
        "Tensor out=None)|deprecated",
    ),
    "addcmul": (
        "addcmul(Tensor input, Tensor tensor1, Tensor tensor2, *, Scalar value=1, Tensor out=None)",
        "addcmul(Tensor input, Scalar value, Tensor tensor1, Tensor tensor2, *, "
        "Tensor out=None)|deprecated",
    ),
    "addmm": (
        "addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1, "
        "Tensor out=None)",
        "addmm(Tensor input, Tensor mat1, Tensor mat2, ScalarType out_dtype, *, Scalar beta=1, "
        "Scalar alpha=1, Tensor out=None)",
    ),
    "adjoint": ("adjoint(Tensor input)",),
    "all": (
        "all(Tensor input, *, Tensor out=None)",
        "all(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)",
        "all(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)",
    ),
    "allclose": (
        "allclose(Tensor input, Tensor other, double rtol=1e-05, double atol=1e-08, "
        "bool equal_nan=False)",
    ),
    "amax": (
        "amax(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)",
    ),
    "amin": (
        "amin(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)",
    ),
    "aminmax": (
        "aminmax(Tensor input, *, int64_t? dim=None, bool keepdim=False, TensorList[2] out=None)",
    ),
    "any": (
        "any(Tensor input, *, Tensor out=None)",
        "any(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)",
        "any(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)",
    ),
    "arange": (
        "arange(Scalar end, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "arange(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "arange(Scalar start, Scalar end, Scalar step=1, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "arccos": ("arccos(Tensor input, *, Tensor out=None)",),
    "arccosh": ("arccosh(Tensor input, *, Tensor out=None)",),
    "arcsin": ("arcsin(Tensor input, *, Tensor out=None)",),
    "arcsinh": ("arcsinh(Tensor input, *, Tensor out=None)",),
    "arctan": ("arctan(Tensor input, *, Tensor out=None)",),
    "arctan2": ("arctan2(Tensor input, Tensor other, *, Tensor out=None)",),
    "arctanh": ("arctanh(Tensor input, *, Tensor out=None)",),
    "argmax": ("argmax(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)",),
    "argmin": ("argmin(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)",),
    "as_tensor": ("as_tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None)",),
    "asin": ("asin(Tensor input, *, Tensor out=None)",),
    "asinh": ("asinh(Tensor input, *, Tensor out=None)",),
    "atan": ("atan(Tensor input, *, Tensor out=None)",),
    "atan2": ("atan2(Tensor input, Tensor other, *, Tensor out=None)",),
    "atanh": ("atanh(Tensor input, *, Tensor out=None)",),
    "bilinear": ("bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)",),
    "bincount": ("bincount(Tensor input, Tensor? weights=None, SymInt minlength=0)",),
    "bitwise_and": (
        "bitwise_and(Tensor input, Tensor other, *, Tensor out=None)",
        "bitwise_and(Scalar self, Tensor other)",
        "bitwise_and(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "bitwise_not": ("bitwise_not(Tensor input, *, Tensor out=None)",),
    "bitwise_or": (
        "bitwise_or(Tensor input, Tensor other, *, Tensor out=None)",
        "bitwise_or(Scalar self, Tensor other)",
        "bitwise_or(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "bitwise_left_shift": (
        "bitwise_left_shift(Tensor input, Tensor other, *, Tensor out=None)",
        "bitwise_left_shift(Scalar self, Tensor other)",
        "bitwise_left_shift(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "bitwise_right_shift": (
        "bitwise_right_shift(Tensor input, Tensor other, *, Tensor out=None)",
        "bitwise_right_shift(Scalar self, Tensor other)",
        "bitwise_right_shift(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "bitwise_xor": (
        "bitwise_xor(Tensor input, Tensor other, *, Tensor out=None)",
        "bitwise_xor(Scalar self, Tensor other)",
        "bitwise_xor(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "bmm": (
        "bmm(Tensor input, Tensor mat2, *, Tensor out=None)",
        "bmm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)",
    ),
    "can_cast": ("can_cast(ScalarType from_, ScalarType to)",),
    "cat": ("cat(TensorList tensors, int64_t dim=0, *, Tensor out=None)",),
    "ceil": ("ceil(Tensor input, *, Tensor out=None)",),
    "chunk": ("chunk(Tensor input, int64_t chunks, int64_t dim=0)",),
    "clamp": (
        "clamp(Tensor input, Tensor? min=None, Tensor? max=None, *, Tensor out=None)",
        "clamp(Tensor input, Scalar? min=None, Scalar? max=None, *, Tensor out=None)",
    ),
    "clamp_": (
        "clamp_(Tensor input, Tensor? min=None, Tensor? max=None)",
        "clamp_(Tensor input, Scalar? min=None, Scalar? max=None)",
    ),
    "clamp_max": (
        "clamp_max(Tensor input, Tensor max, *, Tensor out=None)",
        "clamp_max(Tensor input, Scalar max, *, Tensor out=None)",
    ),
    "clamp_min": (
        "clamp_min(Tensor input, Tensor min, *, Tensor out=None)",
        "clamp_min(Tensor input, Scalar min, *, Tensor out=None)",
    ),
    "clip": (
        "clip(Tensor input, Tensor? min=None, Tensor? max=None, *, Tensor out=None)",
        "clip(Tensor input, Scalar? min=None, Scalar? max=None, *, Tensor out=None)",
    ),
    "clone": ("clone(Tensor input, *, MemoryFormat? memory_format=None)",),
    "combinations": ("combinations(Tensor input, int64_t r=2, bool with_replacement=False)",),
    "concat": ("concat(TensorList tensors, int64_t dim=0, *, Tensor out=None)",),
    "concatenate": ("concatenate(TensorList tensors, int64_t dim=0, *, Tensor out=None)",),
    "conj": ("conj(Tensor input)",),
    "conj_physical": ("conj_physical(Tensor input, *, Tensor out=None)",),
    "copysign": (
        "copysign(Tensor input, Tensor other, *, Tensor out=None)",
        "copysign(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "corrcoef": ("corrcoef(Tensor input)",),
    "cos": ("cos(Tensor input, *, Tensor out=None)",),
    "cosh": ("cosh(Tensor input, *, Tensor out=None)",),
    "count_nonzero": (
        "count_nonzero(Tensor input, int64_t? dim=None)",
        "count_nonzero(Tensor input, IntArrayRef dim)",
    ),
    "cov": (
        "cov(Tensor input, *, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)",
    ),
    "cummax": ("cummax(Tensor input, int64_t dim, *, TensorList[2] out=None)",),
    "cummin": ("cummin(Tensor input, int64_t dim, *, TensorList[2] out=None)",),
    "cumsum": ("cumsum(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)",),
    "cumulative_trapezoid": (
        "cumulative_trapezoid(Tensor y, Tensor x, *, int64_t dim=-1)",
        "cumulative_trapezoid(Tensor y, *, Scalar dx=1, int64_t dim=-1)",
    ),
    "deg2rad": ("deg2rad(Tensor input, *, Tensor out=None)",),
    "detach": ("detach(Tensor input)",),
    "detach_": ("detach_(Tensor input)",),
    "diagflat": ("diagflat(Tensor input, int64_t offset=0)",),
    "dist": ("dist(Tensor input, Tensor other, Scalar p=2)",),
    "div": (
        "div(Tensor input, Tensor other, *, Tensor out=None)",
        "div(Tensor input, Tensor other, *, c10::string_view? rounding_mode, Tensor out=None)",
        "div(Tensor input, Scalar other, *, c10::string_view? rounding_mode)",
    ),
    "divide": (
        "divide(Tensor input, Tensor other, *, Tensor out=None)",
        "divide(Tensor input, Tensor other, *, c10::string_view? rounding_mode, Tensor out=None)",
        "divide(Tensor input, Scalar other)",
        "divide(Tensor input, Scalar other, *, c10::string_view? rounding_mode)",
    ),
    "dot": ("dot(Tensor input, Tensor tensor, *, Tensor out=None)",),
    "dsplit": (
        "dsplit(Tensor input, int64_t sections)",
        "dsplit(Tensor input, IntArrayRef indices)",
    ),
    "empty": (
        "empty(SymIntArrayRef size, *, MemoryFormat? memory_format=None, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "empty_like": (
        "empty_like(Tensor input, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "eq": (
        "eq(Tensor input, Tensor other, *, Tensor out=None)",
        "eq(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "equal": ("equal(Tensor input, Tensor other)",),
    "erfc": ("erfc(Tensor input, *, Tensor out=None)",),
    "exp": ("exp(Tensor input, *, Tensor out=None)",),
    "exp_": ("exp_(Tensor input)",),
    "expm1": ("expm1(Tensor input, *, Tensor out=None)",),
    "eye": (
        "eye(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "eye(SymInt n, SymInt m, *, Tensor out=None, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "fill": ("fill(Tensor input, Tensor value)", "fill(Tensor input, Scalar value)"),
    "fill_": ("fill_(Tensor input, Tensor value)", "fill_(Tensor input, Scalar value)"),
    "flatten": ("flatten(Tensor input, int64_t start_dim=0, int64_t end_dim=-1)",),
    "flip": ("flip(Tensor input, IntArrayRef dims)",),
    "fliplr": ("fliplr(Tensor input)",),
    "flipud": ("flipud(Tensor input)",),
    "float_power": (
        "float_power(Tensor input, Tensor exponent, *, Tensor out=None)",
        "float_power(Scalar self, Tensor exponent, *, Tensor out=None)",
        "float_power(Tensor input, Scalar exponent, *, Tensor out=None)",
    ),
    "floor": ("floor(Tensor input, *, Tensor out=None)",),
    "fmod": (
        "fmod(Tensor input, Tensor other, *, Tensor out=None)",
        "fmod(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "floor_divide": (
        "floor_divide(Tensor input, Tensor other, *, Tensor out=None)",
        "floor_divide(Tensor input, Scalar other)",
    ),
    "fmax": ("fmax(Tensor input, Tensor other, *, Tensor out=None)",),
    "fmin": ("fmin(Tensor input, Tensor other, *, Tensor out=None)",),
    "frexp": ("frexp(Tensor input, *, TensorList[2] out=None)",),
    "full": (
        "full(SymIntArrayRef size, Scalar fill_value, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "full_like": (
        "full_like(Tensor input, Scalar fill_value, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "gather": (
        "gather(Tensor input, int64_t dim, Tensor index, *, bool sparse_grad=False, "
        "Tensor out=None)",
    ),
    "ger": ("ger(Tensor input, Tensor vec2, *, Tensor out=None)",),
    "gcd": ("gcd(Tensor input, Tensor other, *, Tensor out=None)",),
    "ge": (
        "ge(Tensor input, Tensor other, *, Tensor out=None)",
        "ge(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "greater": (
        "greater(Tensor input, Tensor other, *, Tensor out=None)",
        "greater(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "greater_equal": (
        "greater_equal(Tensor input, Tensor other, *, Tensor out=None)",
        "greater_equal(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "gt": (
        "gt(Tensor input, Tensor other, *, Tensor out=None)",
        "gt(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "heaviside": ("heaviside(Tensor input, Tensor values, *, Tensor out=None)",),
    "histc": (
        "histc(Tensor input, int64_t bins=100, Scalar min=0, Scalar max=0, *, Tensor out=None)",
    ),
    "hsplit": (
        "hsplit(Tensor input, int64_t sections)",
        "hsplit(Tensor input, IntArrayRef indices)",
    ),
    "hypot": ("hypot(Tensor input, Tensor other, *, Tensor out=None)",),
    "imag": ("imag(Tensor input)",),
    "index_put": (
        "index_put(Tensor input, c10::List<::std::optional<Tensor>> indices, Tensor values, "
        "bool accumulate=False)",
    ),
    "index_select": ("index_select(Tensor input, int64_t dim, Tensor index, *, Tensor out=None)",),
    "is_complex": ("is_complex(Tensor input)",),
    "is_conj": ("is_conj(Tensor input)",),
    "is_floating_point": ("is_floating_point(Tensor input)",),
    "is_neg": ("is_neg(Tensor input)",),
    "is_nonzero": ("is_nonzero(Tensor input)",),
    "isfinite": ("isfinite(Tensor input)",),
    "isin": (
        "isin(Tensor elements, Tensor test_elements, *, bool assume_unique=False, "
        "bool invert=False, Tensor out=None)",
        "isin(Scalar element, Tensor test_elements, *, bool assume_unique=False, "
        "bool invert=False, Tensor out=None)",
        "isin(Tensor elements, Scalar test_element, *, bool assume_unique=False, "
        "bool invert=False, Tensor out=None)",
    ),
    "isinf": ("isinf(Tensor input)",),
    "isnan": ("isnan(Tensor input)",),
    "isneginf": ("isneginf(Tensor input, *, Tensor out=None)",),
    "isposinf": ("isposinf(Tensor input, *, Tensor out=None)",),
    "isreal": ("isreal(Tensor input)",),
    "kthvalue": (
        "kthvalue(Tensor input, int64_t k, int64_t dim=-1, bool keepdim=False, *, "
        "TensorList[2] out=None)",
    ),
    "lcm": ("lcm(Tensor input, Tensor other, *, Tensor out=None)",),
    "ldexp": ("ldexp(Tensor input, Tensor other, *, Tensor out=None)",),
    "le": (
        "le(Tensor input, Tensor other, *, Tensor out=None)",
        "le(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "less": (
        "less(Tensor input, Tensor other, *, Tensor out=None)",
        "less(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "less_equal": (
        "less_equal(Tensor input, Tensor other, *, Tensor out=None)",
        "less_equal(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "linspace": (
        "linspace(Tensor start, Tensor end, int64_t steps, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "linspace(Scalar start, Tensor end, int64_t steps, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "linspace(Tensor start, Scalar end, int64_t steps, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "linspace(Scalar start, Scalar end, int64_t steps, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "log": ("log(Tensor input, *, Tensor out=None)",),
    "log1p": ("log1p(Tensor input, *, Tensor out=None)",),
    "log_softmax": (
        "log_softmax(Tensor input, int64_t dim, ScalarType? dtype=None, *, Tensor out=None)",
    ),
    "logaddexp": ("logaddexp(Tensor input, Tensor other, *, Tensor out=None)",),
    "logaddexp2": ("logaddexp2(Tensor input, Tensor other, *, Tensor out=None)",),
    "logcumsumexp": ("logcumsumexp(Tensor input, int64_t dim, *, Tensor out=None)",),
    "logical_and": ("logical_and(Tensor input, Tensor other, *, Tensor out=None)",),
    "logical_not": ("logical_not(Tensor input, *, Tensor out=None)",),
    "logical_or": ("logical_or(Tensor input, Tensor other, *, Tensor out=None)",),
    "logical_xor": ("logical_xor(Tensor input, Tensor other, *, Tensor out=None)",),
    "logit": ("logit(Tensor input, double? eps=None, *, Tensor out=None)",),
    "logsumexp": (
        "logsumexp(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)",
    ),
    "lt": (
        "lt(Tensor input, Tensor other, *, Tensor out=None)",
        "lt(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "masked_fill": (
        "masked_fill(Tensor input, Tensor mask, Tensor value)",
        "masked_fill(Tensor input, Tensor mask, Scalar value)",
    ),
    "matmul": ("matmul(Tensor input, Tensor other, *, Tensor out=None)",),
    "max": (
        "max(Tensor input, *, Tensor out=None)",
        "max(Tensor input, Tensor other, *, Tensor out=None)",
        "max(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)",
    ),
    "maximum": ("maximum(Tensor input, Tensor other, *, Tensor out=None)",),
    "mean": (
        "mean(Tensor input, *, ScalarType? dtype=None, Tensor out=None)",
        "mean(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, "
        "ScalarType? dtype=None, Tensor out=None)",
    ),
    "min": (
        "min(Tensor input, *, Tensor out=None)",
        "min(Tensor input, Tensor other, *, Tensor out=None)",
        "min(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)",
    ),
    "minimum": ("minimum(Tensor input, Tensor other, *, Tensor out=None)",),
    "mm": (
        "mm(Tensor input, Tensor mat2, *, Tensor out=None)",
        "mm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)",
    ),
    "moveaxis": (
        "moveaxis(Tensor input, int64_t source, int64_t destination)",
        "moveaxis(Tensor input, IntArrayRef source, IntArrayRef destination)",
    ),
    "movedim": (
        "movedim(Tensor input, int64_t source, int64_t destination)",
        "movedim(Tensor input, IntArrayRef source, IntArrayRef destination)",
    ),
    "msort": ("msort(Tensor input, *, Tensor out=None)",),
    "mul": ("mul(Tensor input, Tensor other, *, Tensor out=None)",),
    "multiply": (
        "multiply(Tensor input, Tensor other, *, Tensor out=None)",
        "multiply(Tensor input, Scalar other)",
    ),
    "mv": ("mv(Tensor input, Tensor vec, *, Tensor out=None)",),
    "nanmean": (
        "nanmean(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, "
        "ScalarType? dtype=None, Tensor out=None)",
    ),
    "nanmedian": (
        "nanmedian(Tensor input)",
        "nanmedian(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)",
    ),
    "nanquantile": (
        "nanquantile(Tensor input, Tensor q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\", Tensor out=None)",
        "nanquantile(Tensor input, double q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\", Tensor out=None)",
    ),
    "nansum": (
        "nansum(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, "
        "ScalarType? dtype=None, Tensor out=None)",
    ),
    "ne": (
        "ne(Tensor input, Tensor other, *, Tensor out=None)",
        "ne(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "neg": ("neg(Tensor input, *, Tensor out=None)",),
    "neg_": ("neg_(Tensor input)",),
    "negative": ("negative(Tensor input, *, Tensor out=None)",),
    "not_equal": (
        "not_equal(Tensor input, Tensor other, *, Tensor out=None)",
        "not_equal(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "numel": ("numel(Tensor input)",),
    "ones": (
        "ones(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "ones_like": (
        "ones_like(Tensor input, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "outer": ("outer(Tensor input, Tensor vec2, *, Tensor out=None)",),
    "pairwise_distance": (
        "pairwise_distance(Tensor x1, Tensor x2, double p=2, double eps=1e-06, bool keepdim=False)",
    ),
    "permute": ("permute(Tensor input, IntArrayRef dims)",),
    "positive": ("positive(Tensor input)",),
    "pow": (
        "pow(Tensor input, Tensor exponent, *, Tensor out=None)",
        "pow(Scalar self, Tensor exponent, *, Tensor out=None)",
        "pow(Tensor input, Scalar exponent, *, Tensor out=None)",
    ),
    "prod": (
        "prod(Tensor input, *, ScalarType? dtype=None)",
        "prod(Tensor input, int64_t dim, bool keepdim=False, *, ScalarType? dtype=None, "
        "Tensor out=None)",
    ),
    "promote_types": ("promote_types(ScalarType type1, ScalarType type2)",),
    "quantile": (
        "quantile(Tensor input, Tensor q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\", Tensor out=None)",
        "quantile(Tensor input, double q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\", Tensor out=None)",
    ),
    "rad2deg": ("rad2deg(Tensor input, *, Tensor out=None)",),
    "rand": (
        "rand(SymIntArrayRef size, *, Generator? generator, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "rand(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "rand_like": (
        "rand_like(Tensor input, *, Generator? generator, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "rand_like(Tensor input, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "randint": (
        "randint(SymInt high, SymIntArrayRef size, *, Generator? generator, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randint(SymInt high, SymIntArrayRef size, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randint(SymInt low, SymInt high, SymIntArrayRef size, *, Generator? generator, "
        "Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randint(SymInt low, SymInt high, SymIntArrayRef size, *, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "randint_like": (
        "randint_like(Tensor input, SymInt low, SymInt high, *, Generator? generator, "
        "MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "randint_like(Tensor input, SymInt low, SymInt high, *, "
        "MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "randint_like(Tensor input, Tensor high, *, Generator? generator, "
        "MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "randint_like(Tensor input, Tensor high, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randint_like(Tensor input, SymInt high, *, Generator? generator, "
        "MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
        "randint_like(Tensor input, SymInt high, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "randn": (
        "randn(SymIntArrayRef size, *, Generator? generator, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randn(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "randn_like": (
        "randn_like(Tensor input, *, Generator? generator, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randn_like(Tensor input, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "randperm": (
        "randperm(SymInt n, *, Generator? generator, Tensor out=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
        "randperm(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)",
    ),
    "real": ("real(Tensor input)",),
    "reciprocal": ("reciprocal(Tensor input, *, Tensor out=None)",),
    "relu": ("relu(Tensor input)",),
    "remainder": (
        "remainder(Tensor input, Tensor other, *, Tensor out=None)",
        "remainder(Scalar self, Tensor other)",
        "remainder(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "reshape": ("reshape(Tensor input, SymIntArrayRef shape)",),
    "rot90": ("rot90(Tensor input, int64_t k=1, IntArrayRef dims=[0,1])",),
    "resolve_conj": ("resolve_conj(Tensor input)",),
    "resolve_neg": ("resolve_neg(Tensor input)",),
    "result_type": (
        "result_type(Tensor tensor, Tensor other)",
        "result_type(Scalar scalar, Tensor tensor)",
        "result_type(Tensor tensor, Scalar other)",
        "result_type(Scalar scalar1, Scalar scalar2)",
    ),
    "round": (
        "round(Tensor input, *, Tensor out=None)",
        "round(Tensor input, *, int64_t decimals, Tensor out=None)",
    ),
    "rsqrt": ("rsqrt(Tensor input, *, Tensor out=None)",),
    "rsub": (
        "rsub(Tensor input, Tensor other, *, Scalar alpha=1)",
        "rsub(Tensor input, Scalar other, Scalar alpha=1)",
    ),
    "scatter_reduce": (
        "scatter_reduce(Tensor input, int64_t dim, Tensor index, Tensor src, "
        "c10::string_view reduce, *, bool include_self=True, Tensor out=None)",
    ),
    "sigmoid": ("sigmoid(Tensor input, *, Tensor out=None)",),
    "sign": ("sign(Tensor input, *, Tensor out=None)",),
    "signbit": ("signbit(Tensor input, *, Tensor out=None)",),
    "sin": ("sin(Tensor input, *, Tensor out=None)",),
    "sinh": ("sinh(Tensor input, *, Tensor out=None)",),
    "softmax": ("softmax(Tensor input, int64_t dim, ScalarType? dtype=None, *, Tensor out=None)",),
    "split": (
        "split(Tensor input, SymInt split_size, int64_t dim=0)",
        "split(Tensor input, SymIntArrayRef split_size, int64_t dim=0)",
    ),
    "split_with_sizes": ("split_with_sizes(Tensor input, SymIntArrayRef split_sizes, int64_t dim=0)",),
    "sqrt": ("sqrt(Tensor input, *, Tensor out=None)",),
    "square": ("square(Tensor input, *, Tensor out=None)",),
    "squeeze": (
        "squeeze(Tensor input)",
        "squeeze(Tensor input, int64_t dim)",
        "squeeze(Tensor input, IntArrayRef dim)",
    ),
    "stack": ("stack(TensorList tensors, int64_t dim=0, *, Tensor out=None)",),
    "std": (
        "std(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, "
        "Tensor out=None)",
        "std(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, "
        "bool keepdim=False, Tensor out=None)",
        "std(Tensor input, bool unbiased=True)",
    ),
    "std_mean": (
        "std_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)",
        "std_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, "
        "bool keepdim=False)",
        "std_mean(Tensor input, bool unbiased=True)",
    ),
    "sub": (
        "sub(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)",
        "sub(Tensor input, Scalar alpha, Tensor other, *, Tensor out=None)|deprecated",
    ),
    "subtract": (
        "subtract(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)",
        "subtract(Tensor input, Scalar other, Scalar alpha=1)",
    ),
    "sum": (
        "sum(Tensor input, *, ScalarType? dtype=None)",
        "sum(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, "
        "ScalarType? dtype=None, Tensor out=None)",
    ),
    "swapaxes": ("swapaxes(Tensor input, int64_t axis0, int64_t axis1)",),
    "swapdims": ("swapdims(Tensor input, int64_t dim0, int64_t dim1)",),
    "t": ("t(Tensor input)",),
    "take": ("take(Tensor input, Tensor index, *, Tensor out=None)",),
    "put": ("put(Tensor input, Tensor index, Tensor source, bool accumulate=False)",),
    "tan": ("tan(Tensor input, *, Tensor out=None)",),
    "tanh": ("tanh(Tensor input, *, Tensor out=None)",),
    "tensor": (
        "tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None, "
        "bool pin_memory=False, bool requires_grad=False)",
    ),
    "tensor_split": (
        "tensor_split(Tensor input, SymIntArrayRef indices, int64_t dim=0)",
        "tensor_split(Tensor input, Tensor tensor_indices_or_sections, int64_t dim=0)",
        "tensor_split(Tensor input, SymInt sections, int64_t dim=0)",
    ),
    "topk": (
        "topk(Tensor input, SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True, *, "
        "TensorList[2] out=None)",
    ),
    "tile": ("tile(Tensor input, IntArrayRef dims)",),
    "trace": ("trace(Tensor input)",),
    "transpose": ("transpose(Tensor input, int64_t dim0, int64_t dim1)",),
    "trapezoid": (
        "trapezoid(Tensor y, Tensor x, *, int64_t dim=-1)",
        "trapezoid(Tensor y, *, Scalar dx=1, int64_t dim=-1)",
    ),
    "trapz": (
        "trapz(Tensor y, *, double dx=1, int64_t dim=-1)",
        "trapz(Tensor y, Tensor x, *, int64_t dim=-1)",
    ),
    "tril_indices": (
        "tril_indices(int64_t row, int64_t col, int64_t offset=0, *, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "triu_indices": (
        "triu_indices(int64_t row, int64_t col, int64_t offset=0, *, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "true_divide": (
        "true_divide(Tensor input, Tensor other, *, Tensor out=None)",
        "true_divide(Tensor input, Scalar other)",
    ),
    "unbind": ("unbind(Tensor input, int64_t dim=0)",),
    "unflatten": ("unflatten(Tensor input, int64_t dim, SymIntArrayRef sizes)",),
    "unsqueeze": ("unsqueeze(Tensor input, int64_t dim)",),
    "vander": ("vander(Tensor x, int64_t? N=None, bool increasing=False)",),
    "var": (
        "var(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, "
        "Tensor out=None)",
        "var(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, "
        "bool keepdim=False, Tensor out=None)",
        "var(Tensor input, bool unbiased=True)",
    ),
    "var_mean": (
        "var_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)",
        "var_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, "
        "bool keepdim=False)",
        "var_mean(Tensor input, bool unbiased=True)",
    ),
    "vsplit": (
        "vsplit(Tensor input, int64_t sections)",
        "vsplit(Tensor input, IntArrayRef indices)",
    ),
    "where": (
        "where(Tensor condition)",
        "where(Tensor condition, Tensor input, Tensor other, *, Tensor out=None)",
        "where(Tensor condition, Scalar self, Tensor other)",
        "where(Tensor condition, Tensor input, Scalar other)",
        "where(Tensor condition, Scalar self, Scalar other)",
    ),
    "xlogy": (
        "xlogy(Tensor input, Tensor other, *, Tensor out=None)",
        "xlogy(Scalar self, Tensor other, *, Tensor out=None)",
        "xlogy(Tensor input, Scalar other, *, Tensor out=None)",
    ),
    "zero_": ("zero_(Tensor input)",),
    "zeros": (
        "zeros(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=False, "
        "bool? requires_grad=False)",
    ),
    "zeros_like": (
        "zeros_like(Tensor input, *, MemoryFormat? memory_format=None, "
        "ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
        "bool? pin_memory=False, bool? requires_grad=False)",
    ),
}

METHODS: dict[str, tuple[str, ...]] = {
    "add": ("add(Tensor other, *, Scalar alpha=1)", "add(Scalar alpha, Tensor other)|deprecated"),
    "add_": (
        "add_(Tensor other, *, Scalar alpha=1)",
        "add_(Scalar alpha, Tensor other)|deprecated",
    ),
    "addcdiv": (
        "addcdiv(Tensor tensor1, Tensor tensor2, *, Scalar value=1)",
        "addcdiv(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated",
    ),
    "addcdiv_": (
        "addcdiv_(Tensor tensor1, Tensor tensor2, *, Scalar value=1)",
        "addcdiv_(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated",
    ),
    "addcmul": (
        "addcmul(Tensor tensor1, Tensor tensor2, *, Scalar value=1)",
        "addcmul(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated",
    ),
    "addcmul_": (
        "addcmul_(Tensor tensor1, Tensor tensor2, *, Scalar value=1)",
        "addcmul_(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated",
    ),
    "allclose": (
        "allclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)",
    ),
    "amax": ("amax(IntArrayRef[1] dim=None, bool keepdim=False)",),
    "amin": ("amin(IntArrayRef[1] dim=None, bool keepdim=False)",),
    "aminmax": ("aminmax(*, int64_t? dim=None, bool keepdim=False)",),
    "any": (
        "any()",
        "any(IntArrayRef? dim=None, bool keepdim=False)",
        "any(int64_t dim, bool keepdim=False)",
    ),
    "arctan2": ("arctan2(Tensor other)",),
    "argmax": ("argmax(int64_t? dim=None, bool keepdim=False)",),
    "argmin": ("argmin(int64_t? dim=None, bool keepdim=False)",),
    "atan2": ("atan2(Tensor other)",),
    "bincount": ("bincount(Tensor? weights=None, SymInt minlength=0)",),
    "bitwise_and": ("bitwise_and(Tensor other)", "bitwise_and(Scalar other)"),
    "bitwise_or": ("bitwise_or(Tensor other)", "bitwise_or(Scalar other)"),
    "bitwise_left_shift": ("bitwise_left_shift(Tensor other)", "bitwise_left_shift(Scalar other)"),
    "bitwise_right_shift": ("bitwise_right_shift(Tensor other)", "bitwise_right_shift(Scalar other)"),
    "bitwise_xor": ("bitwise_xor(Tensor other)", "bitwise_xor(Scalar other)"),
    "bmm": ("bmm(Tensor mat2)",),
    "bool": ("bool(*, MemoryFormat? memory_format=None)",),
    "chunk": ("chunk(int64_t chunks, int64_t dim=0)",),
    "clamp": (
        "clamp(Tensor? min=None, Tensor? max=None)",
        "clamp(Scalar? min=None, Scalar? max=None)",
    ),
    "clamp_": (
        "clamp_(Tensor? min=None, Tensor? max=None)",
        "clamp_(Scalar? min=None, Scalar? max=None)",
    ),
    "clamp_max": ("clamp_max(Tensor max)", "clamp_max(Scalar max)"),
    "clamp_min": ("clamp_min(Tensor min)", "clamp_min(Scalar min)"),
    "clip": (
        "clip(Tensor? min=None, Tensor? max=None)",
        "clip(Scalar? min=None, Scalar? max=None)",
    ),
    "clone": ("clone(*, MemoryFormat? memory_format=None)",),
    "contiguous": ("contiguous(*, MemoryFormat memory_format=contiguous_format)",),
    "copy_": (
        "copy_(Tensor other, bool non_blocking=False)",
        "copy_(Tensor other, bool async=False)|deprecated",
    ),
    "copysign": (
        "copysign(Tensor other)",
        "copysign(Scalar other)",
    ),
    "count_nonzero": ("count_nonzero(int64_t? dim=None)", "count_nonzero(IntArrayRef dim)"),
    "cov": ("cov(*, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)",),
    "cpu": ("cpu(*, MemoryFormat? memory_format=None)",),
    "cummax": ("cummax(int64_t dim)",),
    "cummin": ("cummin(int64_t dim)",),
    "cumsum": ("cumsum(int64_t dim, *, ScalarType? dtype=None)",),
    "diagflat": ("diagflat(int64_t offset=0)",),
    "dist": ("dist(Tensor other, Scalar p=2)",),
    "div": (
        "div(Tensor other)",
        "div(Tensor other, *, c10::string_view? rounding_mode)",
        "div(Scalar other, *, c10::string_view? rounding_mode)",
    ),
    "div_": (
        "div_(Tensor other)",
        "div_(Tensor other, *, c10::string_view? rounding_mode)",
        "div_(Scalar other, *, c10::string_view? rounding_mode)",
    ),
    "divide": (
        "divide(Tensor other)",
        "divide(Tensor other, *, c10::string_view? rounding_mode)",
        "divide(Scalar other)",
        "divide(Scalar other, *, c10::string_view? rounding_mode)",
    ),
    "dot": ("dot(Tensor tensor)",),
    "double": ("double(*, MemoryFormat? memory_format=None)",),
    "eq": ("eq(Tensor other)", "eq(Scalar other)"),
    "equal": ("equal(Tensor other)",),
    "expand": ("expand(SymIntArrayRef size, *, bool implicit=False)",),
    "expand_as": ("expand_as(Tensor other)",),
    "fill_": ("fill_(Tensor value)", "fill_(Scalar value)"),
    "flatten": ("flatten(int64_t start_dim=0, int64_t end_dim=-1)",),
    "flip": ("flip(IntArrayRef dims)",),
    "float": ("float(*, MemoryFormat? memory_format=None)",),
    "float_power": ("float_power(Tensor exponent)", "float_power(Scalar exponent)"),
    "float_power_": ("float_power_(Tensor exponent)", "float_power_(Scalar exponent)"),
    "eq_": ("eq_(Tensor other)", "eq_(Scalar other)"),
    "gcd": ("gcd(Tensor other)",),
    "hypot": ("hypot(Tensor other)",),
    "lcm": ("lcm(Tensor other)",),
    "ldexp": ("ldexp(Tensor other)",),
    "logaddexp": ("logaddexp(Tensor other)",),
    "nanmedian": ("nanmedian()", "nanmedian(int64_t dim, bool keepdim=False)"),
    "ne_": ("ne_(Tensor other)", "ne_(Scalar other)"),
    "lt_": ("lt_(Tensor other)", "lt_(Scalar other)"),
    "le_": ("le_(Tensor other)", "le_(Scalar other)"),
    "gt_": ("gt_(Tensor other)", "gt_(Scalar other)"),
    "ge_": ("ge_(Tensor other)", "ge_(Scalar other)"),
    "not_equal_": ("not_equal_(Tensor other)", "not_equal_(Scalar other)"),
    "less_": ("less_(Tensor other)", "less_(Scalar other)"),
    "less_equal_": ("less_equal_(Tensor other)", "less_equal_(Scalar other)"),
    "greater_": ("greater_(Tensor other)", "greater_(Scalar other)"),
    "greater_equal_": ("greater_equal_(Tensor other)", "greater_equal_(Scalar other)"),
    "floor_divide": ("floor_divide(Tensor other)", "floor_divide(Scalar other)"),
    "fmax": ("fmax(Tensor other)",),
    "fmin": ("fmin(Tensor other)",),
    "gather": ("gather(int64_t dim, Tensor index, *, bool sparse_grad=False)",),
    "ge": ("ge(Tensor other)", "ge(Scalar other)"),
    "greater": ("greater(Tensor other)", "greater(Scalar other)"),
    "greater_equal": ("greater_equal(Tensor other)", "greater_equal(Scalar other)"),
    "gt": ("gt(Tensor other)", "gt(Scalar other)"),
    "heaviside": ("heaviside(Tensor values)",),
    "heaviside_": ("heaviside_(Tensor values)",),
    "histc": ("histc(int64_t bins=100, Scalar min=0, Scalar max=0)",),
    "index_put": (
        "index_put(c10::List<::std::optional<Tensor>> indices, Tensor values, "
        "bool accumulate=False)",
    ),
    "index_select": ("index_select(int64_t dim, Tensor index)",),
    "int": ("int(*, MemoryFormat? memory_format=None)",),
    "is_contiguous": ("is_contiguous(*, MemoryFormat memory_format=contiguous_format)",),
    "kthvalue": ("kthvalue(int64_t k, int64_t dim=-1, bool keepdim=False)",),
    "le": ("le(Tensor other)", "le(Scalar other)"),
    "less": ("less(Tensor other)", "less(Scalar other)"),
    "less_equal": ("less_equal(Tensor other)", "less_equal(Scalar other)"),
    "log_softmax": ("log_softmax(int64_t dim, ScalarType? dtype=None)",),
    "logaddexp2": ("logaddexp2(Tensor other)",),
    "logcumsumexp": ("logcumsumexp(int64_t dim)",),
    "logical_and": ("logical_and(Tensor other)",),
    "logical_or": ("logical_or(Tensor other)",),
    "logical_xor": ("logical_xor(Tensor other)",),
    "logit": ("logit(double? eps=None)",),
    "logit_": ("logit_(double? eps=None)",),
    "logsumexp": ("logsumexp(IntArrayRef[1] dim, bool keepdim=False)",),
    "long": ("long(*, MemoryFormat? memory_format=None)",),
    "lt": ("lt(Tensor other)", "lt(Scalar other)"),
    "masked_fill": (
        "masked_fill(Tensor mask, Tensor value)",
        "masked_fill(Tensor mask, Scalar value)",
    ),
    "masked_fill_": (
        "masked_fill_(Tensor mask, Tensor value)",
        "masked_fill_(Tensor mask, Scalar value)",
    ),
    "matmul": ("matmul(Tensor other)",),
    "max": ("max()", "max(Tensor other)", "max(int64_t dim, bool keepdim=False)"),
    "maximum": ("maximum(Tensor other)",),
    "mean": (
        "mean(*, ScalarType? dtype=None)",
        "mean(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)",
    ),
    "min": ("min()", "min(Tensor other)", "min(int64_t dim, bool keepdim=False)"),
    "minimum": ("minimum(Tensor other)",),
    "mm": ("mm(Tensor mat2)",),
    "movedim": (
        "movedim(int64_t source, int64_t destination)",
        "movedim(IntArrayRef source, IntArrayRef destination)",
    ),
    "mul": ("mul(Tensor other)",),
    "mul_": ("mul_(Tensor other)",),
    "multiply": ("multiply(Tensor other)", "multiply(Scalar other)"),
    "mv": ("mv(Tensor vec)",),
    "nanmean": ("nanmean(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)",),
    "nanquantile": (
        "nanquantile(Tensor q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\")",
        "nanquantile(double q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\")",
    ),
    "nansum": ("nansum(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)",),
    "ne": ("ne(Tensor other)", "ne(Scalar other)"),
    "normal_": ("normal_(double mean=0, double std=1, *, Generator? generator=None)",),
    "not_equal": ("not_equal(Tensor other)", "not_equal(Scalar other)"),
    "numpy": ("numpy(*, bool force=False)",),
    "outer": ("outer(Tensor vec2)",),
    "permute": ("permute(IntArrayRef dims)",),
    "pow": ("pow(Tensor exponent)", "pow(Scalar exponent)"),
    "pow_": ("pow_(Tensor exponent)", "pow_(Scalar exponent)"),
    "prod": (
        "prod(*, ScalarType? dtype=None)",
        "prod(int64_t dim, bool keepdim=False, *, ScalarType? dtype=None)",
    ),
    "quantile": (
        "quantile(Tensor q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\")",
        "quantile(double q, int64_t? dim=None, bool keepdim=False, *, "
        "c10::string_view interpolation=\"linear\")",
    ),
    "remainder": ("remainder(Tensor other)", "remainder(Scalar other)"),
    "repeat": ("repeat(SymIntArrayRef repeats)",),
    "requires_grad_": ("requires_grad_(bool requires_grad=True)",),
    "reshape": ("reshape(SymIntArrayRef shape)",),
    "reshape_as": ("reshape_as(Tensor other)",),
    "round": ("round()", "round(*, int64_t decimals)"),
    "scatter_reduce": (
        "scatter_reduce(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, "
        "bool include_self=True)",
    ),
    "scatter_reduce_": (
        "scatter_reduce_(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, "
        "bool include_self=True)",
    ),
    "size": ("size(int64_t? dim=None)",),
    "softmax": ("softmax(int64_t dim, ScalarType? dtype=None)",),
    "squeeze": ("squeeze()", "squeeze(int64_t dim)", "squeeze(IntArrayRef dim)"),
    "squeeze_": ("squeeze_()", "squeeze_(int64_t dim)", "squeeze_(IntArrayRef dim)"),
    "std": (
        "std(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)",
        "std(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)",
        "std(bool unbiased=True)",
    ),
    "sub": ("sub(Tensor other, *, Scalar alpha=1)", "sub(Scalar alpha, Tensor other)|deprecated"),
    "sub_": (
        "sub_(Tensor other, *, Scalar alpha=1)",
        "sub_(Scalar alpha, Tensor other)|deprecated",
    ),
    "subtract": (
        "subtract(Tensor other, *, Scalar alpha=1)",
        "subtract(Scalar other, Scalar alpha=1)",
    ),
    "sum": (
        "sum(*, ScalarType? dtype=None)",
        "sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)",
    ),
    "sum_to_size": ("sum_to_size(SymIntArrayRef size)",),
    "swapaxes": ("swapaxes(int64_t axis0, int64_t axis1)",),
    "swapaxes_": ("swapaxes_(int64_t axis0, int64_t axis1)",),
    "swapdims": ("swapdims(int64_t dim0, int64_t dim1)",),
    "swapdims_": ("swapdims_(int64_t dim0, int64_t dim1)",),
    "take": ("take(Tensor index)",),
    "put": ("put(Tensor index, Tensor source, bool accumulate=False)",),
    "put_": ("put_(Tensor index, Tensor source, bool accumulate=False)",),
    "tensor_split": (
        "tensor_split(SymIntArrayRef indices, int64_t dim=0)",
        "tensor_split(Tensor tensor_indices_or_sections, int64_t dim=0)",
        "tensor_split(SymInt sections, int64_t dim=0)",
    ),
    "to": (
        "to(Device device=None, ScalarType dtype=None, bool non_blocking=False, "
        "bool copy=False, *, MemoryFormat? memory_format=None)",
        "to(ScalarType dtype, bool non_blocking=False, bool copy=False, *, "
        "MemoryFormat? memory_format=None)",
        "to(Tensor tensor, bool non_blocking=False, bool copy=False, *, "
        "MemoryFormat? memory_format=None)",
    ),
    "topk": ("topk(SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True)",),
    "transpose": ("transpose(int64_t dim0, int64_t dim1)",),
    "transpose_": ("transpose_(int64_t dim0, int64_t dim1)",),
    "true_divide": ("true_divide(Tensor other)", "true_divide(Scalar other)"),
    "unbind": ("unbind(int64_t dim=0)",),
    "uniform_": ("uniform_(double from=0, double to=1, *, Generator? generator=None)",),
    "unfold": ("unfold(int64_t dimension, int64_t size, int64_t step)",),
    "unsqueeze": ("unsqueeze(int64_t dim)",),
    "unsqueeze_": ("unsqueeze_(int64_t dim)",),
    "var": (
        "var(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)",
        "var(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)",
        "var(bool unbiased=True)",
    ),
    "view": ("view(ScalarType dtype)", "view(SymIntArrayRef size)"),
    "view_as": ("view_as(Tensor other)",),
    "where": ("where(Tensor condition, Tensor other)", "where(Tensor condition, Scalar other)"),
    "xlogy": ("xlogy(Tensor other)", "xlogy(Scalar other)"),
    "xlogy_": ("xlogy_(Tensor other)", "xlogy_(Scalar other)"),
}
