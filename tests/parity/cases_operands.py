"""Operands that are neither numbers nor tensors (``None``, a string, an object, a list, a tuple, a
dict): every operator in both orders and in place, and the functions and methods, raise torch's
TypeError (never a tensor of NaN); ``tensor == None`` stays plain False."""

FOREIGN = {"none": "None", "str": "'a'", "object": "object()", "list": "[1.0, 2.0]",
           "tuple": "(1.0, 2.0)", "dict": "{}"}
OPERATORS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "pow": "**", "floordiv": "//",
             "mod": "%", "matmul": "@", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==",
             "ne": "!=", "and": "&", "or": "|", "xor": "^"}
BITWISE = {"and", "or", "xor"}
# two-tensor functions, as ``t.name(x, v)`` and ``t.name(v, x)``; methods as ``x.name(v)``
FUNCTIONS = ["add", "sub", "mul", "div", "true_divide", "divide", "multiply", "subtract", "pow",
             "float_power", "remainder", "floor_divide", "eq", "ne", "lt", "le", "gt", "ge",
             "greater", "less_equal", "not_equal", "maximum", "minimum", "logical_and",
             "logical_or", "matmul", "dot", "allclose", "equal"]
METHODS = ["add", "sub", "mul", "div", "pow", "remainder", "floor_divide", "eq", "ne", "lt", "ge",
           "maximum", "minimum", "logical_and", "matmul", "clamp_min", "clamp_max"]
INPLACE = ["add_", "sub_", "mul_", "div_", "pow_", "fill_", "copy_", "clamp_min_"]


def _tensor(operator: str) -> str:
    return "t.tensor([1, 2])" if operator in BITWISE else "t.tensor([1.0, 2.0])"


def _cases() -> dict[str, str]:
    cases = {}
    for op_name, symbol in OPERATORS.items():
        for value_name, value in FOREIGN.items():
            x = f"x = {_tensor(op_name)}\n"
            cases[f"op_{op_name}_{value_name}"] = f"{x}x {symbol} {value}"
            cases[f"op_r{op_name}_{value_name}"] = f"{x}{value} {symbol} x"
            if op_name not in {"lt", "le", "gt", "ge", "eq", "ne"}:
                cases[f"op_i{op_name}_{value_name}"] = f"{x}x {symbol}= {value}\nx"
    for name in FUNCTIONS:
        for value_name in ("none", "str", "list"):
            value = FOREIGN[value_name]
            cases[f"fn_{name}_{value_name}"] = f"x = t.ones(2)\nt.{name}(x, {value})"
            cases[f"fn_{name}_{value_name}_first"] = f"x = t.ones(2)\nt.{name}({value}, x)"
    for name in METHODS:
        for value_name in ("none", "str", "list", "object"):
            cases[f"method_{name}_{value_name}"] = f"x = t.ones(2)\nx.{name}({FOREIGN[value_name]})"
    for name in INPLACE:
        if name == "clamp_min_":
            continue
        for value_name in ("none", "str", "list"):
            cases[f"inplace_{name}_{value_name}"] = (
                f"x = t.ones(2)\nx.{name}({FOREIGN[value_name]})")
    return cases


CASES = {
    **_cases(),
    # --- the reports that started this: a tensor of NaN, never again ---------------------------
    "none_times_tensor": "None * t.ones(2)",
    "tensor_plus_none": "t.ones(2) + None",
    "none_minus_requires_grad": "x = t.ones(2, requires_grad=True)\nNone - x",
    "iadd_none_leaves_tensor_alone": """
x = t.ones(2)
try:
    x += None
except TypeError:
    pass
x, x._version
""",
    "iadd_none_on_leaf_requiring_grad": "x = t.ones(2, requires_grad=True)\nx += None",
    "add_inplace_none_on_leaf_requiring_grad": "x = t.ones(2, requires_grad=True)\nx.add_(None)",
    # --- comparisons with foreign values are plain booleans ------------------------------------
    "eq_none_is_false": "x = t.ones(2)\nx == None, None == x, x != None, None != x",
    "eq_str_list_object": "x = t.ones(2)\nx == 'a', x == [1.0, 1.0], x != (1.0, 1.0), x == object()",
    "eq_method_none": "t.ones(2).eq(None)",
    "in_list_of_tensors": "x = t.ones(2)\nx in [None, 'a', x]",
    # --- numbers still work in every position ---------------------------------------------------
    "numbers_still_work": "x = t.tensor([1.0, 2.0])\nx + 1, 2 * x, x - True, 1.5 / x, x ** 2, 2 ** x, "
                          "x // 2, 7 % x, x + np.float64(1), np.int64(2) * x",
    "int_tensor_times_list_repeats": "[1, 2] * t.tensor(2)",
    "number_function_forms": "x = t.tensor([1.0, 2.0])\nt.sub(2, x), t.add(x, 2, alpha=3), t.pow(2, x), "
                             "t.remainder(5, x.long())",
    # --- bool tensors add as logical or, and refuse shapes that do not broadcast ---------------
    "add_bool_tensors": "t.tensor([True, False]) + t.tensor([[False], [False]])",
    "add_bool_tensors_that_do_not_broadcast": "t.ones(3, 3, dtype=t.bool) + t.ones(2, 3, dtype=t.bool)",
    "add_bool_tensors_in_place_bigger": "x = t.ones(3, dtype=t.bool)\nx += t.ones(2, 3, dtype=t.bool)",
    # --- an in-place result too big for the tensor's dtype is inf, silently -------------------
    "inplace_float64_product_overflows_float32": (
        "x = t.full((2,), 3e38)\nx.mul_(t.tensor([10.0, -10.0], dtype=t.float64))\nx"),
    "inplace_float64_sum_overflows_float32_view": (
        "x = t.full((2, 2), 3e38)\nx[0].add_(t.tensor([3e38, 1.0], dtype=t.float64))\nx"),
    # --- subtraction refuses a bool operand, a tensor or a Python bool -------------------------
    "sub_python_bool": "x = t.tensor([1.0, 2.0])\nx - True",
    "rsub_python_bool": "x = t.tensor([1.0, 2.0])\nTrue - x",
    "sub_bool_tensor_number": "x = t.tensor([True, False])\nx - 1",
    "sub_bool_tensor_float": "x = t.tensor([True, False])\nt.sub(x, 1.5)",
    "rsub_bool_tensor": "x = t.tensor([True, False])\n1 - x",
    "sub_two_bool_tensors": "x = t.tensor([True, False])\nx - x",
    "sub_float_minus_bool_tensor": "x = t.tensor([True, False])\nt.ones(2) - x",
    "sub_inplace_python_bool": "x = t.tensor([1.0, 2.0])\nx.sub_(True)",
    # --- keyword operands -----------------------------------------------------------------------
    "add_alpha_none": "x = t.ones(2)\nt.add(x, x, alpha=None)",
    "add_alpha_str_method": "x = t.ones(2)\nx.add(x, alpha='a')",
    "sub_alpha_object": "x = t.ones(2)\nx.sub(x, alpha=object())",
    "div_rounding_none_operand": "x = t.ones(2)\nt.div(x, None, rounding_mode='floor')",
    # --- where, clamp, masked_fill, fill_, copy_, item assignment -------------------------------
    "where_other_none": "x = t.ones(2)\nt.where(x > 0, x, None)",
    "where_input_none": "x = t.ones(2)\nt.where(x > 0, None, x)",
    "where_other_str": "x = t.ones(2)\nt.where(x > 0, x, 'a')",
    "where_other_list": "x = t.ones(2)\nt.where(x > 0, x, [1.0, 2.0])",
    "where_condition_none": "x = t.ones(2)\nt.where(None, x, x)",
    "where_condition_list": "x = t.ones(2)\nt.where([True, False], x, x)",
    "where_method_none": "x = t.ones(2)\nx.where(x > 0, None)",
    "where_numbers": "x = t.ones(2)\nt.where(x > 0, 1.0, 2.0), t.where(x > 0, x, 0.0)",
    "clamp_min_str": "x = t.ones(2)\nt.clamp(x, min='a')",
    "clamp_max_str": "x = t.ones(2)\nt.clamp(x, max='a')",
    "clamp_min_list": "x = t.ones(2)\nt.clamp(x, min=[0.0])",
    "clamp_method_object": "x = t.ones(2)\nx.clamp(min=object())",
    "clamp_inplace_str": "x = t.ones(2)\nx.clamp_(min='a')",
    "clamp_input_none": "t.clamp(None, min=0.0)",
    "clamp_min_function_none": "x = t.ones(2)\nt.clamp_min(x, None)",
    "clamp_min_function_str": "x = t.ones(2)\nt.clamp_min(x, 'a')",
    "clamp_max_function_str": "x = t.ones(2)\nt.clamp_max(x, 'a')",
    "clip_str": "x = t.ones(2)\nt.clip(x, min='a')",
    "masked_fill_none": "x = t.ones(2)\nx.masked_fill(x > 0, None)",
    "masked_fill_str": "x = t.ones(2)\nx.masked_fill(x > 0, 'a')",
    "masked_fill_inplace_none": "x = t.ones(2)\nx.masked_fill_(x > 0, None)",
    "fill_tensor_with_dims": "x = t.ones(2)\nx.fill_(t.ones(2))",
    "fill_zero_dim_tensor": "x = t.ones(2)\nx.fill_(t.tensor(3.0))",
    "copy_number": "x = t.ones(2)\nx.copy_(2.0)",
    "setitem_none": "x = t.ones(2)\nx[0] = None",
    "setitem_str": "x = t.ones(2)\nx[0] = 'a'",
    "setitem_list": "x = t.ones(3)\nx[:] = [1.0, 2.0, 3.0]",
    "setitem_tuple_long": "x = t.ones(3, dtype=t.int64)\nx[0] = (1,)",
    "setitem_none_double": "x = t.ones(3, dtype=t.float64)\nx[1:] = None",
    "setitem_none_bool": "x = t.ones(3, dtype=t.bool)\nx[0] = None",
    "setitem_numbers": "x = t.zeros(3)\nx[0] = 1; x[1] = t.tensor(2.0); x[2] = np.float64(3.0)\nx",
    # --- unary functions ---------------------------------------------------------------------------
    "exp_none": "t.exp(None)",
    "exp_list": "t.exp([1.0, 2.0])",
    "sigmoid_none": "t.sigmoid(None)",
    # --- losses: torch's Python code asks the target for its size first -------------------------
    "mse_loss_target_none": "t.nn.functional.mse_loss(t.ones(2), None)",
    "mse_loss_target_number": "t.nn.functional.mse_loss(t.ones(2), 2.0)",
    "mse_loss_input_none": "t.nn.functional.mse_loss(None, t.ones(2))",
    "l1_loss_target_list": "t.nn.functional.l1_loss(t.ones(2), [1.0, 2.0])",
    "bce_logits_target_none": "t.nn.functional.binary_cross_entropy_with_logits(t.ones(2), None)",
    "bce_target_none": "t.nn.functional.binary_cross_entropy(t.ones(2) / 2, None)",
    "mse_loss_module_target_none": "t.nn.MSELoss()(t.ones(2), None)",
    # uint8 with int8: neither holds the other's values, so both become int16 (were uint8: -100
    # wrapped around to 156)
    "uint8_int8_promote_to_int16": "a = t.tensor([200], dtype=t.uint8); b = t.tensor([-100], dtype=t.int8); a + b, b - a, a * b, t.cat([a, b]), t.where(t.tensor([True]), a, b), t.maximum(b, a)",

    # --- torch.result_type / torch.promote_types ----------------------------------------------------
    "result_type": "a = t.tensor([1, 2]); f = t.tensor([1.0]); z64 = t.tensor(1.0, dtype=t.float64); u = t.tensor([1], dtype=t.uint8); i8 = t.tensor([1], dtype=t.int8); t.result_type(a, f), t.result_type(a, 2.0), t.result_type(2.0, a), t.result_type(1, 2), t.result_type(1, 2.0), t.result_type(True, False), t.result_type(f, z64), t.result_type(u, i8), t.result_type(u, -1), t.result_type(t.tensor(True), 2), t.result_type(tensor=a, other=f)",
    "promote_types_all_pairs": "names = [t.bool, t.uint8, t.int8, t.int16, t.int32, t.int64, t.float16, t.float32, t.float64]; [[t.promote_types(p, q) for q in names] for p in names]",
    "result_type_one_argument": "t.result_type(t.ones(2))",
    "result_type_list": "t.result_type([1], t.ones(2))",
    "result_type_string": "t.result_type(t.ones(2), 'x')",
    "promote_types_int": "t.promote_types(t.int32, 1)",
    "promote_types_string": "t.promote_types('a', t.int32)",

}
