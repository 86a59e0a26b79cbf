"""Measure, against torch live, in which order torch's CPU matrix products sum, by shape and layout.

    PYTHONPATH=. python scripts/measure_matmul_order.py grid [--ks 8,16,64]
    PYTHONPATH=. python scripts/measure_matmul_order.py random [--cases 3000] [--seed 0]
    PYTHONPATH=. python scripts/measure_matmul_order.py probe nn 5 16 7 3 0

``grid`` prints, per layout and ``k``, an ``m`` by ``n`` map of which candidate equals torch's
product bitwise in every element of every trial: ``K`` autograd_lab's
``matmul_as_torch_rounds`` (MKL's small kernel, autograd_lab/_matmul_rounding.py), ``N`` numpy's
``@``, ``B`` both, ``S`` the plain in-order sum of rounded products only, ``-`` none.
``random`` draws thousands of shapes in and around the region, for ``mm`` in the four layouts,
``addmm`` with a bias, ``bmm``, float64, ``mv`` and ``dot``, and counts the products equal to torch's
before (numpy's ``@``) and after (the helper), and the ones equal before and not after (which must
be none). ``probe`` shows the summation tree of one output element: every product is 1 except
``+2**30`` at position ``u`` (rows) and ``-2**30`` at ``v`` (columns); the entry is how many of the 1s
survive, which tells which products were added together before the big ones cancelled.

Findings (torch 2.13.0+cpu, MKL 2024.2, AMD EPYC with AVX-512, 2 threads; ``m x k`` times
``k x n``, float32; ``nn``: both row-major, ``tn``: ``x.T @ w``, ``nt``: ``x @ w.T`` as ``linear``):

====================  ============================================================================
case                  torch's order
====================  ============================================================================
mm, addmm nn and tn   MKL sgemm. For ``m <= 3`` or ``n <= 11`` (any ``k`` measured, up to 2048; any
                      ``m`` or ``n`` up to 1024): the in-order sum of rounded products, starting at
                      +0.0 (addmm with beta = alpha = 1: at the bias), except the elements of a row
                      before the output's next 16-byte boundary, when 4 or more are left after them:
                      those sum by 8 products, 4 into the running sum and 4 apart then added, the
                      rest into the running sum. nn with ``n == 1`` and ``m > 1`` is not this.
                      For ``m >= 4`` and ``n >= 12``: fused multiply-adds in blocks, often equal
                      to numpy's (OpenBLAS): for ``k <= 16`` measured, for some ``m`` (4, 8, 12
                      and more) up to ``k = 128``; neither beyond.
mm tt                 For ``m >= 2`` and (``m <= 3`` or ``n <= 11``): the in-order sum, without the
                      split sums of nn. ``m == 1``: another order (``n > 1``).
mm nt (linear)        Another kernel: interleaved partial sums along ``k`` (4 or 8 lanes, reduced
                      as a vector), differing element by element; in-order only for ``k <= 3``.
                      Not emulated.
bmm                   ``k * m * n < 400``: torch's own loop, the in-order sum (any layout). Larger:
                      MKL's sgemm_batch, the mm kernel above with rows numbered across the batch
                      (the 16-byte boundaries run through the whole output), nn and tn.
mv, dot               MKL sgemv / sdot: in-order only for ``k <= 4``. Not emulated.
float64               MKL dgemm: its own blocking, neither numpy's nor in-order. Not emulated.
====================  ============================================================================

``random --cases 5000 --seed 1`` (4845 products drawn; sizes up to 300 x 600 x 300): equal to
torch's bit for bit before (numpy's ``@``) 1028, after (the helper) 2364, equal before and not after
none. By case, before -> after: mm nn 88 -> 351 of 420, mm tn 87 -> 382 of 449, mm tt 108 -> 338
of 455, mm nt 79 -> 80 of 436, addmm nn 31 -> 98 of 132, addmm tn 28 -> 129 of 146, bmm nn 31 -> 155
of 166, bmm tn 41 -> 166 of 170, bmm nt 30 -> 91 of 171, bmm tt 36 -> 98 of 166; float64, mv and
dot unchanged (numpy's). The products still different lie outside the region (wider, larger than
2**16 multiply-adds, or other layouts).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from autograd_lab._matmul_rounding import matmul_as_torch_rounds

try:
    import torch
except ImportError:  # pragma: no cover - the measurement needs torch
    sys.exit("measure_matmul_order needs torch installed")


def _laid_out(x: np.ndarray, flag: str) -> np.ndarray:
    """``x`` itself (``n``) or the transpose of a row-major copy of its transpose (``t``): the same
    values in column-major order, as ``w.T`` of a row-major ``w``."""
    return x if flag == "n" else np.ascontiguousarray(x.swapaxes(-1, -2)).swapaxes(-1, -2)


def _in_order(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.cumsum(a[..., :, :, None] * b[..., None, :, :], axis=-2)[..., -1, :] + np.float32(0)


def grid(ks: list[int], ms: list[int], ns: list[int], trials: int = 2, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for layout in ("nn", "tn", "nt", "tt"):
        for k in ks:
            print(f"{layout} k={k}: rows m={ms}, columns n={ns}")
            for m in ms:
                row = ""
                for n in ns:
                    ok = {"K": True, "N": True, "S": True}
                    for _ in range(trials):
                        a = _laid_out(rng.standard_normal((m, k), np.float32), layout[0])
                        b = _laid_out(rng.standard_normal((k, n), np.float32), layout[1])
                        ref = (torch.from_numpy(a) @ torch.from_numpy(b)).numpy()
                        ok["K"] &= np.array_equal(matmul_as_torch_rounds(a, b), ref)
                        ok["N"] &= np.array_equal(a @ b, ref)
                        ok["S"] &= np.array_equal(_in_order(a, b), ref)
                    row += ("B" if ok["K"] and ok["N"] else "K" if ok["K"] else "N" if ok["N"]
                            else "S" if ok["S"] else "-")
                print(f"  m={m:5d} {row}")


def _size(rng: np.random.Generator, small: int, wide: int) -> int:
    return int(rng.integers(1, small + 1) if rng.random() < 0.6 else rng.integers(1, wide + 1))


def random_cases(cases: int, seed: int) -> int:
    """Counts per case of products equal to torch's before and after; returns the regressions."""
    rng = np.random.default_rng(seed)
    table: dict[str, list[int]] = {}
    regressions = []
    for _ in range(cases):
        kind = rng.choice(["mm", "mm", "mm", "addmm", "bmm", "float64", "mv", "dot"])
        layout = "".join(rng.choice(["n", "t"], 2))
        m, k, n = _size(rng, 4, 300), _size(rng, 20, 600), _size(rng, 12, 300)
        if kind == "bmm":
            m, k, n = _size(rng, 4, 40), _size(rng, 20, 200), _size(rng, 12, 60)
        dtype = np.float64 if kind == "float64" else np.float32
        batch = (int(rng.integers(1, 6)),) if kind == "bmm" else ()
        if m * k * n * (batch[0] if batch else 1) > 3_000_000:
            continue
        a = _laid_out(rng.standard_normal((*batch, m, k)).astype(dtype), layout[0])
        b = _laid_out(rng.standard_normal((*batch, k, n)).astype(dtype), layout[1])
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        if kind == "addmm":
            bias = rng.standard_normal((n,) if rng.random() < 0.6 else (m, n)).astype(dtype)
            ref = torch.addmm(torch.from_numpy(bias), ta, tb).numpy()
            before, after = a @ b + bias, matmul_as_torch_rounds(a, b, start=bias)
        elif kind == "mv":
            v = rng.standard_normal(k).astype(dtype)
            ref = torch.mv(ta, torch.from_numpy(v)).numpy()
            before = after = a @ v  # (not emulated: the helper leaves it to numpy)
        elif kind == "dot":
            v, w = rng.standard_normal(k).astype(dtype), rng.standard_normal(k).astype(dtype)
            ref = torch.dot(torch.from_numpy(v), torch.from_numpy(w)).numpy()
            before = after = v @ w
        else:
            ref = (ta @ tb).numpy()
            before, after = a @ b, matmul_as_torch_rounds(a, b)
        name = f"{kind} {layout}" if kind in ("mm", "addmm", "bmm", "float64") else kind
        counts = table.setdefault(name, [0, 0, 0])
        was, now = np.array_equal(before, ref), np.array_equal(after, ref)
        counts[0] += 1
        counts[1] += was
        counts[2] += now
        if was and not now:
            regressions.append((name, batch, m, k, n))
    print(f"{'case':12s} {'products':>8s} {'numpy equal':>12s} {'helper equal':>13s}")
    for name, (total, was, now) in sorted(table.items()):
        print(f"{name:12s} {total:8d} {was:12d} {now:13d}")
    print(f"equal before and not after: {len(regressions)} {regressions[:10]}")
    return len(regressions)


def probe(layout: str, m: int, k: int, n: int, i: int, j: int) -> None:
    big = np.float32(2.0 ** 30)
    print(f"{layout} ({m}, {k}) @ ({k}, {n}), element ({i}, {j}): u rows, v columns")
    for u in range(k):
        entries = []
        for v in range(k):
            if u == v:
                entries.append(" .")
                continue
            a = np.ones((m, k), np.float32)
            a[:, u], a[:, v] = big, -big
            product = (torch.from_numpy(_laid_out(a, layout[0]))
                       @ torch.from_numpy(_laid_out(np.ones((k, n), np.float32), layout[1])))
            entries.append(f"{int(product[i, j]):2d}")
        print(f"{u:3d}", " ".join(entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grid")
    g.add_argument("--ks", default="2,8,16,64")
    g.add_argument("--ms", default="1,2,3,4,5,7,8,16,64")
    g.add_argument("--ns", default="1,2,3,4,5,6,7,8,9,11,12,13,16,17,64")
    r = sub.add_parser("random")
    r.add_argument("--cases", type=int, default=3000)
    r.add_argument("--seed", type=int, default=0)
    p = sub.add_parser("probe")
    p.add_argument("layout", choices=["nn", "tn", "nt", "tt"])
    p.add_argument("sizes", type=int, nargs=5, metavar="m k n i j")
    args = parser.parse_args()
    if args.command == "grid":
        grid(*([int(x) for x in text.split(",")] for text in (args.ks, args.ms, args.ns)))
    elif args.command == "random":
        sys.exit(1 if random_cases(args.cases, args.seed) else 0)
    else:
        probe(args.layout, *args.sizes)


if __name__ == "__main__":
    main()
