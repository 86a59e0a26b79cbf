"""Browser harness: a real JupyterLab server driven by headless Debian Chromium via Playwright.

Every test in this folder gets the ``browser`` marker. Fixtures:

* ``jupyter_server`` (session): a JupyterLab server on a free loopback port, rooted at the
  repository, with a random token; a :class:`JupyterServer`.
* ``browser_page``: a fresh Playwright page in a session-wide headless Chromium (the Debian
  ``chromium`` on PATH; Playwright's own browser downloads are never used). Without ``chromium``
  the test skips, or fails under ``AUTOGRAD_LAB_REQUIRE_ALL=1``. A failing test leaves a
  screenshot in ``test-artifacts/``.
* ``lab``: a :class:`JupyterLab` driver (open a notebook, run all cells, wait until the kernel is
  idle, collect error outputs, locate cells, take screenshots) on that page and server; the
  kernels it started are shut down after the test.
* ``scratch_dir``: an empty directory the server can reach, for notebooks a test writes; it is
  under ``test-artifacts/`` (gitignored), never under ``notebooks/``. ``new_notebook`` writes
  a notebook there from a list of cell sources.

A lesson or widget test typically reads::

    def test_lesson_runs_clean(lab):
        errors = lab.run_notebook("notebooks/01_autograd_basics.ipynb")
        lab.screenshot("lesson-01")
        assert errors == []
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# need(): skip, or fail under AUTOGRAD_LAB_REQUIRE_ALL=1. tests/conftest.py is importable as
# tests.conftest when tests/ is a package, as plain conftest when it is not.
try:
    from tests.conftest import need
except ModuleNotFoundError:
    from conftest import need

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
BROWSER_TESTS = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 90
NOTEBOOK_OPEN_TIMEOUT_S = 90
# JupyterLab user settings for a quiet, offline session: no news or update checks (they would
# reach the network and pop up toasts over the notebook in screenshots).
LAB_USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
FAILED_CALL = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every test under tests/browser/ the ``browser`` marker (``-m "not browser"``)."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_sessionstart(session: pytest.Session) -> None:
    """SIGTERM ends the run as Ctrl+C does, so fixture teardown stops JupyterLab and Chromium.

    ``./lab test`` runs the browser group in the background, where Ctrl+C does not reach it: it
    sends SIGTERM instead, whose default would leave the servers running.
    """
    signal.signal(signal.SIGTERM, _interrupted)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Remember whether the test body failed, so ``browser_page`` can keep a screenshot."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED_CALL] = True
    return report


# --------------------------------------------------------------------------------------------
# JupyterLab server
# --------------------------------------------------------------------------------------------


# The log's first line for a failed kernel list (JupyterLab's polls add a cache-busting number).
_KERNEL_LIST_FAILURE = re.compile(r"Uncaught exception GET /api/kernels(\?\d+)? ")


@dataclass(frozen=True)
class JupyterServer:
    """A running JupyterLab server: where it listens, its token, the directory it serves."""

    base_url: str  # "http://127.0.0.1:<port>/"
    token: str
    root_dir: Path
    log: Path  # the server's stdout and stderr

    def log_size(self) -> int:
        """How far the server's log has grown, in bytes (where a test's part of it starts)."""
        return self.log.stat().st_size

    def kernel_list_races(self, since: int = 0) -> int:
        """How many ``GET /api/kernels`` the server failed (500) by its kernel-start race, in its
        log from byte ``since`` on.

        jupyter_server may list a kernel whose start it has not finished: ``kernel_model`` reads
        ``last_activity`` before ``_async_start_kernel`` has set it, and the whole list fails
        (jupyter-server/enterprise_gateway#1395, jupyter/notebook#5345). JupyterLab polls that list
        and retries; the page only logs the failed request. Notebooks opening one after the other
        on two busy cores make it likely."""
        with self.log.open("rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        records = re.split(r"\n(?=\[[A-Z] )", text)  # one log record with its traceback each
        return sum(1 for record in records
                   if record.startswith("[E ") and _KERNEL_LIST_FAILURE.search(record)
                   and "in kernel_model" in record and "'last_activity'" in record)

    def url(self, path: str = "lab") -> str:
        """Absolute URL of ``path`` (relative to the server root), with the token attached."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}{path.lstrip('/')}{separator}token={self.token}"

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API (``path`` like ``api/sessions``); return the parsed JSON."""
        request = urllib.request.Request(
            self.base_url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every notebook session and its kernel (tests then start from fresh kernels)."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")

    def relative(self, path: str | Path) -> str:
        """``path`` (absolute, or relative to the repository root) as the server sees it."""
        absolute = Path(path) if Path(path).is_absolute() else REPO_ROOT / path
        return absolute.resolve().relative_to(self.root_dir).as_posix()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``url`` until it answers 200; fail with the server log if it dies or times out."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_TIMEOUT_S} s:\n{log.read_text()}")


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (it shuts its kernels down), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """Start ``jupyter lab`` on a free loopback port with a random token, rooted at the repo.

    Jupyter's config, data, runtime, settings and workspace directories are private to the
    session, so neither the machine's Jupyter setup nor a previous run changes what tests see.
    Output goes to ``test-artifacts/jupyter-server.log``.
    """
    home = tmp_path_factory.mktemp("jupyter-home")
    settings = home / "lab-user-settings"
    for name, values in LAB_USER_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silence ipykernel's frozen-modules warning
    }
    env.pop("JUPYTER_PATH", None)
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        "--allow-root",
        f"--ServerApp.root_dir={REPO_ROOT}",
        # window.jupyterapp lets the harness run commands and read notebook models directly.
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "jupyter-server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches the kernels
        )
    server = JupyterServer(f"http://127.0.0.1:{port}/", token, REPO_ROOT.resolve(), log)
    try:
        wait_for_server(server.url("api/status"), process, log)
        yield server
    finally:
        stop_process_group(process)


# --------------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Debian Chromium with a fresh user-data-dir, shared by the browser tests' pages.

    Package scope, not session: Playwright's synchronous API runs its event loop in the main
    thread while the browser is open, so IPython shells of later tests (top-level ``await``) would
    find a loop already running."""
    chromium = shutil.which("chromium")
    need(
        chromium is not None,
        "Debian chromium is not installed: browser tests skipped (apt-get install chromium)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def browser_page(browser_context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new Playwright page; kept as ``test-artifacts/<test>-failure.png`` if the test fails."""
    page = browser_context.new_page()
    failure_screenshot = f"{request.node.name}-failure"
    (ARTIFACTS / f"{artifact_name(failure_screenshot)}.png").unlink(missing_ok=True)  # stale
    try:
        yield page
    finally:
        if request.node.stash.get(FAILED_CALL, False):
            save_screenshot(page, failure_screenshot)
        page.close()


def artifact_name(name: str) -> str:
    """``name`` made safe as a file name (test ids contain brackets, slashes, spaces)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")


def save_screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``test-artifacts/<name>.png`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{artifact_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --------------------------------------------------------------------------------------------
# Driving JupyterLab
# --------------------------------------------------------------------------------------------

# JavaScript run in the page. `jupyterapp.shell.currentWidget` is the notebook panel in view.
_PANEL_READY_JS = """(path) => {
    const panel = window.jupyterapp?.shell.currentWidget;
    return !!panel && panel.context?.path === path && panel.context.isReady
        && panel.sessionContext?.session?.kernel?.status === 'idle';
}"""

# Idle = the kernel reports idle and no cell shows the busy prompt "[*]" (queued or running).
_NOTEBOOK_IDLE_JS = """() => {
    const panel = window.jupyterapp?.shell.currentWidget;
    if (panel?.sessionContext?.session?.kernel?.status !== 'idle') return false;
    const prompts = panel.node.querySelectorAll('.jp-InputArea-prompt');
    return !Array.from(prompts).some((prompt) => prompt.textContent.includes('*'));
}"""

_RUN_COMMAND_JS = """async ([command, args, timeoutMs]) => {
    const run = window.jupyterapp.commands.execute(command, args);
    const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${command} still running after ${timeoutMs} ms`)),
                   timeoutMs));
    await Promise.race([run, timeout]);
}"""

_NOTEBOOK_JSON_JS = "() => window.jupyterapp.shell.currentWidget.content.model.toJSON()"


@dataclass(frozen=True)
class CellError:
    """An error output of a notebook cell: which cell, the exception, its plain-text traceback."""

    cell_index: int
    ename: str
    evalue: str
    traceback: str

    def __str__(self) -> str:
        return f"cell {self.cell_index}: {self.ename}: {self.evalue}\n{self.traceback}"


# How Chromium logs a failed GET of the kernel list (JupyterLab adds a cache-busting number).
_FAILED_KERNEL_LIST = re.compile(
    r"^Failed to load resource: the server responded with a status of 500 \(Internal Server "
    r"Error\) \(http://127\.0\.0\.1:\d+/api/kernels\?\d+\)$")


@dataclass
class JupyterLab:
    """Drives JupyterLab in a Playwright page the way a learner would, plus a few shortcuts.

    Commands run through JupyterLab's own command registry (``window.jupyterapp``), the same
    commands the menus, palette and keyboard trigger, so runs are deterministic.
    ``page_errors`` lists uncaught JavaScript errors and console errors of the page (a widget
    that fails to render shows up there), less the failed kernel-list requests the server's log
    shows to be its own kernel-start race (:meth:`JupyterServer.kernel_list_races`).
    """

    page: Any
    server: JupyterServer
    logged_errors: list[str] = field(default_factory=list)  # everything the page logged
    server_log_start: int = 0  # where this driver's part of the server's log starts

    def __post_init__(self) -> None:
        self.server_log_start = self.server.log_size()
        self.page.on("pageerror", lambda error: self.logged_errors.append(str(error)))
        self.page.on("console", self._record_console_error)

    def _record_console_error(self, message: Any) -> None:
        if message.type == "error":
            source = message.location.get("url", "")
            self.logged_errors.append(f"{message.text} ({source})" if source else message.text)

    @property
    def page_errors(self) -> list[str]:
        """The page's errors; a failed kernel list is excused only as often as the log explains."""
        excused = self.server.kernel_list_races(since=self.server_log_start)
        errors = []
        for error in self.logged_errors:
            if excused and _FAILED_KERNEL_LIST.search(error):
                excused -= 1
            else:
                errors.append(error)
        return errors

    def open_notebook(self, path: str | Path, timeout_s: float = NOTEBOOK_OPEN_TIMEOUT_S) -> None:
        """Open a notebook (absolute, or relative to the repo root) and wait for an idle kernel.

        The notebook needs kernelspec metadata (``python3``), or JupyterLab asks for a kernel.
        """
        relative = self.server.relative(path)
        # ?reset: start from an empty workspace, not the layout an earlier test left behind
        # (which may point at notebooks that no longer exist).
        self.page.goto(self.server.url(f"lab/tree/{relative}?reset"))
        self.page.wait_for_function(_PANEL_READY_JS, arg=relative, timeout=timeout_s * 1000)

    def execute_command(
        self, command: str, args: dict[str, Any] | None = None, timeout_s: float = 300
    ) -> None:
        """Run a JupyterLab command (e.g. ``notebook:run-all-cells``) and await its promise."""
        self.page.evaluate(_RUN_COMMAND_JS, [command, args or {}, int(timeout_s * 1000)])

    def run_all_cells(self, timeout_s: float = 300) -> None:
        """Run > Run All Cells on the current notebook, then wait until it is idle."""
        self.execute_command("notebook:run-all-cells", timeout_s=timeout_s)
        self.wait_until_idle(timeout_s)

    def wait_until_idle(self, timeout_s: float = 120) -> None:
        """Wait until the kernel is idle and no cell is queued or running (no ``[*]`` prompt)."""
        self.page.wait_for_function(_NOTEBOOK_IDLE_JS, timeout=timeout_s * 1000)

    def notebook_json(self) -> dict[str, Any]:
        """The current notebook as nbformat JSON, with the outputs it shows right now."""
        return self.page.evaluate(_NOTEBOOK_JSON_JS)

    def error_outputs(self) -> list[CellError]:
        """Error outputs (raised exceptions) of the current notebook's cells, in cell order."""
        errors = []
        for index, cell in enumerate(self.notebook_json()["cells"]):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    traceback = ANSI_ESCAPE.sub("", "\n".join(output.get("traceback", [])))
                    errors.append(CellError(index, output["ename"], output["evalue"], traceback))
        return errors

    def run_notebook(self, path: str | Path, timeout_s: float = 300) -> list[CellError]:
        """Open a notebook, run all its cells, wait until idle; return its error outputs.

        Runs in the browser only: nothing is saved back to the file.
        """
        self.open_notebook(path)
        self.run_all_cells(timeout_s)
        return self.error_outputs()

    def cell(self, cell_index: int) -> Any:
        """Playwright locator of cell ``cell_index`` (0-based) of the notebook in view, e.g. for
        ``expect(lab.cell(2).locator(".widget-slider")).to_be_visible()``."""
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(cell_index)

    def cell_outputs_text(self, cell_index: int) -> str:
        """The text the page shows as outputs of cell ``cell_index`` (0-based), prompts left out."""
        outputs = self.cell(cell_index).locator(".jp-OutputArea-output")
        return "\n".join(outputs.all_inner_texts())

    def screenshot(self, name: str) -> Path:
        """Save a screenshot of the page as ``test-artifacts/<name>.png``; return the path."""
        return save_screenshot(self.page, name)


@pytest.fixture
def lab(browser_page: Any, jupyter_server: JupyterServer) -> Iterator[JupyterLab]:
    """A :class:`JupyterLab` driver on a fresh page; the kernels it started end with the test."""
    yield JupyterLab(browser_page, jupyter_server)
    jupyter_server.shut_down_kernels()


@pytest.fixture
def scratch_dir() -> Iterator[Path]:
    """An empty directory inside the server's root (under ``test-artifacts/``), removed after."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="scratch-", dir=ARTIFACTS))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_notebook(path: Path, sources: Sequence[str]) -> Path:
    """Write a python3 notebook with one code cell per source string; return ``path``."""
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        },
    )
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def new_notebook(scratch_dir: Path) -> Callable[..., Path]:
    """Factory: ``new_notebook(["1+1", ...], name="scratch")`` writes a notebook into
    ``scratch_dir`` (one code cell per source) and returns its path."""

    def make(sources: Sequence[str], name: str = "scratch") -> Path:
        return write_notebook(scratch_dir / f"{name}.ipynb", sources)

    return make
