"""The browser harness itself: which page errors it excuses (no browser needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import JupyterLab, JupyterServer

# A record of jupyter_server 2.21's log when GET /api/kernels meets a kernel whose start is not
# finished (trimmed: the request line and the traitlets frames before the error are left out).
RACE_RECORD = """\
[E 2026-12-07 13:44:20.759 ServerApp] Uncaught exception GET /api/kernels?1796651060711 (127.0.0.1)
    Traceback (most recent call last):
      File "site-packages/jupyter_server/services/kernels/kernelmanager.py", line 558, in list_kernels
        model = self.kernel_model(kernel_id)
      File "site-packages/jupyter_server/services/kernels/kernelmanager.py", line 544, in kernel_model
        "last_activity": isoformat(kernel.last_activity),
    traitlets.traitlets.TraitError: The 'last_activity' trait of a ServerKernelManager instance
    expected a datetime, not the NoneType None.
[W 2026-12-07 11:12:17.524 ServerApp] wrote error: 'Unhandled error'
[E 2026-12-07 13:44:20.761 ServerApp] 500 GET /api/kernels?1796651060711 (8a8ba6@127.0.0.1) 20.39ms
"""
# Another failure of the same request: never excused.
OTHER_RECORD = """\
[E 2026-12-07 11:12:18.001 ServerApp] Uncaught exception GET /api/kernels (127.0.0.1)
    Traceback (most recent call last):
      File "site-packages/jupyter_server/services/kernels/kernelmanager.py", line 558, in list_kernels
        model = self.kernel_model(kernel_id)
    RuntimeError: something else broke
[E 2026-12-07 11:12:18.002 ServerApp] 500 GET /api/kernels (a314d6@127.0.0.1) 1.00ms referer=None
"""
FAILED_LIST = ("Failed to load resource: the server responded with a status of 500 (Internal Server "
               "Error) (http://127.0.0.1:46327/api/kernels?1796640957679)")


class _Page:
    """Enough of a Playwright page for the driver to subscribe to its events."""

    def on(self, event: str, handler: Any) -> None:
        pass


def _driver(log: Path, before: str, during: str, errors: list[str]) -> JupyterLab:
    log.write_text(before)
    server = JupyterServer("http://127.0.0.1:46327/", "token", log.parent, log)
    driver = JupyterLab(_Page(), server)  # its part of the log starts here
    with log.open("a") as file:
        file.write(during)
    driver.logged_errors.extend(errors)
    return driver


def test_a_failed_kernel_list_is_excused_only_when_the_log_shows_the_start_race(tmp_path):
    log = tmp_path / "server.log"
    driver = _driver(log, "", RACE_RECORD, [FAILED_LIST])
    assert driver.page_errors == []

    other = _driver(log, "", OTHER_RECORD, [FAILED_LIST])
    assert other.page_errors == [FAILED_LIST]


def test_one_race_excuses_one_failed_request_and_no_other_error(tmp_path):
    widget_error = "Error: Could not create a view for model id 3"
    driver = _driver(tmp_path / "server.log", "", RACE_RECORD + OTHER_RECORD,
                     [FAILED_LIST, widget_error, FAILED_LIST])
    assert driver.page_errors == [widget_error, FAILED_LIST]


def test_a_race_logged_before_the_driver_started_excuses_nothing(tmp_path):
    driver = _driver(tmp_path / "server.log", RACE_RECORD, "", [FAILED_LIST])
    assert driver.page_errors == [FAILED_LIST]
