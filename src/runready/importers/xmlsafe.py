"""Stream untrusted XML safely: no DTD, no entities, no external references, bounded depth."""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (  # type: ignore[import-untyped]
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from runready.importers.base import MAX_FILE_BYTES, ImportRejected

__all__ = ["MAX_DEPTH", "XmlEvent", "xml_events"]

#: Deepest element nesting accepted. GPX and TCX nest about 8 levels; 64 leaves room for vendor
#: extension blocks while bounding the memory a hostile document can pin in the open path.
MAX_DEPTH = 64

_UTF8_BOM = b"\xef\xbb\xbf"


#: An element opening (True) or closing (False): local name, parent's local name, stripped text
#: (closing only) and attributes. Plain tuples: a NamedTuple per element costs a quarter of the
#: parse time. The attribute dict is only valid until the next event.
XmlEvent = tuple[bool, str, str, str, dict[str, str]]


def xml_events(data: bytes, root: str, wanted: frozenset[str]) -> Iterator[XmlEvent]:
    """Yield the opening and closing of the ``wanted`` elements under a ``root`` element."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(f"file too large: {len(data)} bytes (limit {MAX_FILE_BYTES})")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        yield from _walk(data, root, wanted)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise ImportRejected(_unsafe_reason(exc, data)) from exc
    except ParseError as exc:
        raise ImportRejected(f"malformed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:
        # expat reaches for Python codecs when the declaration names an encoding it lacks.
        raise ImportRejected(f"unsupported XML encoding: {exc}") from exc


def _walk(data: bytes, root: str, wanted: frozenset[str]) -> Iterator[XmlEvent]:
    local_names: dict[str, str] = {}
    path: list[Element] = []
    names: list[str] = [""]
    events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
    for event, elem in events:
        tag = elem.tag
        name = local_names.get(tag)
        if name is None:
            name = local_names[tag] = tag.rpartition("}")[2]
        if event == "start":
            if not path and name != root:
                raise ImportRejected(f"the root element is <{name[:40]}>, not <{root}>")
            if len(path) >= MAX_DEPTH:
                raise ImportRejected(f"XML nested deeper than {MAX_DEPTH} elements")
            if name in wanted:
                yield True, name, names[-1], "", elem.attrib
            path.append(elem)
            names.append(name)
            continue
        path.pop()
        names.pop()
        if name in wanted:
            yield False, name, names[-1], (elem.text or "").strip(), elem.attrib
        # Detach what has been read so memory stays flat however long the document is;
        # earlier siblings were detached already, so this element is its parent's first child.
        if path:
            parent = path[-1]
            if len(parent) and parent[0] is elem:
                del parent[0]
        elem.clear()


def _unsafe_reason(exc: Exception, data: bytes) -> str:
    if isinstance(exc, EntitiesForbidden) or b"<!ENTITY" in data:
        return "unsafe XML: entity declarations are not allowed"
    if isinstance(exc, ExternalReferenceForbidden) or getattr(exc, "sysid", None):
        return "unsafe XML: external references are not allowed"
    return "unsafe XML: document type declarations (DTD) are not allowed"
