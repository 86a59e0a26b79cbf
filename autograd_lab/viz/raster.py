"""A graph's SVG drawn again as a PNG: the picture every notebook viewer shows, trusted or not.

JupyterLab, Notebook 7 and VS Code render a stored ``image/svg+xml`` output only once the notebook
is trusted, which a fresh clone or a Binder session never is; ``image/png`` they always render, and
so do nbconvert and GitHub. So a picture's display carries both: the SVG (sharp, and compared byte
for byte by nbval) and this PNG of the very same SVG, shape for shape.

The SVG is the one :mod:`autograd_lab.viz.graphviz` writes: Graphviz's own output (polygons, Bézier
paths, ellipses, polylines and text, in groups with ``translate``/``scale`` transforms), a legend,
and the step highlights of :func:`autograd_lab.viz.steps.highlight`. That small vocabulary is all
this module reads; it draws it with matplotlib's Agg renderer, text in the DejaVu Sans font that
matplotlib ships, so the PNG is the same on every machine that has the same matplotlib.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["svg_to_png", "encode_png", "PIXELS_PER_POINT", "MAX_PIXELS"]

#: Resolution of the PNG: 2 pixels per point (a point shows as 4/3 CSS pixels, so this is 1.5x
#: the CSS size: sharp on most screens, small enough to store in a notebook).
PIXELS_PER_POINT = 2.0
#: The PNG's longest side at most (a folded 60-box graph stays well below; beyond, the resolution
#: drops so that a huge picture cannot take hundreds of megabytes).
MAX_PIXELS = 4000
#: Graphviz sized its boxes for Helvetica; DejaVu Sans runs about 10% wider.
FONT_SCALE = 0.9
_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(translate|scale|rotate)\(([^)]*)\)")


def encode_png(rgb: np.ndarray, level: int = 6) -> bytes:
    """An 8-bit RGB PNG of the ``(height, width, 3)`` uint8 array ``rgb``.

    Written out by hand (rows unfiltered, zlib): a slider step of a widget re-encodes its figure, and
    this costs about half of Pillow's encoder at ``level=1``.
    """
    height, width = rgb.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # a 0 byte first: filter type "none"
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), level)) + chunk(b"IEND", b""))


@dataclass(frozen=True)
class _Style:
    fill: str | None
    stroke: str | None
    width: float
    dashes: tuple[float, ...] | None


def _affine(transform: str) -> np.ndarray:
    """The 3x3 matrix of an SVG ``transform`` attribute (translate, scale and rotate(0) only)."""
    matrix = np.eye(3)
    for kind, arguments in _TRANSFORM.findall(transform):
        values = [float(value) for value in _NUMBER.findall(arguments)]
        step = np.eye(3)
        if kind == "translate":
            step[0, 2], step[1, 2] = values[0], values[1] if len(values) > 1 else 0.0
        elif kind == "scale":
            step[0, 0], step[1, 1] = values[0], values[1] if len(values) > 1 else values[0]
        elif values and values[0] % 360:
            raise ValueError(f"unsupported SVG rotation: {transform!r}")
        matrix = matrix @ step
    return matrix


def _points(text: str) -> np.ndarray:
    values = [float(value) for value in _NUMBER.findall(text)]
    return np.array(values, dtype=float).reshape(-1, 2)


def _point(element: ET.Element, x: str, y: str, matrix: np.ndarray) -> tuple[float, float]:
    """The element's point (attributes ``x`` and ``y``) in the picture's coordinates."""
    point = _apply(matrix, np.array([[float(element.get(x, 0)), float(element.get(y, 0))]]))[0]
    return float(point[0]), float(point[1])


def _size(element: ET.Element, width: str, height: str, matrix: np.ndarray) -> tuple[float, float]:
    """The element's extent (attributes ``width`` and ``height``) scaled into the picture."""
    return float(element.get(width, 0)) * matrix[0, 0], float(element.get(height, 0)) * matrix[1, 1]


def _path(d: str) -> tuple[np.ndarray, list[int]]:
    """Vertices and matplotlib path codes of a Graphviz path (``M`` then cubic ``C`` segments, or
    straight ``L`` segments)."""
    from matplotlib.path import Path

    vertices: list[list[float]] = []
    codes: list[int] = []
    for command, arguments in re.findall(r"([MCL])([^MCL]*)", d):
        points = _points(arguments)
        if command == "M":
            vertices.append(list(points[0]))
            codes.append(Path.MOVETO)
            points = points[1:]
            command = "L"  # further pairs after M are lines
        code = Path.CURVE4 if command == "C" else Path.LINETO
        for point in points:
            vertices.append(list(point))
            codes.append(code)
    return np.array(vertices, dtype=float), codes


def _style(element: ET.Element) -> _Style:
    fill = element.get("fill", "black")
    stroke = element.get("stroke", "none")
    dashes = element.get("stroke-dasharray")
    return _Style(
        fill=None if fill in ("none", "transparent") else fill,
        stroke=None if stroke in ("none", "transparent") else stroke,
        width=float(element.get("stroke-width", "1")),
        dashes=tuple(float(value) for value in _NUMBER.findall(dashes)) if dashes else None,
    )


def _elements(element: ET.Element, matrix: np.ndarray) -> Iterator[tuple[ET.Element, np.ndarray]]:
    """Every drawable element below ``element`` with its accumulated transform, in document order."""
    for child in element:
        tag = child.tag.removeprefix(_SVG)
        transform = matrix @ _affine(child.get("transform", "")) if child.get("transform") else matrix
        if tag == "g":
            yield from _elements(child, transform)
        elif tag in ("polygon", "polyline", "path", "ellipse", "rect", "text"):
            yield child, transform


def _apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ matrix[:2, :2].T + matrix[:2, 2]


@lru_cache(maxsize=1)
def _font() -> object:
    """matplotlib's own DejaVu Sans (never a system font: the PNG must not depend on the machine)."""
    from pathlib import Path

    import matplotlib
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))


@lru_cache(maxsize=16)
def svg_to_png(svg: str, pixels_per_point: float = PIXELS_PER_POINT) -> tuple[bytes, tuple[int, int]]:
    """Draw ``svg`` (a picture of :mod:`autograd_lab.viz`) into a PNG.

    Returns the PNG bytes and the size, in CSS pixels, at which the SVG itself would be shown (the
    PNG is ``pixels_per_point * 3/4`` times that size, for sharp text on high-density screens).
    The last few results are kept: showing the same picture again costs nothing.
    """
    from matplotlib import patches, rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.path import Path
    from matplotlib.transforms import Affine2D

    root = ET.fromstring(svg)
    width_pt, height_pt = (float(value) for value in root.get("viewBox", "").split()[2:4])
    pixels_per_point = min(pixels_per_point, MAX_PIXELS / max(width_pt, height_pt, 1.0))
    with rc_context({"lines.scale_dashes": False}):
        figure = Figure(figsize=(width_pt / 72, height_pt / 72), dpi=72 * pixels_per_point)
        canvas = FigureCanvasAgg(figure)
        # from SVG points (y downwards) to the canvas' pixels (y upwards); no Axes: nothing to scale
        to_pixels = Affine2D().scale(pixels_per_point, -pixels_per_point).translate(
            0, height_pt * pixels_per_point)
        for element, matrix in _elements(root, np.eye(3)):
            tag = element.tag.removeprefix(_SVG)
            if tag == "text":
                figure.add_artist(_text(element, matrix, to_pixels))
                continue
            style = _style(element)
            common = {
                "facecolor": style.fill or "none",
                "edgecolor": style.stroke or "none",
                "linewidth": style.width if style.stroke else 0,  # points, as the SVG's units
                "linestyle": (0, style.dashes) if style.dashes else "solid",
                "joinstyle": "miter",
                "transform": to_pixels,
            }
            if tag == "rect":
                width, height = _size(element, "width", "height", matrix)
                artist = patches.Rectangle(_point(element, "x", "y", matrix), width, height, **common)
            elif tag in ("polygon", "polyline"):
                if tag == "polyline":
                    common["facecolor"] = "none"
                artist = patches.Polygon(_apply(matrix, _points(element.get("points", ""))),
                                         closed=tag == "polygon", **common)
            elif tag == "path":
                vertices, codes = _path(element.get("d", ""))
                artist = patches.PathPatch(Path(_apply(matrix, vertices), codes), **common)
            else:  # ellipse
                radius_x, radius_y = _size(element, "rx", "ry", matrix)
                artist = patches.Ellipse(_point(element, "cx", "cy", matrix), 2 * radius_x, 2 * radius_y,
                                         **common)
            figure.add_artist(artist)
        canvas.draw()
        rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]
    css = (round(width_pt * 4 / 3), round(height_pt * 4 / 3))
    return _compact_png(rgb), css


def _text(element: ET.Element, matrix: np.ndarray, to_pixels: object) -> object:
    from matplotlib.text import Text

    x, y = _point(element, "x", "y", matrix)
    anchor = {"start": "left", "middle": "center", "end": "right"}[element.get("text-anchor", "start")]
    size = float(element.get("font-size", "14")) * matrix[1, 1] * FONT_SCALE
    return Text(x, y, element.text or "", horizontalalignment=anchor, verticalalignment="baseline",
                fontproperties=_font(), fontsize=size, color=element.get("fill", "black"),
                fontweight="bold" if element.get("font-weight") == "bold" else "normal",
                transform=to_pixels)


def _compact_png(rgb: np.ndarray) -> bytes:
    """A small PNG of ``rgb``: a graph has few colours, so a palette of 64 loses nothing visible and
    the file is half the size of an RGB one (it is stored in the notebook)."""
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgb), "RGB").quantize(
        colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = np.array(image.getpalette(), dtype=np.uint8).reshape(-1, 3)
    palette[(palette >= 250).all(axis=1)] = 255  # the octree's near-white background back to white
    image.putpalette(palette.ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
