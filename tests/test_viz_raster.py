"""The PNG a picture carries for viewers that do not render its SVG (autograd_lab/viz/raster.py):
the same boxes, colours and text at the same places, read back pixel by pixel."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
from PIL import Image

import autograd_lab as t
from autograd_lab.viz import raster
from autograd_lab.viz.dot import FREED_BORDER, LEAF_COLOUR, OUTPUT_COLOUR
from autograd_lab.viz.graphviz import svg_size


def picture_after_backward():
    w = t.tensor([0.5], requires_grad=True)
    b = t.tensor([0.25], requires_grad=True)
    z = w * t.ones(1) + b
    with t.trace() as traced:
        z.backward()
    del w, b, z
    return traced.picture


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def colour(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)


def box_centres(svg: str, kind: str) -> list[tuple[float, float]]:
    """Centres (in the SVG's points, top-level coordinates) of the boxes of ``kind``: from their
    path/polygon coordinates plus the translations of the groups around them."""
    header = svg[:svg.index('<g id="n')]
    offsets = [tuple(map(float, found)) for found in re.findall(r"translate\(([-\d.]+) ([-\d.]+)\)", header)]
    dx, dy = (sum(offset[i] for offset in offsets) for i in (0, 1))
    centres = []
    for group in re.findall(rf'<g id="n\d+" class="node {kind}">(.*?)</g>', svg, re.DOTALL):
        shape = re.search(r'(?:points|d)="([^"]+)"', group).group(1)
        numbers = np.array([float(n) for n in re.findall(r"[-\d.]+", shape)]).reshape(-1, 2)
        centre = (numbers.min(axis=0) + numbers.max(axis=0)) / 2
        centres.append((centre[0] + dx, centre[1] + dy))
    return centres


def test_png_is_the_svg_drawn_at_its_size_and_resolution() -> None:
    picture = picture_after_backward()
    png, css = raster.svg_to_png(picture.svg)
    width, height = svg_size(picture.svg)
    assert css == (round(width * 4 / 3), round(height * 4 / 3))  # how a browser shows the SVG
    image = pixels(png)
    scale = raster.PIXELS_PER_POINT
    assert image.shape[:2] == (round(height * scale), round(width * scale))
    assert (image[2, 2] == 255).all() and (image[-3, -3] == 255).all()  # white background


def test_boxes_have_their_colours_and_text_where_the_svg_puts_them() -> None:
    picture = picture_after_backward()
    image = pixels(raster.svg_to_png(picture.svg)[0])
    scale = raster.PIXELS_PER_POINT
    leaves = box_centres(picture.svg, "leaf")
    assert len(leaves) == 2
    for x, y in leaves:
        # a little left of the centre, between the lines of text: the fill colour
        patch = image[round(y * scale) - 2:round(y * scale) + 2, round((x - 20) * scale)]
        assert np.abs(patch - colour(LEAF_COLOUR)).max(axis=-1).min() <= 3
        # across the box: dark text pixels
        top, left = round((y - 30) * scale), round((x - 15) * scale)
        inside = image[top:top + round(60 * scale), left:left + round(30 * scale)]
        assert (inside.sum(axis=-1) < 200).any()
    assert len(box_centres(picture.svg, "output")) == 1
    assert (np.abs(image - colour(OUTPUT_COLOUR)).max(axis=-1) <= 3).sum() > 100
    # the box whose saved buffers were freed has the red dashed border, drawn somewhere
    assert (np.abs(image - colour(FREED_BORDER)).max(axis=-1) <= 12).sum() > 20


def test_same_svg_same_bytes_and_a_cap_on_size() -> None:
    picture = picture_after_backward()
    first = raster.svg_to_png(picture.svg)[0]
    raster.svg_to_png.cache_clear()
    assert raster.svg_to_png(picture.svg)[0] == first
    huge = re.sub(r'viewBox="0.00 0.00 ([\d.]+) ([\d.]+)"', 'viewBox="0.00 0.00 9000.00 \\2"', picture.svg,
                  count=1)
    assert max(pixels(raster.svg_to_png(huge)[0]).shape[:2]) <= raster.MAX_PIXELS


def test_picture_displays_svg_png_and_text_with_the_pngs_display_size() -> None:
    picture = picture_after_backward()
    data, metadata = picture._repr_mimebundle_()
    assert set(data) == {"image/svg+xml", "image/png", "text/plain"}
    assert base64.b64decode(data["image/png"]) == picture.png
    assert metadata == {"image/png": dict(zip(("width", "height"), raster.svg_to_png(picture.svg)[1]))}
    with t.trace(format="text") as traced:
        _ = t.ones(2, requires_grad=True) * 2
    assert traced._repr_mimebundle_()[0].keys() == {"text/plain"}
