# source: karpathy/nanoGPT, model.py
# Follows nanoGPT's model.py (its classes, their torch calls in the same order, the same printed names), written for this suite, not copied from it; then a driver, also written for the suite, that does what train.py and sample.py do, on a tiny model.
# compare: values
# mask: ^(sampled|dropout): .*$
# adapted: the driver replaces train.py/sample.py: a character model of shakespeare.txt (Sonnet 18, tests/compat/data) in place of the prepared datasets, config n_layer 2, n_head 4, n_embd 32, block_size 16, dropout 0; after GPT's own initialization (torch's generator) every parameter is redrawn from numpy's seeded generator and batches are drawn by numpy, so that values compare; train.py's loop (learning-rate schedule, gradient accumulation, GradScaler, clip_grad_norm_, estimate_loss, a checkpoint saved and resumed in a temporary directory) runs 6 iterations; sample.py's generate runs with top_k=1 (greedy, compared) and with temperature 0.8, top_k 5 (sampled by torch's generator: masked); timings and MFU printed from a fixed dt; last, one training step of a model with dropout 0.1 (its loss, drawn by torch's generator, masked); from_pretrained (a download through transformers) left out
import inspect
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F


class LayerNorm(nn.Module):
    """Layer normalization whose bias may be left out."""

    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, input):
        return F.layer_norm(input, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention over earlier positions, the heads computed in one batch."""

    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)  # q, k, v at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.n_head, self.n_embd, self.dropout = config.n_head, config.n_embd, config.dropout
        # the fused attention function exists from PyTorch 2.0; before it, a masked softmax
        self.flash = hasattr(torch.nn.functional, 'scaled_dot_product_attention')
        if not self.flash:
            print("WARNING: slow attention (no scaled_dot_product_attention)")
            mask = torch.tril(torch.ones(config.block_size, config.block_size))
            self.register_buffer("bias", mask.view(1, 1, config.block_size, config.block_size))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        heads = lambda t: t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # noqa: E731
        q, k, v = heads(q), heads(k), heads(v)  # each (B, n_head, T, head size)
        if self.flash:
            y = torch.nn.functional.scaled_dot_product_attention(
                q, k, v, attn_mask=None, dropout_p=self.dropout if self.training else 0, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
            att = self.attn_dropout(F.softmax(att, dim=-1))
            y = att @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # the heads side by side again
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    """The feed-forward part of a block: widen four times, GELU, project back."""

    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    """A transformer block with pre-normalization and residual connections."""

    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


@dataclass
class GPTConfig:
    block_size: int = 1024
    vocab_size: int = 50304
    n_layer: int = 12
    n_head: int = 12
    n_embd: int = 768
    dropout: float = 0.0
    bias: bool = True


class GPT(nn.Module):
    """Token and position embeddings, a stack of blocks, a final norm and a head tied to the
    token embedding."""

    def __init__(self, config):
        super().__init__()
        assert config.vocab_size is not None
        assert config.block_size is not None
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight tying: one parameter, two uses
        self.apply(self._init_weights)
        # the residual projections get a smaller scale (GPT-2's initialization)
        for name, param in self.named_parameters():
            if name.endswith('c_proj.weight'):
                torch.nn.init.normal_(param, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))
        print("number of parameters: %.2fM" % (self.get_num_params() / 1e6,))

    def get_num_params(self, non_embedding=True):
        """Parameters counted once each (the tied head too); the position embedding left out
        unless ``non_embedding`` is False."""
        count = sum(p.numel() for p in self.parameters())
        if non_embedding:
            count -= self.transformer.wpe.weight.numel()
        return count

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        device = idx.device
        b, t = idx.size()
        assert t <= self.config.block_size, f"Cannot forward sequence of length {t}, block size is only {self.config.block_size}"
        pos = torch.arange(0, t, dtype=torch.long, device=device)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        if targets is None:
            # generating: only the last position's logits are needed (a list index keeps the dim)
            return self.lm_head(x[:, [-1], :]), None
        logits = self.lm_head(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss

    def crop_block_size(self, block_size):
        """Shrink the context length: the position embedding keeps its first rows."""
        assert block_size <= self.config.block_size
        self.config.block_size = block_size
        self.transformer.wpe.weight = nn.Parameter(self.transformer.wpe.weight[:block_size])
        for block in self.transformer.h:
            if hasattr(block.attn, 'bias'):
                block.attn.bias = block.attn.bias[:, :, :block_size, :block_size]

    def configure_optimizers(self, weight_decay, learning_rate, betas, device_type):
        """AdamW with weight decay on the matrices (2-d and more) and none on biases and norms."""
        params = {name: p for name, p in self.named_parameters() if p.requires_grad}
        decay = [p for p in params.values() if p.dim() >= 2]
        no_decay = [p for p in params.values() if p.dim() < 2]
        groups = [{'params': decay, 'weight_decay': weight_decay},
                  {'params': no_decay, 'weight_decay': 0.0}]
        print(f"num decayed parameter tensors: {len(decay)}, with {sum(p.numel() for p in decay):,} parameters")
        print(f"num non-decayed parameter tensors: {len(no_decay)}, with {sum(p.numel() for p in no_decay):,} parameters")
        use_fused = 'fused' in inspect.signature(torch.optim.AdamW).parameters and device_type == 'cuda'
        optimizer = torch.optim.AdamW(groups, lr=learning_rate, betas=betas, **(dict(fused=True) if use_fused else {}))
        print(f"using fused AdamW: {use_fused}")
        return optimizer

    def estimate_mfu(self, fwdbwd_per_iter, dt):
        """Model flops utilization against an A100's bfloat16 peak (PaLM's count of flops)."""
        cfg = self.config
        L, H, Q, T = cfg.n_layer, cfg.n_head, cfg.n_embd // cfg.n_head, cfg.block_size
        flops_per_iter = (6 * self.get_num_params() + 12 * L * H * Q * T) * T * fwdbwd_per_iter
        return flops_per_iter / dt / 312e12

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None):
        """Extend ``idx`` (b, t) by ``max_new_tokens`` sampled tokens, one at a time."""
        for _ in range(max_new_tokens):
            context = idx if idx.size(1) <= self.config.block_size else idx[:, -self.config.block_size:]
            logits, _ = self(context)
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float('Inf')
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


# ---- the suite's driver: what train.py and sample.py do, on a tiny character model ---------------
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from contextlib import nullcontext  # noqa: E402

import numpy as np  # noqa: E402

torch.manual_seed(1337)
torch.backends.cuda.matmul.allow_tf32 = True # allow tf32 on matmul
torch.backends.cudnn.allow_tf32 = True # allow tf32 on cudnn
device = 'cpu'
device_type = 'cuda' if 'cuda' in device else 'cpu'
ctx = nullcontext()

with open('shakespeare.txt', 'r', encoding='utf-8') as f:
    text = f.read()
chars = sorted(list(set(text)))
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]  # noqa: E731
decode = lambda l: ''.join([itos[i] for i in l])  # noqa: E731
data = np.array(encode(text), dtype=np.uint16)
n = int(0.9 * len(data))
splits = {'train': data[:n], 'val': data[n:]}

batch_size = 4
block_size = 16
gradient_accumulation_steps = 2
rng = np.random.default_rng(0)


def get_batch(split):
    data = splits[split]
    ix = rng.integers(0, len(data) - block_size, size=(batch_size,))
    x = torch.stack([torch.from_numpy((data[i:i+block_size]).astype(np.int64)) for i in ix])
    y = torch.stack([torch.from_numpy((data[i+1:i+1+block_size]).astype(np.int64)) for i in ix])
    x, y = x.to(device), y.to(device)
    return x, y


model_args = dict(n_layer=2, n_head=4, n_embd=32, block_size=32, bias=True, vocab_size=len(chars), dropout=0.0)
gptconf = GPTConfig(**model_args)
model = GPT(gptconf)
print(model)
print(model.transformer.wte.weight is model.lm_head.weight, model.transformer.h[0].attn.flash)
model.crop_block_size(block_size)
model_args['block_size'] = block_size
print(model.transformer.wpe.weight.shape, model.get_num_params(), model.get_num_params(non_embedding=False))
with torch.no_grad():
    for pn, p in model.named_parameters():
        values = rng.normal(0.0, 0.02, size=tuple(p.shape))
        if pn.endswith('ln_1.weight') or pn.endswith('ln_2.weight') or pn.endswith('ln_f.weight'):
            values += 1.0
        p.copy_(torch.tensor(values.astype(np.float32)))
model.to(device)

scaler = torch.cuda.amp.GradScaler(enabled=False)
optimizer = model.configure_optimizers(weight_decay=1e-1, learning_rate=1e-2, betas=(0.9, 0.95), device_type=device_type)
print([(len(g['params']), g['weight_decay'], g['lr'], g['betas']) for g in optimizer.param_groups])

learning_rate, warmup_iters, lr_decay_iters, min_lr = 1e-2, 2, 6, 1e-3
eval_iters, max_iters, grad_clip = 2, 6, 1.0


@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()
    for split in ['train', 'val']:
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            with ctx:
                logits, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    model.train()
    return out


def get_lr(it):
    # 1) linear warmup for warmup_iters steps
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    # 2) if it > lr_decay_iters, return min learning rate
    if it > lr_decay_iters:
        return min_lr
    # 3) in between, use cosine decay down to min learning rate
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio)) # coeff ranges 0..1
    return min_lr + coeff * (learning_rate - min_lr)


out_dir = tempfile.mkdtemp()
X, Y = get_batch('train')
logits, loss = model(X, Y)
print(logits.shape, loss, loss.grad_fn.name())
logits, loss = model(X)
print(logits.shape, loss)
iter_num, best_val_loss = 0, 1e9
while True:
    lr = get_lr(iter_num)
    for param_group in optimizer.param_groups:
        param_group['lr'] = lr
    if iter_num % 3 == 0:
        losses = estimate_loss()
        print(f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
        if losses['val'] < best_val_loss:
            best_val_loss = losses['val']
            if iter_num > 0:
                checkpoint = {
                    'model': model.state_dict(),
                    'optimizer': optimizer.state_dict(),
                    'model_args': model_args,
                    'iter_num': iter_num,
                    'best_val_loss': best_val_loss,
                    'config': {'learning_rate': learning_rate, 'device': device},
                }
                print("saving checkpoint to out_dir")
                torch.save(checkpoint, os.path.join(out_dir, 'ckpt.pt'))
    for micro_step in range(gradient_accumulation_steps):
        with ctx:
            logits, loss = model(X, Y)
            loss = loss / gradient_accumulation_steps # scale the loss to account for gradient accumulation
        X, Y = get_batch('train')
        scaler.scale(loss).backward()
    if grad_clip != 0.0:
        scaler.unscale_(optimizer)
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    scaler.step(optimizer)
    scaler.update()
    optimizer.zero_grad(set_to_none=True)
    dt = 0.5
    lossf = loss.item() * gradient_accumulation_steps
    mfu = model.estimate_mfu(batch_size * gradient_accumulation_steps, dt)
    print(f"iter {iter_num}: loss {lossf:.4f}, norm {norm:.4f}, lr {lr:.5f}, time {dt*1000:.2f}ms, mfu {mfu*100:.6f}%")
    iter_num += 1
    if iter_num > max_iters:
        break

# resume from the checkpoint, as train.py's init_from='resume' does
checkpoint = torch.load(os.path.join(out_dir, 'ckpt.pt'), map_location=device)
checkpoint_model_args = checkpoint['model_args']
for k in ['n_layer', 'n_head', 'n_embd', 'block_size', 'bias', 'vocab_size']:
    model_args[k] = checkpoint_model_args[k]
gptconf = GPTConfig(**model_args)
model = GPT(gptconf)
state_dict = checkpoint['model']
unwanted_prefix = '_orig_mod.'
for k, v in list(state_dict.items()):
    if k.startswith(unwanted_prefix):
        state_dict[k[len(unwanted_prefix):]] = state_dict.pop(k)
print(model.load_state_dict(state_dict))
optimizer = model.configure_optimizers(1e-1, 1e-2, (0.9, 0.95), device_type)
optimizer.load_state_dict(checkpoint['optimizer'])
print(checkpoint['iter_num'], f"{checkpoint['best_val_loss']:.4f}", sorted(checkpoint['optimizer']['state'])[:3], checkpoint['config'])
print(sorted(optimizer.state_dict()['state'][0]), optimizer.state_dict()['param_groups'][1])
shutil.rmtree(out_dir)

# sample.py: generation from the resumed model
model.eval()
start_ids = encode("Shall I")
x = (torch.tensor(start_ids, dtype=torch.long, device=device)[None, ...])
with torch.no_grad():
    with ctx:
        y = model.generate(x, 20, temperature=1.0, top_k=1)
        print(decode(y[0].tolist()))
        print(y.shape, y.dtype)
        y = model.generate(x, 20, temperature=0.8, top_k=5)
        print('sampled:', decode(y[0].tolist()))
        print(y.shape)

# train.py with dropout (its fine-tuning configs use 0.1): dropout_p inside scaled_dot_product_attention
model_args['dropout'] = 0.1
model = GPT(GPTConfig(**model_args))
model.train()
X, Y = get_batch('train')
logits, loss = model(X, Y)
loss.backward()
print('dropout:', loss)
print(logits.shape, loss.grad_fn.name(), model.transformer.h[0].attn.dropout, model.transformer.wte.weight.grad.shape)
