# source: karpathy/makemore, makemore.py
# Runs makemore.py as a program (tests/compat/data/makemore.py follows it: its classes, functions and main program, their torch calls in the same order; written for this suite, not copied from it) once for each of its other model types: bigram, mlp, rnn, gru and bow (makemore_transformer runs the transformer).
# compare: structure
# adapted: the program's own flags make each run small and short: --max-steps 201 (samples printed at step 200), -n 0 (no worker processes), --n-embd 16 --n-embd2 16 -b 8, --device cpu, and --top-k 5 for the mlp and the gru (sampling from the five likeliest tokens); names.txt is the suite's 484-name list; the work directory is a temporary directory (removed at the end); SummaryWriter is a stand-in keeping scalars in memory (torch.utils.tensorboard needs the tensorboard package, which torch itself lacks here); step times, the work directory, and the sampled words and their counts (torch's generator) are masked
# mask: (?<=step time )\d+\.\d+ms
# mask: (?<='work_dir': ')[^']*
# mask: ^\d+ samples that are (in train|in test|new):$
# mask: ^[a-z]*$
import runpy
import shutil
import sys
import tempfile

work_dir = tempfile.mkdtemp(prefix="makemore-")
try:
    for model_type, top_k in [("bigram", "-1"), ("mlp", "5"), ("rnn", "-1"), ("gru", "5"), ("bow", "-1")]:
        sys.argv = ["makemore.py", "--type", model_type, "-i", "names.txt", "-o", work_dir,
                    "--device", "cpu", "-n", "0", "--n-embd", "16", "--n-embd2", "16", "-b", "8",
                    "--top-k", top_k, "--max-steps", "201"]
        runpy.run_path("makemore.py", run_name="__main__")
finally:
    shutil.rmtree(work_dir)
