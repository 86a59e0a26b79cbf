# source: d2l-ai/d2l-en, chapter_appendix-mathematics-for-deep-learning/eigendecomposition.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: its plot prints the curves it would draw); the value of each notebook cell's last expression is printed; the random matrix comes from torch's generator (seeded, but autograd_lab does not reproduce its draws): compared by structure
from d2l import torch as d2l
from IPython import display  # noqa: F401 - the chapter imports it
import torch

print(torch.linalg.eig(torch.tensor([[2, 1], [2, 3]], dtype=torch.float64)))

A = torch.tensor([[1.0, 0.1, 0.1, 0.1],
              [0.1, 3.0, 0.2, 0.3],
              [0.1, 0.2, 5.0, 0.5],
              [0.1, 0.3, 0.5, 9.0]])

v, _ = torch.linalg.eig(A)
print(v)

torch.manual_seed(42)

k = 5
A = torch.randn(k, k, dtype=torch.float64)
print(A)

# Calculate the sequence of norms after repeatedly applying `A`
v_in = torch.randn(k, 1, dtype=torch.float64)

norm_list = [torch.norm(v_in).item()]
for i in range(1, 100):
    v_in = A @ v_in
    norm_list.append(torch.norm(v_in).item())

print(d2l.plot(torch.arange(0, 100), norm_list, 'Iteration', 'Value'))

# Compute the scaling factor of the norms
norm_ratio_list = []
for i in range(1, 100):
    norm_ratio_list.append(norm_list[i]/norm_list[i - 1])

print(d2l.plot(torch.arange(1, 100), norm_ratio_list, 'Iteration', 'Ratio'))

# Compute the eigenvalues
eigs = torch.linalg.eig(A).eigenvalues.tolist()
norm_eigs = [torch.abs(torch.tensor(x)) for x in eigs]
norm_eigs.sort()
print(f'norms of eigenvalues: {norm_eigs}')

# Rescale the matrix `A`
A /= norm_eigs[-1]

# Do the same experiment again
v_in = torch.randn(k, 1, dtype=torch.float64)

norm_list = [torch.norm(v_in).item()]
for i in range(1, 100):
    v_in = A @ v_in
    norm_list.append(torch.norm(v_in).item())

print(d2l.plot(torch.arange(0, 100), norm_list, 'Iteration', 'Value'))

# Also plot the ratio
norm_ratio_list = []
for i in range(1, 100):
    norm_ratio_list.append(norm_list[i]/norm_list[i-1])

print(d2l.plot(torch.arange(1, 100), norm_ratio_list, 'Iteration', 'Ratio'))
