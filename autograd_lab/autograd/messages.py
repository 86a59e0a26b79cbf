"""The texts of autograd's errors and warnings, built in one place.

They are torch's texts (users search for them), without anything that would pretend to come from
torch's internals: no C++ file names, no "Triggered internally at" lines.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtypes import cpp_type_name, type_name

__all__ = ["FREED_MESSAGE", "OVERLAP_MESSAGE", "DETACH_VIEW_MESSAGE", "ONCE_DIFFERENTIABLE_MESSAGE",
           "DIRTY_NOT_RETURNED_MESSAGE", "LEAF_INPLACE_MESSAGE", "grad_assignment_error",
           "CREATE_GRAPH_WARNING", "NON_LEAF_GRAD_WARNING", "BACKWARD_IN_TRANSFORM",
           "forward_ad_not_implemented", "forward_ad_not_supported", "modified_inplace",
           "invalid_gradient_shape", "invalid_gradient_count", "hook_name", "hook_changed_size",
           "hook_changed_type", "hook_count", "not_a_tensor"]

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)

BACKWARD_IN_TRANSFORM = (
    "backward() called inside a functorch transform. This is not supported, please use "
    "functorch.grad or functorch.vjp instead or call backward() outside of functorch transforms.")

CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter "
    "and its gradient which can cause a memory leak. We recommend using autograd.grad when creating "
    "the graph to avoid this. If you have to use this function, make sure to reset the .grad fields "
    "of your parameters to None after use to break the cycle and avoid the leak."
)

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field to "
    "be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access "
    "the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information."
)


DETACH_VIEW_MESSAGE = (
    "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
    "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
    "buckets, and hence detach_() cannot be called on these gradients. To fix this error, please "
    "refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")

ONCE_DIFFERENTIABLE_MESSAGE = (
    "trying to differentiate twice a function that was marked with @once_differentiable")

DIRTY_NOT_RETURNED_MESSAGE = (
    "Some elements marked as dirty during the forward method were not returned as output. The "
    "inputs that are modified inplace must all be outputs of the Function.")

LEAF_INPLACE_MESSAGE = "a leaf Variable that requires grad has been used in an in-place operation."


def grad_assignment_error(grad: np.ndarray, tensor: np.ndarray) -> RuntimeError | None:
    """torch's error for ``tensor.grad = grad`` when the two differ in size or dtype (its text about
    dtypes is cut before its advice to set ``grad_dtype``, which the library does not have)."""
    if grad.shape != tensor.shape:
        return RuntimeError(
            f"attempting to assign a gradient of size '{list(grad.shape)}' to a tensor of size "
            f"'{list(tensor.shape)}'. Please ensure that the gradient and the tensor are the same size")
    if grad.dtype != tensor.dtype:
        return RuntimeError(
            f"attempting to assign a gradient with dtype '{cpp_type_name(grad.dtype)}' to a tensor "
            f"with grad_dtype '{type_name(tensor.dtype)}'. The gradient must match the tensor's "
            "grad_dtype (defaults to the tensor's dtype).")
    return None


OVERLAP_MESSAGE = (
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation.")


def modified_inplace(array: np.ndarray, producer: str, now: int, expected: int) -> RuntimeError:
    """torch's error for a saved tensor changed in place after it was saved. ``producer`` is the
    grad_fn name of the node whose output it is (``""`` for a leaf)."""
    shape = ", ".join(str(n) for n in np.shape(array))
    # torch names the producer by its grad_fn name without "Backward" (and without a 0); its own
    # C++ nodes (torch::autograd::CopyBackwards, CopySlices) keep their whole name
    short = (producer if producer.startswith("torch::")
             else producer.replace("Backward0", "").replace("Backward", ""))
    where = f", which is output 0 of {short}," if short else ""
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [torch.{type_name(np.asarray(array).dtype)}Tensor [{shape}]]{where} is at "
        f"version {now}; expected version {expected} instead. Hint: enable anomaly detection to "
        "find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def invalid_gradient_count(node: str, expected: int, got: int) -> RuntimeError:
    """torch's error for a custom Function's backward returning the wrong number of gradients."""
    return RuntimeError(f"function {node} returned an incorrect number of gradients (expected "
                        f"{expected}, got {got})")


def invalid_gradient_shape(node: str, index: int, got: Any, expected: Any) -> RuntimeError:
    """torch's error for a gradient whose shape cannot be summed back to its input's shape."""
    return RuntimeError(f"Function {node} returned an invalid gradient at index {index} - got "
                        f"{list(got)} but expected shape compatible with {list(expected)}")


def hook_name(hook: Any) -> str:
    """How torch names a hook in its messages: the function's ``__name__`` (``<lambda>``)."""
    return getattr(hook, "__name__", type(hook).__name__)


def hook_changed_size(hook: Any) -> RuntimeError:
    """torch's error for a hook whose result has another shape than the gradient it replaces."""
    return RuntimeError(f"hook '{hook_name(hook)}' has changed the size of value")


def hook_changed_type(hook: Any, was: np.dtype, got: np.dtype) -> RuntimeError:
    """torch's error for a hook whose result has another dtype than the gradient it replaces."""
    return RuntimeError(f"hook '{hook_name(hook)}' has changed the type of value (was "
                        f"torch.{type_name(was)}Tensor got torch.{type_name(got)}Tensor)")


def hook_count(hook: Any, got: int, expected: int) -> RuntimeError:
    """torch's error for a node hook returning another number of gradients than it received."""
    return RuntimeError(f"hook '{hook_name(hook)}' has returned an incorrect number of values "
                        f"(got {got}, but expected {expected})")


def not_a_tensor(got: Any, expected: str = "Variable or None") -> RuntimeError:
    """torch's error for a custom Function's backward returning something that is not a tensor."""
    return RuntimeError(f"expected {expected} (got {type(got).__name__})")


def forward_ad_not_implemented(function: str) -> str:
    """torch's text for an op whose forward-mode formula does not exist (``_cdist_forward``)."""
    return (f"Trying to use forward AD with {function} that does not support it because it has not "
            "been implemented yet.\nPlease file an issue to PyTorch at "
            "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so that we "
            "can prioritize its implementation or submit a PR adding the implementation to "
            "derivatives.yaml")


def forward_ad_not_supported(aten_name: str) -> str:
    """torch's text for an op torch records without any derivative (``floor_divide``)."""
    return f"Trying to use forward AD with aten::{aten_name} that does not support it."
