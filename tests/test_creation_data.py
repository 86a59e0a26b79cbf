"""``tensor(data)`` reads Python data as torch does: shape from the first elements, dtype from all of
them, each element stored with torch's errors. These cases depend on state a parity table cannot
hold (a warning torch gives once per session) or on sizes (speed of the common path)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd_lab as t
from autograd_lab import creation

ARRAY_WARNING = "Creating a tensor from a list of numpy.ndarrays is extremely slow"


def test_list_of_arrays_warns_once_per_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(creation, "_warned_list_of_arrays", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = t.tensor([np.array([1.0, 2.0]), np.array([3.0, 4.0])])
        t.tensor([np.array([1.0]), np.array([2.0])])
    assert [str(w.message).startswith(ARRAY_WARNING) for w in caught] == [True]
    assert first.dtype is t.float64 and first.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_ragged_arrays_name_the_dimension() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=r"^expected sequence of length 2 at dim 1 \(got 1\)$"):
            t.tensor([np.array([1.0, 2.0]), np.array([3.0])])


def test_ragged_live(torch) -> None:
    for data in ([[1, 2], [3]], [[[1, 2], [3, 4]], [[5, 6], [7]]], [[1], 2], [1, [2]]):
        with pytest.raises(Exception) as theirs:
            torch.tensor(data)
        with pytest.raises(Exception) as ours:
            t.tensor(data)
        assert (type(ours.value).__name__, str(ours.value)) == (
            type(theirs.value).__name__, str(theirs.value))


def test_large_nested_list_matches_numpy() -> None:
    rows = [[float(i * 100 + j) for j in range(100)] for i in range(100)]
    made = t.tensor(rows)
    assert made.dtype is t.float32 and made.shape == (100, 100)
    np.testing.assert_array_equal(made.numpy(), np.array(rows, dtype=np.float32))
    ints = t.tensor([[1, 2], [3, 4]], dtype=t.float64)
    assert ints.dtype is t.float64 and ints.tolist() == [[1.0, 2.0], [3.0, 4.0]]
