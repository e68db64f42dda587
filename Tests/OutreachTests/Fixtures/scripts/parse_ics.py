"""Parses an iCalendar file with the `icalendar` package and prints its events and
tasks as JSON. Exits with status 3 when `icalendar` is not installed.

usage: python3 parse_ics.py FILE
"""
import json
import sys

try:
    import icalendar
except ImportError:
    print("the Python package icalendar is not installed (pip install icalendar)", file=sys.stderr)
    sys.exit(3)


def when(component, name):
    prop = component.get(name)
    if prop is None:
        return None
    value = prop.dt
    return {"value": value.isoformat(), "tzid": prop.params.get("TZID"),
            "utc": value.utcoffset().total_seconds() if hasattr(value, "utcoffset") and value.utcoffset() is not None else None}


def main(path):
    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    items = []
    zones = []
    for component in calendar.walk():
        if component.name == "VTIMEZONE":
            zones.append(str(component.get("TZID")))
        if component.name not in ("VEVENT", "VTODO"):
            continue
        items.append({
            "type": component.name,
            "uid": str(component.get("UID")),
            "summary": str(component.get("SUMMARY")),
            "description": str(component.get("DESCRIPTION")) if component.get("DESCRIPTION") is not None else None,
            "location": str(component.get("LOCATION")) if component.get("LOCATION") is not None else None,
            "status": str(component.get("STATUS")) if component.get("STATUS") is not None else None,
            "dtstart": when(component, "DTSTART"),
            "dtend": when(component, "DTEND"),
            "due": when(component, "DUE"),
            "dtstamp": when(component, "DTSTAMP"),
        })
    json.dump({"items": items, "timezones": zones}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
