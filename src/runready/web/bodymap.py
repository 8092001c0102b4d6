"""A body map of per-muscle fatigue, drawn on the server as SVG, each colour with its number."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from runready.core.model import Region
from runready.web.views import words

NEUTRAL = "#9aa0a6"
#: (fatigue, red, green, blue): green when fresh, amber half-way, red when spent
SCALE = ((0.0, 46, 160, 67), (0.5, 249, 168, 37), (1.0, 198, 40, 40))


@dataclass(frozen=True, slots=True)
class Shape:
    """One drawn part: an ellipse (cx, cy, rx, ry) or a rounded rectangle (x, y, w, h)."""

    region: Region | None
    kind: str
    a: float
    b: float
    c: float
    d: float


def _pair(
    region: Region, kind: str, left: tuple[float, ...], right: tuple[float, ...]
) -> list[Shape]:
    return [Shape(region, kind, *left), Shape(region, kind, *right)]


def _figure(x: float, front: bool) -> list[Shape]:
    """Return the shapes of one figure whose centre line is at ``x``."""
    shapes = [Shape(None, "ellipse", x, 30, 18, 22), Shape(None, "rect", x - 8, 50, 16, 14)]
    shapes += _pair(Region.SHOULDERS, "ellipse", (x - 40, 78, 15, 12), (x + 40, 78, 15, 12))
    shapes += _pair(Region.ARMS, "rect", (x - 66, 88, 16, 100), (x + 50, 88, 16, 100))
    if front:
        shapes.append(Shape(Region.CHEST, "rect", x - 32, 72, 64, 38))
        shapes.append(Shape(Region.CORE, "rect", x - 24, 114, 48, 58))
        shapes += _pair(Region.HIP_FLEXORS, "ellipse", (x - 15, 184, 11, 8), (x + 15, 184, 11, 8))
        shapes += _pair(Region.QUADS, "rect", (x - 31, 196, 24, 82), (x + 7, 196, 24, 82))
        shapes.append(Shape(Region.ADDUCTORS, "rect", x - 6, 198, 12, 56))
        shapes += _pair(Region.SHINS, "rect", (x - 27, 292, 18, 70), (x + 9, 292, 18, 70))
        shapes += _pair(Region.FEET, "ellipse", (x - 18, 376, 14, 7), (x + 18, 376, 14, 7))
    else:
        shapes.append(Shape(Region.BACK, "rect", x - 32, 72, 64, 66))
        shapes.append(Shape(Region.LOWER_BACK, "rect", x - 24, 142, 48, 32))
        shapes += _pair(Region.GLUTES, "ellipse", (x - 15, 192, 16, 15), (x + 15, 192, 16, 15))
        shapes += _pair(Region.HAMSTRINGS, "rect", (x - 31, 210, 24, 72), (x + 7, 210, 24, 72))
        shapes += _pair(Region.CALVES, "ellipse", (x - 18, 322, 11, 32), (x + 18, 322, 11, 32))
    return shapes


FIGURES = (("Front", 90.0, True), ("Back", 290.0, False))


def colour(fatigue: float) -> str:
    """Return the colour of a fatigue level in 0..1."""
    value = min(1.0, max(0.0, fatigue))
    for (x0, *low), (x1, *high) in zip(SCALE, SCALE[1:], strict=False):
        if value <= x1:
            t = (value - x0) / (x1 - x0)
            r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    return "#c62828"


def _label(shape: Shape, fatigue: dict[Region, float]) -> str:
    """Return the number drawn on a shape (its centre), in percent."""
    assert shape.region is not None
    x, y = (
        (shape.a, shape.b)
        if shape.kind == "ellipse"
        else (shape.a + shape.c / 2, shape.b + shape.d / 2)
    )
    value = round(100 * fatigue.get(shape.region, 0.0))
    return f'<text x="{x:g}" y="{y + 3:g}" text-anchor="middle" class="value">{value}</text>'


def _element(shape: Shape, fatigue: dict[Region, float]) -> str:
    level = fatigue.get(shape.region, 0.0) if shape.region else None
    fill = colour(level) if level is not None else NEUTRAL
    title = (
        f"<title>{escape(words(shape.region.value))}: {round(100 * (level or 0))}%</title>"
        if shape.region
        else ""
    )
    region = f' data-region="{shape.region.value}"' if shape.region else ""
    if shape.kind == "ellipse":
        geometry = f'cx="{shape.a:g}" cy="{shape.b:g}" rx="{shape.c:g}" ry="{shape.d:g}"'
        return f'<ellipse {geometry} fill="{fill}"{region}>{title}</ellipse>'
    geometry = f'x="{shape.a:g}" y="{shape.b:g}" width="{shape.c:g}" height="{shape.d:g}" rx="7"'
    return f'<rect {geometry} fill="{fill}"{region}>{title}</rect>'


def svg(fatigue: dict[Region, float]) -> str:
    """Return the SVG of both figures coloured by ``fatigue`` (region -> 0..1)."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 380 400" role="img" '
        'class="bodymap" aria-label="Fatigue per muscle, front and back">'
    ]
    for label, x, front in FIGURES:
        parts.append('<g class="figure" stroke="#00000033" stroke-width="1">')
        shapes = _figure(x, front)
        parts += [_element(shape, fatigue) for shape in shapes]
        labelled: set[Region] = set()
        for shape in shapes:  # one number per region, on its first shape
            if shape.region is not None and shape.region not in labelled:
                labelled.add(shape.region)
                parts.append(_label(shape, fatigue))
        parts.append(
            f'<text x="{x:g}" y="396" text-anchor="middle" class="caption">{label}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def rows(fatigue: dict[Region, float]) -> list[dict[str, object]]:
    """Return every region with its number and colour, most tired first (for the table)."""
    ordered = sorted(Region, key=lambda r: (-fatigue.get(r, 0.0), r.value))
    return [
        {
            "region": words(region.value),
            "percent": round(100 * fatigue.get(region, 0.0)),
            "colour": colour(fatigue.get(region, 0.0)),
        }
        for region in ordered
    ]
