# source: d2l-ai/d2l-en, chapter_attention-mechanisms-and-transformers/self-attention-and-positional-encoding.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: the value of each notebook cell's last expression is printed (check_shape returns None); `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py, with d2l's MultiHeadAttention written out), whose plot and show_heatmaps print what they would draw
from d2l import torch as d2l
import math  # noqa: F401 - the chapter imports it
import torch
from torch import nn

num_hiddens, num_heads = 100, 5
attention = d2l.MultiHeadAttention(num_hiddens, num_heads, 0.5)
batch_size, num_queries, valid_lens = 2, 4, d2l.tensor([3, 2])
X = d2l.ones((batch_size, num_queries, num_hiddens))
print(d2l.check_shape(attention(X, X, X, valid_lens),
                      (batch_size, num_queries, num_hiddens)))


class PositionalEncoding(nn.Module):  #@save
    """Positional encoding."""
    def __init__(self, num_hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        # Create a long enough P
        self.P = d2l.zeros((1, max_len, num_hiddens))
        X = d2l.arange(max_len, dtype=torch.float32).reshape(
            -1, 1) / torch.pow(10000, torch.arange(
            0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)

    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].to(X.device)
        return self.dropout(X)


encoding_dim, num_steps = 32, 60
pos_encoding = PositionalEncoding(encoding_dim, 0)
X = pos_encoding(d2l.zeros((1, num_steps, encoding_dim)))
P = pos_encoding.P[:, :X.shape[1], :]
d2l.plot(d2l.arange(num_steps), P[0, :, 6:10].T, xlabel='Row (position)',
         figsize=(6, 2.5), legend=["Col %d" % d for d in d2l.arange(6, 10)])

for i in range(8):
    print(f'{i} in binary is {i:>03b}')

P = P[0, :, :].unsqueeze(0).unsqueeze(0)
d2l.show_heatmaps(P, xlabel='Column (encoding dimension)',
                  ylabel='Row (position)', figsize=(3.5, 4), cmap='Blues')
print(pos_encoding.P.shape, X.shape, torch.equal(X, pos_encoding.P[:, :num_steps]))
