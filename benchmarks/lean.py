"""A deliberately minimal numpy autograd, to measure what Python allows per op (not a library).

``profile_core`` times the benchmark chain with it next to autograd_lab, torch and hand-written
numpy: the gap between this and hand-written numpy is the least any numpy-backed autograd written in
Python pays per op for building a graph and walking it back; the gap between autograd_lab and this is
what autograd_lab's features (torch's graph, hooks, version checks, dtype rules, errors) and its
overheads cost. It has a tape instead of a graph walk, no hooks, no version counters, no dtype
promotion, no broadcasting in backward, no numpy warnings handling: none of it is usable as is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["LeanTensor", "lean_backward"]

_tape: list[LeanTensor] = []


class LeanTensor:
    """An array, its gradient, and how it was made (a backward function and its inputs)."""

    __slots__ = ("data", "grad", "_backward", "_inputs")

    def __init__(self, data: np.ndarray, inputs: tuple = (), backward: Any = None) -> None:
        self.data = data
        self.grad = None
        self._inputs = inputs
        self._backward = backward
        if backward is not None:
            _tape.append(self)

    def __mul__(self, other: LeanTensor) -> LeanTensor:
        return LeanTensor(self.data * other.data, (self, other), _mul_backward)

    def __add__(self, other: LeanTensor) -> LeanTensor:
        return LeanTensor(self.data + other.data, (self, other), _add_backward)

    def __pow__(self, exponent: int) -> LeanTensor:
        if exponent != 2:
            raise NotImplementedError("the lean sketch squares only")
        return LeanTensor(self.data * self.data, (self,), _square_backward)

    def tanh(self) -> LeanTensor:
        return LeanTensor(np.tanh(self.data), (self,), _tanh_backward)

    def exp(self) -> LeanTensor:
        return LeanTensor(np.exp(self.data), (self,), _exp_backward)

    def sigmoid(self) -> LeanTensor:
        return LeanTensor(1 / (1 + np.exp(-self.data)), (self,), _sigmoid_backward)

    def sum(self) -> LeanTensor:
        return LeanTensor(self.data.sum(), (self,), _sum_backward)


def _mul_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    a, b = out._inputs
    return grad * b.data, grad * a.data


def _add_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return grad, grad


def _square_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return (grad * 2 * out._inputs[0].data,)


def _tanh_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return (grad * (1 - out.data * out.data),)


def _exp_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return (grad * out.data,)


def _sigmoid_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return (grad * out.data * (1 - out.data),)


def _sum_backward(out: LeanTensor, grad: np.ndarray) -> tuple:
    return (np.broadcast_to(grad, out._inputs[0].data.shape),)


def lean_backward(root: LeanTensor) -> None:
    """Walk the tape from the newest op back (creation order is a valid backward order)."""
    root.grad = np.ones_like(root.data)
    tape = _tape[:]
    _tape.clear()
    for out in reversed(tape):
        grad = out.grad
        if grad is None:
            continue
        for tensor, value in zip(out._inputs, out._backward(out, grad)):
            tensor.grad = value if tensor.grad is None else tensor.grad + value
        out._inputs = ()  # free the graph as the pass goes
