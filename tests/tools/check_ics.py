#!/usr/bin/env python3
"""Parse .ics feeds written by nastavnik with an independent implementation and print their events.

Usage: check_ics.py FILE.ics [FILE.ics ...]

Needs the `icalendar` package (pip install icalendar). Prints one JSON document to stdout:
a list with one entry per file, {"file", "calendar": {...}, "events": [...]}, each event with
uid, summary, dtstart, dtend, tzid, rrule, exdate, status and url. Dates are ISO 8601: "2022-10-10"
for all-day values, "2022-10-10T15:00:00+03:00" for zoned ones, with the offset taken from the
feed's own VTIMEZONE.

Besides parsing, it checks what real clients are strict about and the parser forgives: CRLF line
ends only, physical lines of at most 75 octets, valid UTF-8, parse errors the library swallowed,
and that the feed's VTIMEZONE gives the same UTC offset as the system's tz database for every
date-time an event uses. Any problem is printed to stderr and the exit status is 1.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zoneinfo
from pathlib import Path

import icalendar


def raw_problems(data: bytes) -> list[str]:
    """Line structure faults that icalendar tolerates but clients may not."""
    problems = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(f"not UTF-8: {err}")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number}: bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: fold splits a UTF-8 character")
    return problems


def unescape_text(text: str) -> str:
    """RFC 5545 TEXT unescaping, for the X- properties icalendar leaves raw."""
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in ("n", "N") else following)
        else:
            out.append(char)
    return "".join(out)


def iso(value: object) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def exdates(event: icalendar.Event) -> list[object]:
    """EXDATE may occur several times and hold several values each."""
    prop = event.get("exdate")
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    return [d.dt for p in props for d in p.dts]


def check_file(path: Path, problems: list[str]) -> dict:
    data = path.read_bytes()
    problems.extend(f"{path}: {p}" for p in raw_problems(data))
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as err:
        problems.append(f"{path}: does not parse: {err}")
        return {"file": str(path), "calendar": None, "events": []}
    for component in cal.walk():
        for prop, message in component.errors:
            problems.append(f"{path}: {component.name} {prop}: {message}")

    # Time zones built from the feed's own VTIMEZONE, not looked up by name.
    own_zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}

    def resolve(value: object, tzid: str | None, where: str) -> object:
        """The value in the feed's own zone, checked against the system tz database."""
        if not isinstance(value, dt.datetime) or tzid is None:
            return value
        if tzid not in own_zones:
            problems.append(f"{path}: {where}: TZID {tzid} has no VTIMEZONE")
            return value
        naive, zone = value.replace(tzinfo=None), own_zones[tzid]
        # pytz zones need localize(); zoneinfo-style ones take tzinfo directly.
        own = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)
        system = naive.replace(tzinfo=zoneinfo.ZoneInfo(tzid))
        if own.utcoffset() != system.utcoffset():
            problems.append(
                f"{path}: {where}: VTIMEZONE gives {own.utcoffset()}, tz database {system.utcoffset()}"
            )
        return own

    events = []
    for event in cal.walk("VEVENT"):
        uid = str(event.get("uid", ""))
        for required in ("uid", "dtstamp", "dtstart"):
            if required not in event:
                problems.append(f"{path}: event {uid!r} lacks {required.upper()}")
        start_prop = event.get("dtstart")
        tzid = start_prop.params.get("TZID") if start_prop is not None else None
        start = resolve(start_prop.dt, tzid, f"{uid} DTSTART") if start_prop is not None else None
        end_prop = event.get("dtend")
        end = resolve(end_prop.dt, tzid, f"{uid} DTEND") if end_prop is not None else None
        if isinstance(start, dt.datetime) and start.tzinfo is None:
            problems.append(f"{path}: {uid}: floating DTSTART")
        if end is not None and type(end) is not type(start):
            problems.append(f"{path}: {uid}: DTEND and DTSTART differ in value type")
        skipped = [resolve(d, tzid, f"{uid} EXDATE") for d in exdates(event)]
        rrule = event.get("rrule")
        events.append(
            {
                "uid": uid,
                "summary": str(event.get("summary", "")),
                "dtstart": iso(start) if start is not None else None,
                "dtend": iso(end) if end is not None else None,
                "tzid": tzid,
                "rrule": rrule.to_ical().decode() if rrule is not None else None,
                "exdate": [iso(d) for d in skipped],
                "status": str(event["status"]) if "status" in event else None,
                "url": str(event["url"]) if "url" in event else None,
            }
        )
    return {
        "file": str(path),
        "calendar": {
            # icalendar keeps X- properties raw; they are TEXT (RFC 5545 §3.8.8.2).
            "name": unescape_text(cal.get("x-wr-calname", b"").to_ical().decode()),
            "timezone": str(cal.get("x-wr-timezone", "")) or None,
            "prodid": str(cal.get("prodid", "")),
        },
        "events": events,
    }


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    problems: list[str] = []
    result = [check_file(Path(name), problems) for name in argv]
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
