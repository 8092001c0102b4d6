"""A small FIT encoder: define local message types, write data messages, finish with CRCs.

The protocol constants and the CRC are the importer's (importers/fit_profile.py), so a file
written here is checked by the same definition that reads files in.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import datetime

from runready.importers.fit_profile import FIT_EPOCH_S, fit_crc

#: Base types: name → (base-type byte, struct code, invalid value).
BASE: dict[str, tuple[int, str, object]] = {
    "enum": (0x00, "B", 0xFF),
    "sint8": (0x01, "b", 0x7F),
    "uint8": (0x02, "B", 0xFF),
    "sint16": (0x83, "h", 0x7FFF),
    "uint16": (0x84, "H", 0xFFFF),
    "sint32": (0x85, "i", 0x7FFFFFFF),
    "uint32": (0x86, "I", 0xFFFFFFFF),
    "string": (0x07, "s", b""),
    "uint32z": (0x8C, "I", 0),
}
#: The profile version written in the header (21.171, as the importer's tables).
PROFILE_VERSION = 21171
Field = tuple[int, str]  # (field number, base type name; "uint16[2]", or "string[16]" bytes)


def fit_time(moment: datetime) -> int:
    """Return ``moment`` as FIT seconds since 1989-12-31T00:00:00Z."""
    return int(moment.timestamp()) - FIT_EPOCH_S


class Encoder:
    """Build one FIT file: define local message types, write data messages, finish."""

    def __init__(self, big_endian: bool = False) -> None:
        self.big_endian = big_endian
        self._body = bytearray()
        self._formats: dict[int, tuple[struct.Struct, tuple[tuple[int, object], ...]]] = {}

    def define(self, local: int, global_number: int, fields: Sequence[Field] | str) -> None:
        """Write a definition binding ``local`` (0-15) to a global message.

        ``fields`` lists (field number, type) pairs, or is a string such as
        ``"253:uint32 3:uint8 7:uint16[2] 8:string[16]"``.
        """
        if isinstance(fields, str):
            fields = [(int(n), t) for n, _, t in (item.partition(":") for item in fields.split())]
        order = ">" if self.big_endian else "<"
        out = bytearray([0x40 | local, 0, int(self.big_endian)])
        out += struct.pack(order + "HB", global_number, len(fields))
        codes, invalids = [], []
        for number, type_name in fields:
            name, _, count_text = type_name.partition("[")
            count = int(count_text.rstrip("]") or 1)
            base, code, invalid = BASE[name]
            if code == "s":  # a string is one field of ``count`` bytes, NUL-padded
                codes.append(f"{count}s")
                invalids.append((1, invalid))
                size = count
            else:
                codes.append(f"{count}{code}")
                invalids.append((count, invalid))
                size = struct.calcsize(code) * count
            out += bytes([number, size, base])
        self._formats[local] = (struct.Struct(order + "".join(codes)), tuple(invalids))
        self._body += out

    def write(self, local: int, *values: object, compressed_offset: int | None = None) -> None:
        """Write a data message; ``None`` writes the field's invalid value, a str its UTF-8."""
        layout, invalids = self._formats[local]
        flat: list[object] = []
        for value, (count, invalid) in zip(values, invalids, strict=True):
            if isinstance(value, str):
                value = value.encode()
            items = list(value) if isinstance(value, list | tuple) else [value]
            items += [None] * (count - len(items))
            flat.extend(invalid if v is None else v for v in items)
        if compressed_offset is None:
            self._body.append(local)
        else:  # compressed-timestamp header: local type 0-3, low 5 bits of the timestamp
            self._body.append(0x80 | (local << 5) | (compressed_offset & 0x1F))
        self._body += layout.pack(*flat)

    def finish(self) -> bytes:
        """Return the complete file: header (with its CRC), messages and file CRC."""
        header = struct.pack("<BBHI4s", 14, 0x20, PROFILE_VERSION, len(self._body), b".FIT")
        header += struct.pack("<H", fit_crc(header))
        data = header + bytes(self._body)
        return data + struct.pack("<H", fit_crc(data))
