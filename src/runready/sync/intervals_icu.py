"""An intervals.icu client for planned events: bulk upsert keyed by external id, and delete.

Endpoints (intervals.icu API): ``POST /api/v1/athlete/{id}/events/bulk?upsert=true`` takes a
list of events and answers them with their ids; ``DELETE /api/v1/athlete/{id}/events/{eventId}``
removes one. Basic auth with the user name ``API_KEY`` and the key as password.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx2

from runready.core.errors import RunreadyError

TIMEOUT_S = 20.0


class IntervalsError(RunreadyError):
    """intervals.icu refused or could not be reached (the message says which)."""


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One planned session as an intervals.icu calendar event."""

    external_id: str
    start_local: datetime
    name: str
    description: str
    type: str
    moving_time_s: int

    def as_json(self) -> dict[str, object]:
        """Return the event in the shape of the intervals.icu API."""
        return {
            "external_id": self.external_id,
            "category": "WORKOUT",
            "start_date_local": self.start_local.replace(tzinfo=None).isoformat(timespec="seconds"),
            "name": self.name,
            "description": self.description,
            "type": self.type,
            "moving_time": self.moving_time_s,
        }


class IntervalsClient:
    """Calls to one intervals.icu athlete's calendar."""

    def __init__(self, base_url: str, athlete: str, api_key: str) -> None:
        self._athlete = athlete
        self._http = httpx2.Client(
            base_url=base_url.rstrip("/"), auth=("API_KEY", api_key), timeout=TIMEOUT_S
        )

    def __enter__(self) -> IntervalsClient:
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def _send(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: object = None,
    ) -> httpx2.Response:
        try:
            answer = self._http.request(method, path, params=params, json=body)
        except httpx2.HTTPError as exc:
            name = type(exc).__name__
            raise IntervalsError(f"intervals.icu could not be reached: {name}") from exc
        if answer.status_code in (401, 403):
            raise IntervalsError("intervals.icu refused the API key or athlete id")
        if answer.status_code >= 400 and not (method == "DELETE" and answer.status_code == 404):
            raise IntervalsError(f"intervals.icu answered {answer.status_code} to {method}")
        return answer

    def upsert(self, events: Sequence[PlannedEvent]) -> dict[str, int]:
        """Create or update ``events``; return external id → intervals.icu event id."""
        if not events:
            return {}
        answer = self._send(
            "POST",
            f"/api/v1/athlete/{self._athlete}/events/bulk",
            params={"upsert": "true"},
            body=[event.as_json() for event in events],
        )
        try:
            return {str(item["external_id"]): int(item["id"]) for item in answer.json()}
        except (ValueError, KeyError, TypeError) as exc:
            raise IntervalsError("intervals.icu answered the upsert in an unknown shape") from exc

    def delete(self, event_id: int) -> None:
        """Remove one event (one already gone counts as removed)."""
        self._send("DELETE", f"/api/v1/athlete/{self._athlete}/events/{event_id}")
