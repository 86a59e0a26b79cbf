# source: pytorch/tutorials, recipes_source/recipes/profiler_recipe.py
# Follows the recipe's steps and calls in order (torch.profiler's profile, record_function, ProfilerActivity, schedule); written for this suite, not copied from it.
# compare: structure
# adapted: torchvision's resnet18 is replaced by a small network of the same kinds of layers (conv, batch norm, ReLU, max pool, a residual block, adaptive average pool, linear) and the 5 x 3 x 224 x 224 input by 5 x 3 x 32 x 32; without CUDA or XPU the recipe prints so and ends (sys.exit(0)): here it goes on with device 'cpu' through sections 5 and 7 (the Chrome trace, written into a temporary directory, and the schedule with its trace handler, whose traces go there too instead of /tmp); sections 4 and 6 and the memory timeline are left out (autograd_lab's profiler records neither memory nor stacks); the tables' rows and rules and the total time are masked: their names are torch's aten:: kernels (autograd_lab's are its own ops) and their numbers times
# mask: ^\s*\S.*\s+-?\d+\.\d+%\s.*$
# mask: ^-+(\s+-+)*\s*$
# mask: (?<=Self CPU time total: ).*$
import json
import os
import shutil
import tempfile

import torch
import torch.nn as nn
from torch.profiler import profile, record_function, ProfilerActivity

work_dir = tempfile.mkdtemp(prefix="profiler-")
os.chdir(work_dir)


class BasicBlock(nn.Module):
    """A residual block as resnet18's: two 3 x 3 convolutions with batch norm, added to the input."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + x)


def resnet18():
    """The stand-in for torchvision.models.resnet18 (see the header)."""
    return nn.Sequential(
        nn.Conv2d(3, 8, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
        nn.MaxPool2d(3, stride=2, padding=1), BasicBlock(8),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(8, 10))


# 2. a model and an input
model = resnet18()
inputs = torch.randn(5, 3, 32, 32)

# 3. execution time
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    with record_function("model_inference"):
        model(inputs)

print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=10))

print(prof.key_averages(group_by_input_shape=True).table(sort_by="cpu_time_total", row_limit=10))

activities = [ProfilerActivity.CPU]
if torch.cuda.is_available():
    device = 'cuda'
    activities += [ProfilerActivity.CUDA]
elif torch.xpu.is_available():
    device = 'xpu'
    activities += [ProfilerActivity.XPU]
else:
    print('Neither CUDA nor XPU devices are available to demonstrate profiling on acceleration devices')
    device = 'cpu'  # (the recipe ends here: sys.exit(0))

sort_by_keyword = device + "_time_total"

model = resnet18().to(device)
inputs = torch.randn(5, 3, 32, 32).to(device)

with profile(activities=activities, record_shapes=True) as prof:
    with record_function("model_inference"):
        model(inputs)

print(prof.key_averages().table(sort_by=sort_by_keyword, row_limit=10))

# 5. tracing
with profile(activities=activities) as prof:
    model(inputs)

prof.export_chrome_trace("trace.json")
with open("trace.json") as f:
    trace = json.load(f)
print(sorted({event["ph"] for event in trace["traceEvents"] if event.get("cat") == "cpu_op"}))

# 7. long-running jobs: a schedule
from torch.profiler import schedule

my_schedule = schedule(
    skip_first=10,
    wait=5,
    warmup=1,
    active=3,
    repeat=2)
print([my_schedule(step).name for step in range(32)])

sort_by_keyword = "self_" + device + "_time_total"


def trace_handler(p):
    output = p.key_averages().table(sort_by=sort_by_keyword, row_limit=10)
    print(output)
    p.export_chrome_trace(os.path.join(work_dir, "trace_" + str(p.step_num) + ".json"))


with profile(
    activities=activities,
    schedule=torch.profiler.schedule(
        wait=1,
        warmup=1,
        active=2),
    on_trace_ready=trace_handler
) as p:
    for idx in range(8):
        model(inputs)
        p.step()

print(sorted(name for name in os.listdir(work_dir) if name.startswith("trace_")))
os.chdir(os.path.dirname(work_dir))
shutil.rmtree(work_dir)
