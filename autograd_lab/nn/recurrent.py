"""Recurrent layers: ``RNN`` (tanh or relu), ``LSTM``, ``GRU`` and their one-step cells
``RNNCell``, ``LSTMCell``, ``GRUCell``, with torch's parameter names (``weight_ih_l0``,
``bias_hh_l1_reverse``, ...), shapes, gate order and initialization (every parameter uniform on
``±1/sqrt(hidden_size)``).

Each step is computed from ops as torch computes it on the CPU (aten/src/ATen/native/RNN.cpp): the
input's part of every step at once (``linear`` over the whole sequence, then ``unbind`` over time),
then per step ``tanh(linear(h, w_hh, b_hh) + input_part)`` (RNN), the four gates of ``chunk(4)``
(LSTM: input, forget, cell, output) or the three of ``chunk(3)`` (GRU: reset, update, new), the
outputs stacked over time (``StackBackward0``). torch runs its LSTM layer as one fused node
(``MkldnnRnnLayerBackward0``); here its graph is the steps themselves.

A ``PackedSequence`` input runs padded (sorted longest first), each sequence's state held where it
ended (``where``), so a reverse direction starts at each sequence's own last step; the output is
packed again and the final states put back in the batch's order, as torch returns them.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from .. import _dtypes, creation
from ..autograd import grad_mode
from ..ops._grad import where
from ..ops.shape import cat, stack
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence, pad_packed_sequence

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]


def _rnn_step(input_part: Tensor, hidden: Tensor, w_hh: Tensor, b_hh: Tensor | None,
              nonlinearity: str) -> Tensor:
    """One step of a plain RNN: ``act(linear(hidden, w_hh, b_hh) + input_part)``."""
    total = F.linear(hidden, w_hh, b_hh) + input_part
    return total.tanh() if nonlinearity == "tanh" else total.relu()


def _lstm_step(input_part: Tensor, state: tuple, w_hh: Tensor, b_hh: Tensor | None,
               w_hr: Tensor | None = None) -> tuple:
    """One LSTM step: the four gates from ``linear(h, w_hh, b_hh) + input_part``, then
    ``c' = f * c + i * g`` and ``h' = o * tanh(c')`` (projected by ``w_hr`` with ``proj_size``)."""
    hidden, cell = state
    gates = (F.linear(hidden, w_hh, b_hh) + input_part).chunk(4, 1)
    in_gate, forget_gate = gates[0].sigmoid(), gates[1].sigmoid()
    cell_gate, out_gate = gates[2].tanh(), gates[3].sigmoid()
    new_cell = forget_gate * cell + in_gate * cell_gate
    new_hidden = out_gate * new_cell.tanh()
    return (new_hidden if w_hr is None else F.linear(new_hidden, w_hr)), new_cell


def _gru_step(input_part: Tensor, hidden: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    """One GRU step: reset ``r`` and update ``z`` gates, the new gate
    ``n = tanh(x_n + r * h_n)``, then ``h' = (h - n) * z + n``."""
    input_gates = input_part.chunk(3, 1)
    hidden_gates = F.linear(hidden, w_hh, b_hh).chunk(3, 1)
    reset_gate = (hidden_gates[0] + input_gates[0]).sigmoid()
    update_gate = (hidden_gates[1] + input_gates[1]).sigmoid()
    new_gate = (input_gates[2] + hidden_gates[2] * reset_gate).tanh()
    return (hidden - new_gate) * update_gate + new_gate


_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters of every layer and direction, and the loop over
    layers, directions and time steps."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if not isinstance(dropout, int | float) or isinstance(dropout, bool) or \
                not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", UserWarning, stacklevel=3)
        if not isinstance(hidden_size, int):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, proj_size
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        output_size = proj_size or hidden_size  # the hidden state's size
        self._flat_weights_names: list[str] = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else output_size * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = [("weight_ih", (gate_size, layer_input)), ("weight_hh", (gate_size, output_size))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in shapes:
                    setattr(self, name + suffix, Parameter(creation.empty(shape, dtype=dtype)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """torch's initialization: every parameter uniform on ``±1/sqrt(hidden_size)`` (seeded by
        ``t.manual_seed``)."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        with grad_mode.no_grad():
            for weight in self.parameters():
                init.uniform_(weight, -bound, bound)

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters of each layer and direction, as torch lists them."""
        per_cell = (4 if self.bias else 2) + (1 if self.proj_size else 0)
        names = self._flat_weights_names
        return [[getattr(self, n) for n in names[i:i + per_cell]]
                for i in range(0, len(names), per_cell)]

    def flatten_parameters(self) -> None:
        """torch gathers the weights into one block of GPU memory for cuDNN; on the CPU (all there
        is here) it does nothing, as in torch."""

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # -- running the layers ----------------------------------------------------------------------

    def _step(self, input_part: Tensor, state: Any, w_hh: Tensor, b_hh: Tensor | None,
              w_hr: Tensor | None) -> Any:
        if self.mode == "LSTM":
            return _lstm_step(input_part, state, w_hh, b_hh, w_hr)
        if self.mode == "GRU":
            return _gru_step(input_part, state, w_hh, b_hh)
        return _rnn_step(input_part, state, w_hh, b_hh, "tanh" if self.mode == "RNN_TANH" else "relu")

    def _direction(self, inputs: Tensor, state: Any, cell: int, reverse: bool,
                   lengths: Any = None) -> tuple:
        """One layer in one direction over the whole sequence: its outputs stacked over time and
        its final state. With ``lengths`` (a packed batch) a sequence's state only moves at its
        own steps."""
        weights = self.all_weights[cell]
        w_ih, w_hh = weights[0], weights[1]
        b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
        w_hr = weights[-1] if self.proj_size else None
        steps = F.linear(inputs, w_ih, b_ih).unbind(0)
        outputs = []
        order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
        for index in order:
            new = self._step(steps[index], state, w_hh, b_hh, w_hr)
            if lengths is not None:
                inside = Tensor._make((lengths > index)[:, None])
                new = (tuple(where(inside, n, s) for n, s in zip(new, state))
                       if self.mode == "LSTM" else where(inside, new, state))
            state = new
            outputs.append(state[0] if self.mode == "LSTM" else state)
        if reverse:
            outputs.reverse()
        return stack(outputs, 0), state

    def _run(self, inputs: Tensor, states: list, lengths: Any = None) -> tuple[Tensor, list]:
        """Every layer (and direction) in turn; dropout between layers when training."""
        directions = 2 if self.bidirectional else 1
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                cell = layer * directions + direction
                output, final = self._direction(inputs, states[cell], cell, direction == 1,
                                                lengths)
                outputs.append(output)
                finals.append(final)
            inputs = outputs[0] if directions == 1 else cat(outputs, outputs[0].ndim - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                inputs = F.dropout(inputs, self.dropout, True)
        return inputs, finals

    def _prepare(self, input: Tensor | PackedSequence) -> tuple:
        """The input as (time, batch, features), whether it had no batch dim, and a packed batch's
        lengths (sorted longest first; None for a tensor)."""
        lengths = None
        if isinstance(input, PackedSequence):
            input, sizes = pad_packed_sequence(PackedSequence(input.data, input.batch_sizes))
            lengths = sizes._data
        elif input.ndim not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.ndim}D tensor instead")
        unbatched = input.ndim == 2
        if unbatched:
            input = input.unsqueeze(1)
        elif self.batch_first and lengths is None:
            input = input.transpose(0, 1)
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.shape[-1]}")
        return input, unbatched, lengths

    @staticmethod
    def _sorted(hx: Tensor | None, input: Any) -> Tensor | None:
        """A given state in a packed batch's sorted order (torch's ``permute_hidden``)."""
        if hx is None or not isinstance(input, PackedSequence) or input.sorted_indices is None:
            return hx
        return hx.index_select(1, input.sorted_indices)

    @staticmethod
    def _unsorted(state: Tensor, input: Any) -> Tensor:
        """A final state back in the batch's own order."""
        if not isinstance(input, PackedSequence) or input.unsorted_indices is None:
            return state
        return state.index_select(1, input.unsorted_indices)

    def _initial(self, hx: Tensor | None, batch: int, like: Tensor, unbatched: bool,
                 size: int | None = None, label: str = "hidden") -> Tensor:
        """The initial hidden (or cell) state of ``size`` features (the hidden state's by
        default): zeros, or ``hx`` checked against torch's shape (``label`` names it in the
        error)."""
        layers = self.num_layers * (2 if self.bidirectional else 1)
        size = size or self.proj_size or self.hidden_size
        if hx is None:
            return creation.zeros(layers, batch, size, dtype=like.dtype, device=like.device)
        if unbatched:
            if hx.ndim != 2:
                raise RuntimeError(f"For unbatched 2-D input, hx should also be 2-D but got "
                                   f"{hx.ndim}-D tensor")
            hx = hx.unsqueeze(1)
        elif hx.ndim != 3:
            raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got "
                               f"{hx.ndim}-D tensor")
        expected = (layers, batch, size)
        if tuple(hx.shape) != expected:
            raise RuntimeError(f"Expected {label} size {expected}, got {list(hx.shape)}")
        return hx

    def _finish(self, output: Tensor, unbatched: bool, input: Any) -> Any:
        if isinstance(input, PackedSequence):
            # torch's packed output is each step's rows concatenated (CatBackward0)
            data = cat([output[step, :int(size)] for step, size in enumerate(input.batch_sizes._data)])
            return PackedSequence(data, input.batch_sizes, input.sorted_indices,
                                  input.unsorted_indices)
        if unbatched:
            return output.squeeze(1)
        return output.transpose(0, 1) if self.batch_first else output


def _check_lstm_state(hx: Any) -> None:
    """torch's errors for an LSTM state that is not a pair ``(h_0, c_0)``: it reads ``hx[0]`` and
    ``hx[1]`` (so a lone ``h_0`` of one layer is an IndexError), then wants exactly two."""
    if isinstance(hx, Tensor):
        if hx.shape[0] < 2:
            raise IndexError(f"index 1 is out of bounds for dimension 0 with size {hx.shape[0]}")
        raise ValueError("LSTM expects hx as a tuple (h_0, c_0)")
    if not isinstance(hx, tuple | list):
        raise TypeError(f"'{type(hx).__name__}' object is not subscriptable")
    if len(hx) < 2:
        raise IndexError(f"{type(hx).__name__} index out of range")
    if len(hx) > 2:
        raise RuntimeError("lstm expects two hidden states")


def _no_projection(kwargs: dict) -> None:
    """torch's error for ``proj_size`` given to an RNN or a GRU (even 0)."""
    if "proj_size" in kwargs:
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")


class RNN(RNNBase):
    """An Elman RNN: ``h_t = tanh(x_t @ W_ih.T + b_ih + h_{t-1} @ W_hh.T + b_hh)`` (or relu), layer
    after layer. ``rnn(x, h0)`` returns the last layer's outputs at every step and the final hidden
    state of every layer: ``(L, N, hidden)`` (``(N, L, hidden)`` with ``batch_first``) and
    ``(layers * directions, N, hidden)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _no_projection(kwargs)
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:  # (input_size, hidden_size, num_layers, nonlinearity, ...) as torch
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self_mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(self_mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor | PackedSequence,
                hx: Tensor | None = None) -> tuple[Any, Tensor]:
        inputs, unbatched, lengths = self._prepare(input)
        hx = self._initial(self._sorted(hx, input), inputs.shape[1], inputs, unbatched)
        output, finals = self._run(inputs, list(hx.unbind(0)), lengths)
        hidden = self._unsorted(stack(finals, 0), input)
        return self._finish(output, unbatched, input), hidden.squeeze(1) if unbatched else hidden


class LSTM(RNNBase):
    """Long short-term memory: per step the gates ``i, f, g, o`` (rows of ``weight_ih``/``weight_hh``
    in that order), ``c_t = f * c_{t-1} + i * g``, ``h_t = o * tanh(c_t)``. ``lstm(x, (h0, c0))``
    returns the outputs and ``(h_n, c_n)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input: Tensor | PackedSequence,
                hx: tuple | None = None) -> tuple[Any, tuple]:
        inputs, unbatched, lengths = self._prepare(input)
        batch = inputs.shape[1]
        if hx is None:
            h0 = self._initial(None, batch, inputs, unbatched)
            c0 = self._initial(None, batch, inputs, unbatched, self.hidden_size)
        else:
            _check_lstm_state(hx)
            dims = 2 if unbatched else 3
            if hx[0].ndim != dims or hx[1].ndim != dims:
                raise RuntimeError(
                    f"For {'unbatched 2-D' if unbatched else 'batched 3-D'} input, hx and cx "
                    f"should also be {dims}-D but got ({hx[0].ndim}-D, {hx[1].ndim}-D) tensors")
            h0 = self._initial(self._sorted(hx[0], input), batch, inputs, unbatched,
                               label="hidden[0]")
            c0 = self._initial(self._sorted(hx[1], input), batch, inputs, unbatched,
                               self.hidden_size, "hidden[1]")
        output, finals = self._run(inputs, list(zip(h0.unbind(0), c0.unbind(0))), lengths)
        hidden = self._unsorted(stack([h for h, _ in finals], 0), input)
        cell = self._unsorted(stack([c for _, c in finals], 0), input)
        if unbatched:
            hidden, cell = hidden.squeeze(1), cell.squeeze(1)
        return self._finish(output, unbatched, input), (hidden, cell)


class GRU(RNNBase):
    """Gated recurrent unit: per step the reset ``r`` and update ``z`` gates and the new gate
    ``n = tanh(x W_in + b_in + r * (h W_hn + b_hn))`` (rows r, z, n), ``h_t = (1 - z) * n + z * h``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _no_projection(kwargs)
        super().__init__("GRU", *args, **kwargs)

    forward = RNN.forward


class RNNCellBase(Module):
    """One step of a recurrent layer as a module: ``weight_ih``, ``weight_hh``, ``bias_ih``,
    ``bias_hh`` (uniform on ``±1/sqrt(hidden_size)``)."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        size = self.gates * hidden_size
        self.weight_ih = Parameter(creation.empty((size, input_size), dtype=dtype))
        self.weight_hh = Parameter(creation.empty((size, hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(creation.empty(size, dtype=dtype))
            self.bias_hh = Parameter(creation.empty(size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    reset_parameters = RNNBase.reset_parameters

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            text += f", nonlinearity={nonlinearity}"
        return text

    def _batched(self, input: Tensor, hx: Any) -> tuple[Tensor, bool]:
        if input.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got "
                             f"{input.ndim}D instead")
        return (input.unsqueeze(0), True) if input.ndim == 1 else (input, False)

    def _state(self, hx: Tensor | None, input: Tensor, unbatched: bool) -> Tensor:
        if hx is None:
            return creation.zeros(input.shape[0], self.hidden_size, dtype=input.dtype,
                                  device=input.device)
        return hx.unsqueeze(0) if unbatched else hx

    def _input_part(self, input: Tensor) -> Tensor:
        return F.linear(input, self.weight_ih, self.bias_ih)


class RNNCell(RNNCellBase):
    """``h' = tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)`` (or relu)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        super().__init__(input_size, hidden_size, bias, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, unbatched = self._batched(input, hx)
        hidden = _rnn_step(self._input_part(input), self._state(hx, input, unbatched),
                           self.weight_hh, self.bias_hh, self.nonlinearity)
        return hidden.squeeze(0) if unbatched else hidden


class LSTMCell(RNNCellBase):
    """One LSTM step: ``(h', c') = lstm_cell(x, (h, c))``."""

    gates = 4

    def forward(self, input: Tensor, hx: tuple | None = None) -> tuple[Tensor, Tensor]:
        input, unbatched = self._batched(input, hx)
        state = (self._state(None if hx is None else hx[0], input, unbatched),
                 self._state(None if hx is None else hx[1], input, unbatched))
        hidden, cell = _lstm_step(self._input_part(input), state, self.weight_hh, self.bias_hh)
        return (hidden.squeeze(0), cell.squeeze(0)) if unbatched else (hidden, cell)


class GRUCell(RNNCellBase):
    """One GRU step: ``h' = gru_cell(x, h)``."""

    gates = 3

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, unbatched = self._batched(input, hx)
        hidden = _gru_step(self._input_part(input), self._state(hx, input, unbatched),
                           self.weight_hh, self.bias_hh)
        return hidden.squeeze(0) if unbatched else hidden
