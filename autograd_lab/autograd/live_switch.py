"""``LiveSwitch``: a check every op makes only once something that needs it exists in the process
(a meta tensor, a complex tensor). Switching it on raises ``record.watching``'s count for good, so
until then ``Op.apply`` pays nothing for the check (it looks only while the count is above 0)."""

from __future__ import annotations

__all__ = ["LiveSwitch"]


class LiveSwitch:
    """Off until the first tensor that needs the check is made; then on for the process's life."""

    __slots__ = ("on",)

    def __init__(self) -> None:
        self.on = False

    def switch_on(self) -> None:
        """From now on, every op's watched path checks this switch (for good: such tensors may
        live anywhere from now on)."""
        if not self.on:
            from .record import watching  # (record imports the modules that hold the switches)

            with watching.lock:
                if not self.on:
                    watching.count += 1
                    self.on = True
