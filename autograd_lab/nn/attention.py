"""``nn.MultiheadAttention``, composed of ops as torch's ``multi_head_attention_forward`` composes
them (projections, ``bmm`` of the heads, softmax, ``out_proj``)."""

from __future__ import annotations

import math
from typing import Any

from .. import _dtypes, creation
from ..autograd import grad_mode
from ..ops.linalg import bmm
from ..tensor import Tensor
from . import functional as F
from . import init
from .layers import Linear
from .module import Module
from .parameter import Parameter

__all__ = ["MultiheadAttention"]


class MultiheadAttention(Module):
    """Attention with ``num_heads`` heads of ``embed_dim // num_heads`` features each: the inputs
    projected by ``in_proj_weight`` (queries, keys, values stacked), attention per head, the heads
    joined and projected by ``out_proj``. ``mha(q, k, v)`` returns the output and (with
    ``need_weights``) the attention weights, averaged over the heads by default."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device: Any = None,
                 dtype: _dtypes.dtype | None = None) -> None:
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        if add_bias_kv or add_zero_attn or (kdim not in (None, embed_dim)) or \
                (vdim not in (None, embed_dim)):
            raise NotImplementedError("autograd_lab's MultiheadAttention takes neither add_bias_kv, "
                                      "add_zero_attn nor a kdim/vdim other than embed_dim")
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, dropout
        self.kdim = self.vdim = embed_dim
        self._qkv_same_embed_dim = True
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        self.in_proj_weight = Parameter(creation.empty((3 * embed_dim, embed_dim), dtype=dtype))
        self.register_parameter("q_proj_weight", None)
        self.register_parameter("k_proj_weight", None)
        self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(creation.empty(3 * embed_dim, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """torch's initialization: xavier_uniform_ projections, zero biases."""
        with grad_mode.no_grad():
            init.xavier_uniform_(self.in_proj_weight)
            if self.in_proj_bias is not None:
                init.constant_(self.in_proj_bias, 0.0)
                init.constant_(self.out_proj.bias, 0.0)

    def forward(self, query: Tensor, key: Tensor, value: Tensor,
                key_padding_mask: Tensor | None = None, need_weights: bool = True,
                attn_mask: Tensor | None = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple[Tensor, Tensor | None]:
        if is_causal and attn_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                               "Transformer module method `generate_square_subsequent_mask` to "
                               "create this mask.")
        batched = query.ndim == 3
        if self.batch_first and batched:
            query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        if not batched:
            query, key, value = (x.unsqueeze(1) for x in (query, key, value))
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        if is_causal and key_padding_mask is None and not need_weights:
            # torch takes the hint as it is: the causal mask replaces attn_mask
            attn_mask = None
        else:
            is_causal = False
        output, weights = self._attend(query, key, value, key_padding_mask, need_weights,
                                       attn_mask, average_attn_weights, is_causal)
        if not batched:
            output = output.squeeze(1)
            weights = None if weights is None else weights.squeeze(0)
        elif self.batch_first:
            output = output.transpose(1, 0)
        return output, weights

    def _attend(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Tensor | None,
                need_weights: bool, attn_mask: Tensor | None, average: bool,
                is_causal: bool = False) -> tuple:
        """torch's multi_head_attention_forward for inputs ``(L, N, E)``."""
        target, batch, embed = query.shape
        heads, head_dim = self.num_heads, self.head_dim
        q, k, v = self._project(query, key, value)
        q = q.view(target, batch * heads, head_dim).transpose(0, 1)
        k = k.view(k.shape[0], batch * heads, head_dim).transpose(0, 1)
        v = v.view(v.shape[0], batch * heads, head_dim).transpose(0, 1)
        source = k.shape[1]
        mask = None
        if attn_mask is not None:
            mask = F.additive_mask(attn_mask, q, keep_where_true=False)
            if mask.ndim == 2:
                mask = mask.unsqueeze(0)
        if key_padding_mask is not None:
            padding = F.additive_mask(key_padding_mask, q, keep_where_true=False)
            padding = padding.view(batch, 1, 1, source).expand(-1, heads, -1, -1).reshape(
                batch * heads, 1, source)
            mask = padding if mask is None else mask + padding
        dropout_p = self.dropout if self.training else 0.0
        if need_weights:
            scores = bmm(q * math.sqrt(1.0 / float(head_dim)), k.transpose(-2, -1))
            if mask is not None:
                scores = scores + mask
            weights = scores.softmax(-1)
            if dropout_p > 0.0:
                weights = F.dropout(weights, dropout_p, True)
            output = bmm(weights, v).transpose(0, 1).contiguous().view(target * batch, embed)
            output = F.linear(output, self.out_proj.weight, self.out_proj.bias)
            weights = weights.view(batch, heads, target, source)
            return output.view(target, batch, output.shape[1]), \
                weights.mean(1) if average else weights
        if mask is not None:
            mask = mask.view(batch, heads, -1, source) if mask.shape[0] != 1 else mask.unsqueeze(0)
        q = q.view(batch, heads, target, head_dim)
        k = k.view(batch, heads, source, head_dim)
        v = v.view(batch, heads, source, head_dim)
        output = F.scaled_dot_product_attention(q, k, v, mask, dropout_p, is_causal)
        output = output.permute(2, 0, 1, 3).contiguous().view(batch * target, embed)
        output = F.linear(output, self.out_proj.weight, self.out_proj.bias)
        return output.view(target, batch, output.shape[1]), None

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> tuple:
        """The queries, keys and values through the three blocks of ``in_proj_weight``."""
        weight, bias, embed = self.in_proj_weight, self.in_proj_bias, self.embed_dim
        weights = weight.split(embed)
        biases = bias.split(embed) if bias is not None else (None, None, None)
        return tuple(F.linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))


class NonDynamicallyQuantizableLinear(Linear):
    """``MultiheadAttention``'s output projection: a ``Linear`` (torch's name for it)."""
