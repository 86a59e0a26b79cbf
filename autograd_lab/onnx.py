"""``torch.onnx``, as far as a training script touches it without exporting.

Programs import ``torch.onnx`` at the top for an optional export at the end (pytorch/examples'
word language model exports with ``--onnx-export``), and model code asks
``torch.onnx.is_in_onnx_export()`` to take a tracing-friendly path. Both work here. Exporting
itself traces torch's own graph of ATen operators into ONNX, which autograd_lab does not have:
``export`` says so.
"""

from __future__ import annotations

from typing import Any

__all__ = ["export", "is_in_onnx_export", "OnnxExporterError"]


class OnnxExporterError(RuntimeError):
    """An export failed (torch's class, for ``except torch.onnx.OnnxExporterError``)."""


def is_in_onnx_export() -> bool:
    """Whether an ONNX export is tracing the code now: never here."""
    return False


def export(model: Any, args: tuple = (), f: Any = None, **options: Any) -> None:
    """Not available: ONNX export traces torch's ATen graph, which autograd_lab does not have."""
    raise NotImplementedError(
        "torch.onnx.export is not supported by autograd_lab: ONNX export traces PyTorch's own "
        "ATen operators; export with PyTorch itself")
