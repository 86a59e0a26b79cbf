"""Check that binder/ alone is enough to run every lesson notebook.

Copies the checkout (without .git, .venv and build output) into a temporary directory, builds
a fresh virtual environment there from ``binder/requirements.txt`` alone (pip runs from the
copy's root, so its last line ``.`` installs this checkout, non-editable, the way Binder does),
adds nbclient and ipykernel to execute notebooks, then executes every ``notebooks/*.ipynb`` of
the copy with nbclient. Nothing is written into the repository, so the check can run beside
other work on the same checkout. Exits non-zero when the install fails or any cell raises.

Usage::

    .venv/bin/python scripts/check_binder.py [--python python3.12]

Binder builds with the version in ``binder/runtime.txt``; this check uses the interpreter given
by ``--python`` (default: the one running this script) and says so when the two differ.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = Path("binder", "requirements.txt")  # paths relative to a checkout's root
RUNTIME = Path("binder", "runtime.txt")
NOTEBOOKS = Path("notebooks")
# Local state and build output that Binder's clone would not have.
NOT_IN_A_CLONE = (
    ".git", ".venv", "build", "dist", "*.egg-info", "test-artifacts", "__pycache__",
    ".pytest_cache", ".ruff_cache", ".hypothesis", ".ipynb_checkpoints",
)  # fmt: skip
CELL_TIMEOUT_SECONDS = 120
# What executing notebooks needs on top of the Binder requirements (Binder's image has them).
EXECUTION_TOOLS = ("nbclient", "ipykernel")


def log(message: str) -> None:
    """Print a progress line at once (CI logs interleave with subprocess output)."""
    print(f"[check_binder] {message}", flush=True)


def interpreter_version(python: str) -> str:
    """Return "major.minor" of the given interpreter."""
    return subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def binder_python_version() -> str:
    """Return the Python version Binder will use, from binder/runtime.txt ("python-3.12")."""
    return (REPO_ROOT / RUNTIME).read_text().strip().removeprefix("python-")


def isolated_environment(venv: Path, jupyter_home: Path) -> dict[str, str]:
    """Environment for the venv's processes: its bin/ first, no outside Python or Jupyter config."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_CONFIG_DIR"] = str(jupyter_home / "config")
    env["JUPYTER_DATA_DIR"] = str(jupyter_home / "data")
    env["JUPYTER_RUNTIME_DIR"] = str(jupyter_home / "runtime")
    env["IPYTHONDIR"] = str(jupyter_home / "ipython")
    env["MPLCONFIGDIR"] = str(jupyter_home / "matplotlib")
    # ipykernel's debugger warns about frozen modules on every start; it is noise here.
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def copy_checkout(destination: Path) -> Path:
    """Copy the repository, as a fresh clone would hold it, to ``destination``; return it."""
    shutil.copytree(REPO_ROOT, destination, ignore=shutil.ignore_patterns(*NOT_IN_A_CLONE))
    return destination


def build_venv(python: str, venv: Path, checkout: Path, env: dict[str, str]) -> Path:
    """Create the venv and install the checkout's binder/requirements.txt; return its python."""
    log(f"creating a venv with {python} (Python {interpreter_version(python)}) in {venv}")
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    venv_python = venv / "bin" / "python"
    log(f"pip install -r {REQUIREMENTS} {' '.join(EXECUTION_TOOLS)}")
    started = time.monotonic()
    subprocess.run(
        [
            str(venv_python),
            "-m",
            "pip",
            "install",
            "-qq",
            "--disable-pip-version-check",
            "-r",
            str(REQUIREMENTS),
            *EXECUTION_TOOLS,
        ],
        check=True,
        cwd=checkout,  # so that the requirement "." is this checkout
        env=env,
    )
    log(f"installed in {time.monotonic() - started:.0f} s")
    return venv_python


def report_versions(venv_python: Path, checkout: Path, env: dict[str, str]) -> None:
    """Print the installed versions of the packages binder/requirements.txt names."""
    wanted = {
        line.split("==")[0].strip().lower().replace("_", "-")
        for line in (checkout / REQUIREMENTS).read_text().splitlines()
        if line.strip() and not line.startswith("#") and line.strip() != "."
    } | {"autograd-lab", *EXECUTION_TOOLS}
    frozen = subprocess.run(
        [str(venv_python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.splitlines()
    for line in frozen:
        if line.split("==")[0].lower().replace("_", "-") in wanted:
            log(f"  {line}")


def execute_notebook(path: Path) -> None:
    """Execute one notebook in this interpreter's kernel; raise CellExecutionError on an error.

    Runs inside the Binder venv (the script re-invokes itself with ``--execute``), so nbclient
    and the kernel come from there.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()


def run_notebooks(venv_python: Path, checkout: Path, env: dict[str, str]) -> list[str]:
    """Execute every notebook of the checkout; return the names of those that failed."""
    notebook_dir = checkout / NOTEBOOKS
    notebooks = sorted(notebook_dir.glob("*.ipynb"))
    if not notebooks:
        log("notebooks/ holds no .ipynb files: nothing was executed")
        return []
    failed = []
    for notebook in notebooks:
        started = time.monotonic()
        result = subprocess.run(
            [str(venv_python), str(Path(__file__).resolve()), "--execute", notebook.name],
            cwd=notebook_dir,
            env=env,
        )
        status = "ok" if result.returncode == 0 else "FAILED"
        log(f"{notebook.name}: {status} ({time.monotonic() - started:.0f} s)")
        if result.returncode != 0:
            failed.append(notebook.name)
    log(f"executed {len(notebooks)} notebook(s), {len(failed)} failed")
    return failed


def check_in(workdir: Path, python: str) -> list[str] | None:
    """Build the venv in ``workdir`` and run the notebooks: the failed notebooks' names, or
    ``None`` if the requirements do not install."""
    checkout = copy_checkout(workdir / "checkout")
    jupyter_home = workdir / "jupyter"
    jupyter_home.mkdir()
    env = isolated_environment(workdir / "venv", jupyter_home)
    try:
        venv_python = build_venv(python, workdir / "venv", checkout, env)
    except subprocess.CalledProcessError:
        return None
    report_versions(venv_python, checkout, env)
    return run_notebooks(venv_python, checkout, env)


def main(argv: list[str] | None = None) -> int:
    """Build the Binder environment, execute the notebooks in it, return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter to build the venv with (default: this one)",
    )
    parser.add_argument("--execute", metavar="NOTEBOOK", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.execute:  # inner mode, inside the Binder venv
        from nbclient.exceptions import CellExecutionError

        try:
            execute_notebook(Path(args.execute).resolve())
        except CellExecutionError as error:
            print(error, file=sys.stderr)
            return 1
        return 0

    wanted, used = binder_python_version(), interpreter_version(args.python)
    if wanted != used:
        log(f"note: Binder uses Python {wanted} (binder/runtime.txt); this check uses {used}")
    with tempfile.TemporaryDirectory(prefix="autograd_lab-binder-") as tmp:
        failed = check_in(Path(tmp), args.python)
    if failed is None:
        log("FAILED: binder/requirements.txt does not install (pip errors above)")
        return 1
    if failed:
        log(f"FAILED: {', '.join(failed)}")
        return 1
    log("binder environment OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
