"""Read the cells of strength-app CSV exports, naming the row and column of any bad value."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time
from typing import TypeVar

from runready.core.errors import InvalidInput
from runready.core.model import check_year
from runready.importers.base import ImportRejected

__all__ = ["Cells", "LB_TO_KG"]

#: One international avoirdupois pound in kilograms (exact, by definition).
LB_TO_KG = 0.45359237

#: Month names as Hevy writes them in the phone's language: the first letters, accents removed.
_MONTHS = {
    "jan": 1, "ene": 1, "gen": 1,
    "feb": 2, "fev": 2,
    "mar": 3, "maa": 3, "mrt": 3,
    "apr": 4, "avr": 4, "abr": 4,
    "may": 5, "mai": 5, "mag": 5, "mei": 5,
    "jun": 6, "juin": 6, "giu": 6,
    "jul": 7, "juil": 7, "lug": 7,
    "aug": 8, "aou": 8, "ago": 8,
    "sep": 9, "set": 9,
    "oct": 10, "okt": 10, "ott": 10, "out": 10,
    "nov": 11,
    "dec": 12, "dez": 12, "dic": 12,
}  # fmt: skip
_HEVY_TIME = re.compile(
    r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?",
    re.IGNORECASE,
)
_TEXT_DURATION = re.compile(
    r"(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?\s*(?:(\d+)\s*s(?:ec)?)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?")
D = TypeVar("D", bound=date)


class Cells:
    """The cells of one data row, read by column name with errors that say where."""

    def __init__(self, header: dict[str, int], names: list[str], decimal_comma: bool) -> None:
        self.header = header
        self.names = names
        self.decimal_comma = decimal_comma
        self.row: list[str] = []
        self.number = 0

    def at(self, row: list[str], number: int) -> Cells:
        """Point at the row numbered ``number`` (the header is row 1) and return self."""
        self.row = row
        self.number = number
        return self

    def text(self, column: str) -> str:
        """Return the stripped text of ``column``, empty when the column or cell is missing."""
        index = self.header.get(column)
        if index is None or index >= len(self.row):
            return ""
        return self.row[index].strip()

    def error(self, column: str, problem: str) -> ImportRejected:
        """Return the error for a bad value in ``column`` of this row."""
        index = self.header.get(column)
        name = self.names[index] if index is not None else column
        return ImportRejected(f"row {self.number}, column {name!r}: {problem}")

    def number_in(self, column: str, low: float, high: float) -> float | None:
        """Return the cell as a number within [low, high], None when empty."""
        raw = self.text(column)
        if not raw:
            return None
        cleaned = raw.replace(",", ".") if self.decimal_comma else raw
        try:
            value = float(cleaned)
        except ValueError:
            raise self.error(column, f"not a number: {raw[:40]!r}") from None
        if not math.isfinite(value):
            raise self.error(column, f"not a finite number: {raw[:40]!r}")
        if not low <= value <= high:
            raise self.error(column, f"must be between {low:g} and {high:g}, got {raw[:40]}")
        return value

    def whole(self, column: str, low: int, high: int) -> int | None:
        """Return the cell as a whole number within [low, high], None when empty."""
        value = self.number_in(column, low, high)
        if value is None:
            return None
        if value != int(value):
            raise self.error(column, f"not a whole number: {self.text(column)[:40]!r}")
        return int(value)

    def dated(self, column: str, value: D) -> D:
        """Return a date read from ``column`` when its year is in the core's range."""
        try:
            check_year(value, column)
        except InvalidInput as exc:
            raise self.error(column, exc.problem) from None
        return value

    def iso_moment(self, column: str) -> datetime:
        """Return a ``YYYY-MM-DD HH:MM[:SS]`` cell as a datetime (a bare date means noon)."""
        raw = self.text(column)
        try:
            if len(raw) == 10:
                moment = datetime.combine(date.fromisoformat(raw), time(12, 0))
            else:
                moment = datetime.fromisoformat(raw)
        except ValueError:
            expected = "a date like 2021-02-10 16:46:13"
            raise self.error(column, f"{expected}, got {raw[:40]!r}") from None
        return self.dated(column, moment)

    def day(self, column: str) -> date:
        """Return a ``YYYY-MM-DD`` cell as a date."""
        raw = self.text(column)
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise self.error(column, f"a date like 2025-04-09, got {raw[:40]!r}") from None
        return self.dated(column, day)

    def hevy_moment(self, column: str) -> datetime | None:
        """Return a Hevy time like ``9 Apr 2026, 17:18`` (common languages), None when empty."""
        raw = self.text(column)
        if not raw:
            return None
        found = _HEVY_TIME.fullmatch(raw)
        month = _month(found.group(2)) if found else None
        if found is None or month is None:
            try:
                return self.dated(column, datetime.fromisoformat(raw))
            except ValueError:
                expected = "a time like '9 Apr 2026, 17:18'"
                raise self.error(column, f"{expected}, got {raw[:40]!r}") from None
        day, _, year, hour, minute, second, half = found.groups()
        clock = int(hour)
        if half:  # 12-hour clock: 12 AM is midnight, 12 PM is noon
            clock = clock % 12 + (12 if half[0].lower() == "p" else 0)
        try:
            moment = datetime(int(year), month, int(day), clock, int(minute), int(second or 0))
        except ValueError:
            raise self.error(column, f"not a real date or time: {raw[:40]!r}") from None
        return self.dated(column, moment)

    def duration_s(self, column: str, most: float | None) -> float | None:
        """Return a duration (``1h 50m``, ``38min``, ``0:01:30`` or seconds) up to ``most``.

        ``most`` None accepts any length, for callers that judge plausibility themselves.
        """
        raw = self.text(column)
        if not raw:
            return None
        cleaned = raw.replace(",", ".") if self.decimal_comma else raw
        seconds: float | None = None
        clock = _CLOCK.fullmatch(cleaned)
        text = _TEXT_DURATION.fullmatch(cleaned)
        if clock:
            hours, minutes, secs = clock.groups()
            seconds = int(hours or 0) * 3600.0 + int(minutes) * 60.0 + int(secs)
        elif text and any(text.groups()):
            hours, minutes, secs = text.groups()
            seconds = int(hours or 0) * 3600.0 + int(minutes or 0) * 60.0 + int(secs or 0)
        else:
            try:
                seconds = float(cleaned)
            except ValueError:
                seconds = None
        if seconds is None or not math.isfinite(seconds):
            expected = "a duration like '1h 50m', '38min', '0:01:30' or seconds"
            raise self.error(column, f"{expected}, got {raw[:40]!r}")
        if seconds < 0 or (most is not None and seconds > most):
            limit = f"at most {most:g} s" if most is not None else "0 s or more"
            raise self.error(column, f"a duration of {limit}, got {raw[:40]!r}")
        return seconds


def _month(word: str) -> int | None:
    """Return the month number of an abbreviated or full month name in a common language."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )
    return _MONTHS.get(plain[:4]) or _MONTHS.get(plain[:3])
