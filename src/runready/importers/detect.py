"""Tell file formats apart by their content; the file name only breaks ties."""

from __future__ import annotations

import csv
import io
import re

from runready.importers.archives import GZIP_MAGIC, ZIP_MAGIC

#: How many leading bytes ``detect`` needs to see.
HEAD_BYTES = 8192

FORMATS = ("fit", "gzip", "zip", "gpx", "tcx", "json", "csv", "unknown")
#: Candidate CSV delimiters, most common first.
DELIMITERS = (",", ";", "\t")

_XML_ROOTS = {"gpx": "gpx", "trainingcenterdatabase": "tcx"}
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_EXTENSIONS = {
    ".fit": "fit",
    ".gpx": "gpx",
    ".tcx": "tcx",
    ".json": "json",
    ".csv": "csv",
    ".zip": "zip",
    ".gz": "gzip",
}


def detect(name: str, head: bytes) -> str:
    """Return the format of a file from its first bytes, using ``name`` only as a tiebreak.

    Binary signatures, an XML root element and JSON syntax are decisive. A sniffed CSV is weak
    evidence: a name ending in another known extension wins over it, so a broken GPX file that
    happens to contain commas still reaches the GPX reader and gets a proper reason.
    """
    strong = _strong(head)
    if strong is not None:
        return strong
    by_name = _by_extension(name)
    text = _text(head)
    if text is not None and sniff_delimiter(text) is not None:
        return "csv" if by_name in ("unknown", "csv") else by_name
    return by_name


def _strong(head: bytes) -> str | None:
    if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":
        return "fit"
    if head[:2] == GZIP_MAGIC:
        return "gzip"
    if head[:4] in ZIP_MAGIC:
        return "zip"
    text = _text(head)
    if text is None:
        return None
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return _xml_format(stripped)
    if stripped[:1] in ("{", "[") and _looks_like_json(stripped):
        return "json"
    return None


def _by_extension(name: str) -> str:
    lower = name.lower()
    for suffix, fmt in _EXTENSIONS.items():
        if lower.endswith(suffix):
            return fmt
    return "unknown"


def _text(head: bytes) -> str | None:
    """Return ``head`` decoded as text (BOM-aware), or None when it is binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        return None
    return text


def _xml_format(text: str) -> str | None:
    """Return gpx or tcx from the XML root element, skipping declarations and comments."""
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, skip = text.find("?>", pos), 2
        elif text.startswith("<!--", pos):
            end, skip = text.find("-->", pos), 3
        elif text.startswith("<!", pos):
            bracket, close = text.find("[", pos), text.find(">", pos)
            if 0 <= bracket < close:
                end, skip = text.find("]>", bracket), 2
            else:
                end, skip = close, 1
        else:
            break
        if end < 0:
            return None
        pos = end + skip
    match = _ROOT.match(text, pos)
    if match is None:
        return None
    return _XML_ROOTS.get(match.group(1).lower())


def _looks_like_json(text: str) -> bool:
    rest = text[1:].lstrip()[:1]
    if text[0] == "{":
        return rest in ('"', "}")
    return rest in ("{", "[", "]", '"', "-", "t", "f", "n") or rest.isdigit()


def sniff_delimiter(text: str) -> str | None:
    """Return the delimiter of CSV ``text`` (a header of 2+ columns, rows that agree), or None."""
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the head may end mid-line
    sample = "\n".join(line for line in lines[:20] if line.strip())
    if not sample:
        return None
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        agreeing = sum(1 for row in rows[1:] if len(row) == width)
        if rows[1:] and agreeing < 0.8 * len(rows[1:]):
            continue
        if best is None or width > best[0]:
            best = (width, delimiter)
    return best[1] if best else None
