# source: pytorch/tutorials, intermediate_source/optimizer_step_in_backward_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: torchvision's ViT-L/16 and a GPU are not available here: a small MLP on 1x3x8x8 fake images, on the CPU; the CUDA memory snapshots (recording, pickling, the visualizer) are left out; the parameters after the fused steps are checked against three steps of the usual loop from the same start, and that result printed
import copy

import torch

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 32), torch.nn.GELU(),
                            torch.nn.Linear(32, 10))
reference = copy.deepcopy(model)
optimizer = torch.optim.Adam(model.parameters())

IMAGE_SIZE = 8
images = [torch.rand(1, 3, IMAGE_SIZE, IMAGE_SIZE) for _ in range(3)]


def train(model, optimizer, fake_image):
    loss = model.forward(fake_image)
    loss.sum().backward()
    optimizer.step()
    optimizer.zero_grad()


reference_optimizer = torch.optim.Adam(reference.parameters())
for fake_image in images:
    train(reference, reference_optimizer, fake_image)

optimizer_dict = {p: torch.optim.Adam([p], foreach=False) for p in model.parameters()}


def optimizer_hook(parameter) -> None:
    optimizer_dict[parameter].step()
    optimizer_dict[parameter].zero_grad()


for p in model.parameters():
    p.register_post_accumulate_grad_hook(optimizer_hook)


def train(model, fake_image):
    loss = model.forward(fake_image)
    loss.sum().backward()


del optimizer
for fake_image in images:
    train(model, fake_image)

print([p.grad for p in model.parameters()])
print(all(torch.allclose(p, q) for p, q in zip(model.parameters(), reference.parameters())))
print(optimizer_dict[model[1].weight].state_dict()["state"][0]["step"])
