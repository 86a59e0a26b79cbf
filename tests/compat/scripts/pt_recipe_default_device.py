# source: pytorch/tutorials, recipes_source/recipes/changing_default_device.py
# Follows the recipe's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: the CPU parts: USE_CUDA stays False, and the recipe's 'cuda' device (context manager and set_default_device) is 'cpu' here, since there is no GPU; then the error torch gives for a CUDA tensor without one is caught and printed
import torch

USE_CUDA = False

mod = torch.nn.Linear(20, 30)
if USE_CUDA:
    mod.cuda()

device = 'cpu'
if USE_CUDA:
    device = 'cuda'
inp = torch.randn(128, 20, device=device)
print(mod(inp).device)

with torch.device('cpu'):
    mod = torch.nn.Linear(20, 30)
    print(mod.weight.device)
    print(mod(torch.randn(128, 20)).device)

torch.set_default_device('cpu')

mod = torch.nn.Linear(20, 30)
print(mod.weight.device)
print(mod(torch.randn(128, 20)).device)
print(torch.get_default_device())

# what the recipe's 'cuda' lines do on a machine without a GPU
try:
    torch.ones(2, device='cuda')
except (RuntimeError, AssertionError) as error:
    print(type(error).__name__, str(error).splitlines()[0])
