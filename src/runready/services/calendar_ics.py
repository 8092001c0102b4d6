"""Calendar events → an iCalendar (.ics) file, with icalendar. Stable UIDs, SEQUENCE on change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from runready.services.planning import CalendarEvent

PRODUCT = "-//runready//plan//EN"


def render(
    events: Sequence[CalendarEvent],
    name: str,
    tz: tzinfo,
    now: datetime,
    alarms_min: Sequence[int] = (),
) -> bytes:
    """Return the .ics bytes of ``events``, times in the athlete's time zone, each event that
    still stands with a reminder ``alarms_min`` minutes before it."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"runready: {name}")
    calendar.add("x-wr-timezone", getattr(tz, "key", "UTC"))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("last-modified", item.stamp)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start.astimezone(tz))
        event.add("dtend", item.end.astimezone(tz))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("categories", ["Training"])
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        for minutes in () if item.cancelled else alarms_min:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", timedelta(minutes=-minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    if events:
        first = min(e.start for e in events).date() - timedelta(days=366)
        last = max(e.end for e in events).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data
