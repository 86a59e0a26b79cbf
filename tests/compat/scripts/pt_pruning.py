# source: pytorch/tutorials, intermediate_source/pruning_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# values: ^Global sparsity
# adapted: no device lines (the model stays on the CPU); after conv1's weight is pruned, LeNet runs on a random batch of 28x28 images and the gradient reaching weight_orig is checked to be zero exactly where the mask is (the tutorial never runs the model)
import torch
import torch.nn.functional as F
import torch.nn.utils.prune as prune
from torch import nn


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


model = LeNet()

# the unpruned conv1: two parameters, no buffers
module = model.conv1
print(list(module.named_parameters()))
print(list(module.named_buffers()))

# 30% of conv1's weights pruned at random
prune.random_unstructured(module, name="weight", amount=0.3)
print(list(module.named_parameters()))
print(list(module.named_buffers()))
print(module.weight)
print(module._forward_pre_hooks)

# (added) a forward and backward pass: the mask reaches the gradient of weight_orig
out = model(torch.randn(4, 1, 28, 28))
print(out.shape, out.grad_fn)
out.sum().backward()
print(module.weight_orig.grad.shape, module.weight.grad_fn)
print(torch.equal(module.weight_orig.grad == 0, module.weight_mask == 0))
print(int((module.weight_mask == 0).sum()))

# the 3 smallest entries of the bias by L1 norm
prune.l1_unstructured(module, name="bias", amount=3)
print(list(module.named_parameters()))
print(list(module.named_buffers()))
print(module.bias)
print(module._forward_pre_hooks)

# iterative pruning: half of the output channels by L2 norm, on top of the random mask
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print(module.weight)
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":
        break
print(list(hook))

# serializing: the masks and the original parameters are in the state_dict
print(model.state_dict().keys())

# removing the reparametrization makes the pruning permanent
print(list(module.named_parameters()))
print(list(module.named_buffers()))
print(module.weight)
prune.remove(module, "weight")
print(list(module.named_parameters()))
print(list(module.named_buffers()))

# pruning several parameters of a model by layer type
new_model = LeNet()
for name, module in new_model.named_modules():
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name="weight", amount=0.2)
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name="weight", amount=0.4)
print(dict(new_model.named_buffers()).keys())

# global pruning: the lowest 20% of the connections across the model
model = LeNet()
parameters_to_prune = (
    (model.conv1, "weight"),
    (model.conv2, "weight"),
    (model.fc1, "weight"),
    (model.fc2, "weight"),
    (model.fc3, "weight"),
)
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured, amount=0.2)
layers = [("conv1", model.conv1), ("conv2", model.conv2), ("fc1", model.fc1), ("fc2", model.fc2),
          ("fc3", model.fc3)]
for label, layer in layers:
    zeros = float(torch.sum(layer.weight == 0))
    print("Sparsity in {}.weight: {:.2f}%".format(label, 100.0 * zeros / float(layer.weight.nelement())))
zeros = sum(torch.sum(layer.weight == 0) for _, layer in layers)
total = sum(layer.weight.nelement() for _, layer in layers)
print("Global sparsity: {:.2f}%".format(100.0 * float(zeros) / float(total)))


# a custom pruning method: every other entry of what is still unpruned
class FooBarPruningMethod(prune.BasePruningMethod):
    """Prune every other entry in a tensor"""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.flatten()[::2] = 0
        return mask


def foobar_unstructured(module, name):
    FooBarPruningMethod.apply(module, name)
    return module


model = LeNet()
foobar_unstructured(model.fc3, name="bias")
print(model.fc3.bias_mask)
