"""``nn.TransformerEncoderLayer``, ``nn.TransformerEncoder``, ``nn.TransformerDecoderLayer``,
``nn.TransformerDecoder`` and ``nn.Transformer``, composed as torch composes them: a block is
``MultiheadAttention``, ``Dropout``, a residual sum and ``LayerNorm`` (after the sum, or before the
attention with ``norm_first``), then the feed-forward ``linear2(dropout(activation(linear1(x))))``
the same way. A stack is ``deepcopy`` of one layer, ``num_layers`` times, in a ``ModuleList``."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import _dtypes, creation
from ..autograd import grad_mode
from ..device import default_device_is_set
from ..ops.shape import triu
from ..tensor import Tensor
from . import functional as F
from . import init
from .attention import MultiheadAttention
from .layers import GELU, Dropout, LayerNorm, Linear, ModuleList, ReLU
from .module import Module

__all__ = ["Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
           "TransformerDecoderLayer"]

Activation = str | Callable[[Tensor], Tensor]


def _activation(activation: Activation) -> Callable[[Tensor], Tensor]:
    """``"relu"`` or ``"gelu"`` as the function; a callable as it is."""
    if not isinstance(activation, str):
        return activation
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _canonical_mask(mask: Tensor | None, name: str, other: Tensor | None, other_name: str,
                    like: Tensor) -> Tensor | None:
    """A boolean mask as the float mask torch adds to the scores (``-inf`` where True), with
    torch's check of its dtype and its warning when it and ``other`` differ in dtype."""
    if mask is None:
        return None
    if mask.dtype != _dtypes.bool_ and not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {name} are supported")
    if other is not None and mask.dtype != other.dtype:
        warnings.warn(f"Support for mismatched {name} and {other_name} is deprecated. Use same "
                      "type for both instead.", stacklevel=3)
    return F.additive_mask(mask, like, keep_where_true=False)


def _sequence_length(src: Tensor, batch_first: bool) -> int:
    """The length of the sequence in ``src``: ``(S, E)``, ``(S, N, E)`` or ``(N, S, E)``."""
    return src.shape[0] if src.ndim == 2 else src.shape[1 if batch_first else 0]


def _is_causal_mask(mask: Tensor | None, is_causal: bool | None, size: int) -> bool:
    """torch's ``_detect_is_causal_mask``: the hint when given, else whether ``mask`` equals the
    square causal mask of ``size``."""
    if is_causal is not None or mask is None:
        return is_causal is True
    causal = _square_subsequent_mask(size, mask.dtype)
    return tuple(mask.shape) == tuple(causal.shape) and bool((mask == causal).all())


def _square_subsequent_mask(size: int, dtype: _dtypes.dtype | None = None) -> Tensor:
    """``-inf`` above the diagonal, ``0`` on and below it."""
    return triu(creation.full((size, size), float("-inf"), dtype=dtype), diagonal=1)


class TransformerEncoderLayer(Module):
    """One encoder block: self-attention then a feed-forward network, each with dropout, a residual
    sum and a ``LayerNorm``. Post-norm (the default): ``x = norm1(x + sa(x))``,
    ``x = norm2(x + ff(x))``; with ``norm_first``: ``x = x + sa(norm1(x))``, ``x = x + ff(norm2(x))``."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Activation = F.relu,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        activation = _activation(activation)
        # torch records whether its fused kernel could run this activation (1 relu, 2 gelu, 0 not)
        if activation is F.relu or isinstance(activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is F.gelu or isinstance(activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def forward(self, src: Tensor, src_mask: Tensor | None = None,
                src_key_padding_mask: Tensor | None = None, is_causal: bool = False) -> Tensor:
        """``src`` is ``(S, E)``, ``(S, N, E)`` or (``batch_first``) ``(N, S, E)``; a boolean mask
        is True where attention is not allowed, a float one is added to the scores."""
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask",
                                               src_mask, "src_mask", src)
        src_mask = _canonical_mask(src_mask, "src_mask", None, "", src)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, attn_mask: Tensor | None, key_padding_mask: Tensor | None,
                  is_causal: bool = False) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


def _why_no_nested_tensor(layer: Module) -> str:
    """Why torch's encoder will not pack its input into a nested tensor (empty if it will)."""
    name = "encoder_layer"
    if not isinstance(layer, TransformerEncoderLayer):
        return f"{name} was not TransformerEncoderLayer"
    attention = layer.self_attn
    reasons = ((layer.norm_first, f"{name}.norm_first was True"),
               (not attention.batch_first, f"{name}.self_attn.batch_first was not True(use "
                                           "batch_first for better inference performance)"),
               (not attention._qkv_same_embed_dim,
                f"{name}.self_attn._qkv_same_embed_dim was not True"),
               (attention.in_proj_bias is None, f"{name}.self_attn was passed bias=False"),
               (not layer.activation_relu_or_gelu, f"{name}.activation_relu_or_gelu was not True"),
               (layer.norm1.eps != layer.norm2.eps,
                f"{name}.norm1.eps was not equal to {name}.norm2.eps"),
               (attention.num_heads % 2 == 1, f"{name}.self_attn.num_heads is odd"))
    return next((why for failed, why in reasons if failed), "")


class TransformerEncoder(Module):
    """``num_layers`` deep copies of ``encoder_layer`` applied in turn, then ``norm`` if given."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int,
                 norm: Module | None = None, enable_nested_tensor: bool = True,
                 mask_check: bool = True) -> None:
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = _why_no_nested_tensor(encoder_layer)
        if enable_nested_tensor and why_not:
            warnings.warn(f"enable_nested_tensor is True, but self.use_nested_tensor is False "
                          f"because {why_not}", stacklevel=2)
            self.use_nested_tensor = False

    def forward(self, src: Tensor, mask: Tensor | None = None,
                src_key_padding_mask: Tensor | None = None,
                is_causal: bool | None = None) -> Tensor:
        """``is_causal=None`` detects a causal ``mask`` (as torch does)."""
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask", mask,
                                               "mask", src)
        mask = _canonical_mask(mask, "mask", None, "", src)
        padded = self._nested_padding(src, mask, src_key_padding_mask)
        is_causal = _is_causal_mask(mask, is_causal,
                                    _sequence_length(src, self.layers[0].self_attn.batch_first))
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=is_causal,
                           src_key_padding_mask=src_key_padding_mask)
        if padded is not None:
            # torch ran the layers on a nested tensor of the unpadded tokens and pads it back with 0
            output = output.masked_fill(padded, 0.0)
        if self.norm is not None:
            output = self.norm(output)
        return output

    def _nested_padding(self, src: Tensor, mask: Tensor | None,
                        padding: Tensor | None) -> Tensor | None:
        """Where torch's inference path packs ``src`` into a nested tensor (eval mode, a batch
        with a left-aligned padding mask and no attention mask, nothing needing a gradient, no
        default device set): the
        padded positions, ``(N, S, 1)``, whose outputs torch returns as zeros. Else None."""
        first = self.layers[0]
        if not getattr(self, "use_nested_tensor", False) or first.training or src.ndim != 3 \
                or padding is None or mask is not None:
            return None
        keep = padding._data == 0
        # left-aligned: every row keeps a prefix (True...True False...False)
        if self.mask_check and (np.diff(keep.astype(np.int8), axis=-1) > 0).any():
            return None
        weights = [src, *(p for p in first.parameters())]
        if grad_mode.is_grad_enabled() and any(w.requires_grad for w in weights):
            return None
        if default_device_is_set():
            return None  # torch: "some Tensor argument has_torch_function" (the device mode)
        # torch's warning on making the nested tensor (torch gives it once per process)
        warnings.warn("The PyTorch API of nested tensors is in prototype stage and will change in "
                      "the near future. We recommend specifying layout=torch.jagged when "
                      "constructing a nested tensor, as this layout receives active development, "
                      "has better operator coverage, and works with torch.compile.", stacklevel=4)
        return Tensor._make(~keep[..., None])


class TransformerDecoderLayer(Module):
    """One decoder block: self-attention, attention to ``memory`` (the encoder's output), then a
    feed-forward network, each with dropout, a residual sum and a ``LayerNorm`` (after the sum, or
    before the block with ``norm_first``)."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Activation = F.relu,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                            batch_first=batch_first, bias=bias, dtype=dtype)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                                 batch_first=batch_first, bias=bias, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = _activation(activation)

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Tensor | None = None,
                memory_mask: Tensor | None = None, tgt_key_padding_mask: Tensor | None = None,
                memory_key_padding_mask: Tensor | None = None, tgt_is_causal: bool = False,
                memory_is_causal: bool = False) -> Tensor:
        """``tgt`` attends to itself (``tgt_mask``), then to ``memory`` (``memory_mask``)."""
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x: Tensor, attn_mask: Tensor | None, key_padding_mask: Tensor | None,
                  is_causal: bool = False) -> Tensor:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           is_causal=is_causal, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x: Tensor, memory: Tensor, attn_mask: Tensor | None,
                   key_padding_mask: Tensor | None, is_causal: bool = False) -> Tensor:
        x = self.multihead_attn(x, memory, memory, attn_mask=attn_mask,
                                key_padding_mask=key_padding_mask, is_causal=is_causal,
                                need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x: Tensor) -> Tensor:
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


class TransformerDecoder(Module):
    """``num_layers`` deep copies of ``decoder_layer`` applied in turn, then ``norm`` if given."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(decoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Tensor | None = None,
                memory_mask: Tensor | None = None, tgt_key_padding_mask: Tensor | None = None,
                memory_key_padding_mask: Tensor | None = None, tgt_is_causal: bool | None = None,
                memory_is_causal: bool = False) -> Tensor:
        """``tgt_is_causal=None`` detects a causal ``tgt_mask`` (as torch does)."""
        length = _sequence_length(tgt, self.layers[0].self_attn.batch_first)
        tgt_is_causal = _is_causal_mask(tgt_mask, tgt_is_causal, length)
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask,
                           tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder model of "Attention Is All You Need": a ``TransformerEncoder`` of
    ``src`` whose output (``memory``) a ``TransformerDecoder`` of ``tgt`` attends to. Each stack
    ends in a ``LayerNorm``; every weight matrix is drawn again by ``xavier_uniform_``."""

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Activation = F.relu, custom_encoder: Any = None,
                 custom_decoder: Any = None, layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 device: Any = None, dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        options = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                   batch_first, norm_first, bias)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(
                TransformerEncoderLayer(*options, dtype=dtype), num_encoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(
                TransformerDecoderLayer(*options, dtype=dtype), num_decoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src: Tensor, tgt: Tensor, src_mask: Tensor | None = None,
                tgt_mask: Tensor | None = None, memory_mask: Tensor | None = None,
                src_key_padding_mask: Tensor | None = None,
                tgt_key_padding_mask: Tensor | None = None,
                memory_key_padding_mask: Tensor | None = None, src_is_causal: bool | None = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:
        """The decoder's output for ``tgt`` given the encoder's output for ``src``."""
        batch = 0 if self.batch_first else 1
        if src.ndim == 3 and src.shape[batch] != tgt.shape[batch]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device: Any = None,
                                        dtype: _dtypes.dtype | None = None) -> Tensor:
        """The causal mask of a sequence of ``sz``: ``-inf`` above the diagonal, ``0`` elsewhere."""
        return _square_subsequent_mask(sz, dtype)

    def _reset_parameters(self) -> None:
        """Every parameter of more than one dimension drawn by ``xavier_uniform_``."""
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)
