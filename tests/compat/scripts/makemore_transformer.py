# source: karpathy/makemore, makemore.py
# Runs makemore.py as a program (tests/compat/data/makemore.py follows it: its classes, functions and main program, their torch calls in the same order; written for this suite, not copied from it): trained with --type transformer, then run again with --sample-only from the model it saved.
# compare: structure
# adapted: the program's own flags make it small and short: --max-steps 501 (the evaluation, the saving of model.pt and the samples come at steps 500, 500, 200 and 400), -n 0 (no worker processes), --n-layer 1 --n-head 2 --n-embd 16 --n-embd2 16 -b 8, --device cpu; names.txt is the suite's 484-name list; the work directory is a temporary directory (removed at the end); SummaryWriter is a stand-in keeping scalars in memory (torch.utils.tensorboard needs the tensorboard package, which torch itself lacks here); step times, the work directory, and the sampled words and their counts (torch's generator) are masked
# mask: (?<=step time )\d+\.\d+ms
# mask: (?<='work_dir': ')[^']*
# mask: (?<=saving model to ).*$
# mask: ^\d+ samples that are (in train|in test|new):$
# mask: ^[a-z]*$
import runpy
import shutil
import sys
import tempfile

work_dir = tempfile.mkdtemp(prefix="makemore-")
flags = ["--type", "transformer", "-i", "names.txt", "-o", work_dir, "--device", "cpu", "-n", "0",
         "--n-layer", "1", "--n-head", "2", "--n-embd", "16", "--n-embd2", "16", "-b", "8"]
try:
    sys.argv = ["makemore.py", *flags, "--max-steps", "501"]
    runpy.run_path("makemore.py", run_name="__main__")
    sys.argv = ["makemore.py", *flags, "--sample-only"]
    try:
        runpy.run_path("makemore.py", run_name="__main__")
    except SystemExit:  # the program ends its sampling with sys.exit()
        print("sampling done")
finally:
    shutil.rmtree(work_dir)
