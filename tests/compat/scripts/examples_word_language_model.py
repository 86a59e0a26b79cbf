# source: pytorch/examples, word_language_model/main.py
# Runs pytorch/examples' word language model as its programs (tests/compat/data/word_language_model: main.py, model.py, data.py and generate.py follow word_language_model/ — their classes, steps and calls in the same order, the same printed lines; written for this suite, not copied from it): main.py trains a tied 2-layer LSTM and then a Transformer, each saved whole with torch.save and loaded back under torch.serialization.safe_globals of torch.nn.modules' classes, and generate.py samples words from each saved model.
# compare: structure
# adapted: the program directory is put first on sys.path (as running `python main.py` in it does); the corpus (wikitext-2) is Sonnet 18 (tests/compat/data/shakespeare.txt): its 14 lines 6 times over as train.txt, its first and last 7 lines twice over as valid.txt and test.txt, written into a temporary directory (removed at the end), where the models and the generated text go too; the programs' own flags make the runs small: --emsize 16 --nhid 16 --nlayers 2 --epochs 2 --bptt 8 --batch_size 4 --log-interval 5 for main.py (with --tied for the LSTM), --words 30 --log-interval 10 for generate.py
import os
import runpy
import shutil
import sys
import tempfile

program = os.path.abspath("word_language_model")
sys.path.insert(0, program)
lines = [line for line in open("shakespeare.txt").read().splitlines() if line.strip()]
work_dir = tempfile.mkdtemp(prefix="word-lm-")
corpus = os.path.join(work_dir, "corpus")
os.makedirs(corpus)
for name, text in (("train", lines * 6), ("valid", lines[:7] * 2), ("test", lines[7:] * 2)):
    with open(os.path.join(corpus, name + ".txt"), "w") as f:
        f.write("\n".join(text) + "\n")
try:
    for model_type in ["LSTM", "Transformer"]:
        saved = os.path.join(work_dir, model_type + ".pt")
        sys.argv = ["main.py", "--data", corpus, "--model", model_type, "--emsize", "16", "--nhid", "16",
                    "--nlayers", "2", "--epochs", "2", "--bptt", "8", "--batch_size", "4",
                    "--log-interval", "5", "--save", saved] + (["--tied"] if model_type == "LSTM" else [])
        runpy.run_path(os.path.join(program, "main.py"), run_name="__main__")
        sys.argv = ["generate.py", "--data", corpus, "--checkpoint", saved, "--words", "30",
                    "--log-interval", "10", "--outf", os.path.join(work_dir, "generated.txt")]
        runpy.run_path(os.path.join(program, "generate.py"), run_name="__main__")
        with open(os.path.join(work_dir, "generated.txt")) as f:
            print(len(f.read().split()), "words generated")
finally:
    shutil.rmtree(work_dir)
