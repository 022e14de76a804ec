#!/usr/bin/python3
"""Check Kolo's calendar files (.ics) with an independent parser and against expectations.

Run it with Debian's interpreter, which has python3-icalendar (tests/run.py installs it):

    /usr/bin/python3 tests/ics/check_ics.py DIR
        every DIR/*.ics; DIR/expect.json maps a file name to that file's expectations
    /usr/bin/python3 tests/ics/check_ics.py --file x.ics [--expect expect.json]
        one file (a download, say); expect.json holds that file's expectations

A file's expectations (JSON; a key left out is not checked, null means "must be absent"):

    {
      "calname": "Kolo: події",                 X-WR-CALNAME
      "events": {                                the file's VEVENTs, all of them, by UID
        "kolo-1a2b@kolo": {
          "SUMMARY": "...", "DESCRIPTION": "...", "LOCATION": "...", "URL": "...",
          "STATUS": "CONFIRMED", "TRANSP": "TRANSPARENT",
          "CATEGORIES": ["Майстер-клас"],
          "DTSTART": "2026-12-01T13:00:00Z",     an instant in UTC (Z): the value converted with
                                                 the file's VTIMEZONE must come to it;
                     "2026-12-01"                an all-day date (VALUE=DATE);
                     "2026-12-05T10:00:00"       a floating local time (no zone, no Z)
          "DTEND": the same forms,
          "TZID": "Europe/Kyiv"                  the TZID DTSTART carries (null: none)
        }
      }
    }

What every file must be, expectations or not:
- every physical line at most 75 octets, ended by CRLF, and valid UTF-8 by itself (a fold
  never splits a character); the unfolded lines valid UTF-8; TEXT escapes well-formed;
- icalendar.Calendar.from_ical reads it: VERSION 2.0, PRODID, CALSCALE GREGORIAN, METHOD
  PUBLISH, X-WR-CALNAME; each VEVENT with a unique UID, a DTSTAMP in UTC and a DTSTART;
- each TZID an event names has a VTIMEZONE, and each VTIMEZONE is right: its STANDARD and
  DAYLIGHT rules expanded with dateutil.rrule give the same UTC offsets and TZNAMEs as Python's
  zoneinfo for that zone every three hours of 2024-2030 and either side of every switch, and so does
  icalendar's own reading of the VTIMEZONE (Timezone.to_tz).

Times: icalendar 4.0.3 resolves a TZID through pytz by name and only falls back to the file's
VTIMEZONE for names pytz does not know. So a timed value is converted three ways, which must
agree: by the file's VTIMEZONE as this script reads it (rrule), by icalendar's to_tz() of that
VTIMEZONE, and by icalendar's own reading (pytz).

TEXT: this script unescapes the raw value itself (RFC 5545 3.3.11) and compares with the
expectation exactly. icalendar 4.0.3's unescaping is lossy ("\\\\n" comes back as a backslash and
a newline; CATEGORIES splits at escaped commas), so its reading is compared with what it gives
for the expectation written by its own escaping.

Prints one line per problem and exits 1 if there was any, 2 when it cannot run, else 0.
"""
import argparse
import bisect
import json
import os
import sys
from datetime import date, datetime, timedelta, timezone

try:
    import icalendar
    import pytz
    from dateutil import rrule
    from icalendar.parser import escape_char, unescape_char
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"check_ics.py: {e}. Run it with /usr/bin/python3 after `python3 tests/run.py` "
          "(which installs Debian's python3-icalendar).")
    sys.exit(2)
import zoneinfo

UTC = timezone.utc
TEXT_PROPS = ("SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "TRANSP", "URL")
CHECK_FROM, CHECK_TO = datetime(2024, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)


class Problems:
    def __init__(self):
        self.count = 0
        self.where = ""

    def __call__(self, message):
        self.count += 1
        print(f"FAIL {self.where}: {message}")


# ---------------------------------------------------------------------------------------------
# Lines and raw properties
# ---------------------------------------------------------------------------------------------

def physical_lines(raw, fail):
    """The unfolded lines (str), after checking the physical ones."""
    if not raw.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    logical = []
    for n, line in enumerate(raw.split(b"\r\n")[:-1] if raw.endswith(b"\r\n") else raw.split(b"\r\n"), 1):
        if b"\r" in line or b"\n" in line:
            fail(f"line {n}: a bare CR or LF (every line must end with CRLF)")
        if len(line) > 75:
            fail(f"line {n}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"line {n}: not UTF-8 by itself (a fold split a character?): {line!r}")
        if line[:1] in (b" ", b"\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    out = []
    for line in logical:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            fail(f"unfolded line not UTF-8: {line!r}")
    return out


def split_content_line(line):
    """NAME;PARAM=x;PARAM="y":value -> (NAME, {PARAM: x}, value)."""
    quoted, i = False, 0
    while i < len(line) and (quoted or line[i] != ":"):
        if line[i] == '"':
            quoted = not quoted
        i += 1
    head, value = line[:i], line[i + 1:]
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params if "=" in p), value


def rfc_unescape(value, fail):
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            nxt = value[i + 1:i + 2]
            if nxt in ("\\", ";", ","):
                out.append(nxt)
            elif nxt in ("n", "N"):
                out.append("\n")
            else:
                fail(f"a backslash not starting an escape in {value!r}")
                out.append(nxt)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def raw_components(lines):
    """[(component name, {PROP: [(params, raw value), ...]}, parent name)] in file order."""
    stack, out = [], []
    for line in lines:
        name, params, value = split_content_line(line)
        if name == "BEGIN":
            stack.append((value.upper(), {}, stack[-1][0] if stack else None))
            out.append(stack[-1])
        elif name == "END":
            if stack:
                stack.pop()
        elif stack:
            stack[-1][1].setdefault(name, []).append((params, value))
    return out


def split_list(raw):
    """A TEXT list (CATEGORIES) split at its unescaped commas."""
    parts, cur, i = [], "", 0
    while i < len(raw):
        if raw[i] == "\\":
            cur += raw[i:i + 2]
            i += 2
            continue
        if raw[i] == ",":
            parts.append(cur)
            cur = ""
        else:
            cur += raw[i]
        i += 1
    return parts + [cur]


# ---------------------------------------------------------------------------------------------
# Time zones: the file's VTIMEZONE as rules, checked against zoneinfo
# ---------------------------------------------------------------------------------------------

def parse_offset(text):
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


class ZoneModel:
    """A VTIMEZONE's transitions, expanded from its components' DTSTART and RRULE."""

    def __init__(self, tzid, comp, fail):
        self.tzid = tzid
        self.transitions = []  # (UTC instant, offset after, TZNAME)
        first = None
        for sub_name, props, parent in comp:
            if parent != "VTIMEZONE" or sub_name not in ("STANDARD", "DAYLIGHT"):
                continue
            try:
                off_from = parse_offset(props["TZOFFSETFROM"][0][1])
                off_to = parse_offset(props["TZOFFSETTO"][0][1])
                start = datetime.strptime(props["DTSTART"][0][1], "%Y%m%dT%H%M%S")
            except (KeyError, ValueError) as e:
                fail(f"VTIMEZONE {tzid}: {sub_name} lacks or misspells {e}")
                continue
            name = props.get("TZNAME", [({}, "")])[0][1]
            if "RRULE" in props:
                occurrences = rrule.rrulestr(props["RRULE"][0][1], dtstart=start).between(
                    start, datetime(2040, 1, 1), inc=True)
            else:
                occurrences = [start]
            for local in occurrences:  # wall-clock time read with the offset before the switch
                self.transitions.append(((local - off_from).replace(tzinfo=UTC), off_to, name))
            if first is None or start < first[0]:
                first = (start, off_from)
        self.transitions.sort(key=lambda t: t[0])
        self.instants = [t[0] for t in self.transitions]
        self.before_first = first[1] if first else timedelta(0)

    def at(self, instant):
        """(offset, TZNAME) at a UTC instant."""
        i = bisect.bisect_right(self.instants, instant) - 1
        return (self.before_first, "") if i < 0 else self.transitions[i][1:]

    def to_utc(self, local):
        """A wall-clock time as an instant (RFC 5545 3.3.5: the first of two readings; a time
        in a gap read with the offset before it)."""
        offsets = {t[1] for t in self.transitions} | {self.before_first}
        fits = sorted((local - off).replace(tzinfo=UTC) for off in offsets
                      if self.at((local - off).replace(tzinfo=UTC))[0] == off)
        if fits:
            return fits[0]
        before = self.at((local - timedelta(days=1)).replace(tzinfo=UTC))[0]
        return (local - before).replace(tzinfo=UTC)


def system_zone(tzid):
    for name in (tzid, {"Europe/Kyiv": "Europe/Kiev"}.get(tzid)):
        if name:
            try:
                return zoneinfo.ZoneInfo(name)
            except zoneinfo.ZoneInfoNotFoundError:
                pass
    return None


def check_zone(model, lib_tz, fail):
    """The model and icalendar's to_tz() against zoneinfo, every three hours and either side of
    each of the model's switches (so a switch at another time than zoneinfo's shows)."""
    zone = system_zone(model.tzid)
    if zone is None:
        fail(f"VTIMEZONE {model.tzid}: the system's tzdata does not know this zone")
        return
    instants = []
    t = CHECK_FROM
    while t < CHECK_TO:
        instants.append(t)
        t += timedelta(hours=3)
    for switch in model.instants:
        if CHECK_FROM <= switch < CHECK_TO:
            instants += [switch - timedelta(seconds=1), switch]
    reported = set()
    for t in instants:
        real = t.astimezone(zone)
        offset, name = model.at(t)
        lib = t.astimezone(lib_tz) if lib_tz is not None else None
        for what, got_offset, got_name in (("its rules", offset, name),
                                           ("icalendar's to_tz()", lib and lib.utcoffset(), lib and lib.tzname())):
            if got_offset is None or what in reported:
                continue
            if got_offset != real.utcoffset() or got_name != real.tzname():
                reported.add(what)
                fail(f"VTIMEZONE {model.tzid} by {what}: at {t:%Y-%m-%dT%H:%M:%SZ} UTC{got_offset} {got_name!r}, "
                     f"zoneinfo says UTC{real.utcoffset()} {real.tzname()!r}")


# ---------------------------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------------------------

def expected_time(text):
    """("date", date) | ("utc", aware datetime) | ("floating", naive datetime)."""
    if len(text) == 10:
        return "date", date.fromisoformat(text)
    if text.endswith("Z"):
        return "utc", datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    return "floating", datetime.fromisoformat(text)


def check_time(prop, want, raw, lib_value, models, lib_tzs, fail):
    params, value = raw
    kind, want_value = expected_time(want)
    lib_dt = lib_value.dt if lib_value is not None else None
    if kind == "date":
        if params.get("VALUE") != "DATE" or value != want_value.strftime("%Y%m%d"):
            fail(f"{prop} is {value!r} {params}, want the date {want}")
        if lib_dt != want_value or isinstance(lib_dt, datetime):
            fail(f"{prop}: icalendar reads {lib_dt!r}, want the date {want}")
        return
    if kind == "floating":
        if "TZID" in params or value.endswith("Z"):
            fail(f"{prop} {value!r} {params} is not floating, want {want}")
        if lib_dt != want_value:
            fail(f"{prop}: icalendar reads {lib_dt!r}, want floating {want}")
        return
    local = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        readings = {"the value itself": local.replace(tzinfo=UTC)}
    elif "TZID" in params:
        tzid = params["TZID"]
        if tzid not in models:
            fail(f"{prop}: TZID={tzid} has no VTIMEZONE in the file")
            return
        readings = {"the file's VTIMEZONE (rrule)": models[tzid].to_utc(local)}
        if lib_tzs.get(tzid) is not None:
            readings["icalendar's to_tz()"] = lib_tzs[tzid].localize(local, is_dst=True).astimezone(UTC)
    else:
        fail(f"{prop} {value!r} is floating, want the instant {want}")
        return
    if isinstance(lib_dt, datetime) and lib_dt.tzinfo is not None:
        readings["icalendar's reading (pytz by name)"] = lib_dt.astimezone(UTC)
    else:
        fail(f"{prop}: icalendar reads {lib_dt!r}, not an instant")
    for how, got in readings.items():
        if got != want_value:
            fail(f"{prop} {value!r} {params} by {how} is {got:%Y-%m-%dT%H:%M:%SZ}, want {want}")


def check_text(uid, prop, want, raw_values, lib_value, fail):
    if want is None:
        if raw_values:
            fail(f"{uid}: {prop} should be absent, is {raw_values[0][1]!r}")
        return
    if not raw_values:
        fail(f"{uid}: {prop} missing, want {want!r}")
        return
    raw = raw_values[0][1]
    if prop == "CATEGORIES":
        got = [rfc_unescape(part, fail) for part in split_list(raw)]
        lib_got = [str(c) for c in lib_value.cats] if lib_value is not None else None
        lib_want = unescape_char(",".join(escape_char(c) for c in want)).split(",")
    elif prop == "URL":
        got, lib_got, lib_want = raw, str(lib_value), want
    else:
        got = rfc_unescape(raw, fail)
        lib_got, lib_want = str(lib_value), unescape_char(escape_char(want))
    if got != want:
        fail(f"{uid}: {prop} reads {got!r}, want {want!r}")
    if lib_got != lib_want:
        fail(f"{uid}: {prop}: icalendar reads {lib_got!r}, want {lib_want!r}")


def check_file(path, expect, fail):
    with open(path, "rb") as fh:
        raw = fh.read()
    lines = physical_lines(raw, fail)
    comps = raw_components(lines)
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # noqa: BLE001 - any parser error is a failure to report
        fail(f"icalendar cannot read the file: {e!r}")
        return
    for prop, want in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")):
        if str(cal.get(prop)) != want:
            fail(f"VCALENDAR {prop} is {cal.get(prop)!r}, want {want}")
    for prop in ("PRODID", "X-WR-CALNAME"):
        if not cal.get(prop):
            fail(f"VCALENDAR has no {prop}")
    if expect and "calname" in expect and str(cal.get("X-WR-CALNAME")) != expect["calname"]:
        fail(f"X-WR-CALNAME is {str(cal.get('X-WR-CALNAME'))!r}, want {expect['calname']!r}")

    # Time zones: the file's own, read by this script and by icalendar.
    models, lib_tzs = {}, {}
    raw_zones = [i for i, c in enumerate(comps) if c[0] == "VTIMEZONE"]
    for index, vtz in zip(raw_zones, cal.walk("VTIMEZONE")):
        tzid = comps[index][1]["TZID"][0][1]
        following = []  # the VTIMEZONE's sub-components: those after it whose parent it is
        for c in comps[index + 1:]:
            if c[2] != "VTIMEZONE":
                break
            following.append(c)
        models[tzid] = ZoneModel(tzid, following, fail)
        try:
            lib_tzs[tzid] = vtz.to_tz()
        except Exception as e:  # noqa: BLE001
            fail(f"VTIMEZONE {tzid}: icalendar's to_tz() fails: {e!r}")
            lib_tzs[tzid] = None
        check_zone(models[tzid], lib_tzs[tzid], fail)

    # Events.
    raw_events = [c[1] for c in comps if c[0] == "VEVENT"]
    lib_events = cal.walk("VEVENT")
    seen = {}
    for props, ev in zip(raw_events, lib_events):
        uid = props.get("UID", [({}, "")])[0][1]
        if not uid:
            fail("a VEVENT without UID")
            continue
        if uid in seen:
            fail(f"UID {uid} twice")
        seen[uid] = (props, ev)
        stamp = props.get("DTSTAMP", [({}, "")])[0][1]
        if not (len(stamp) == 16 and stamp.endswith("Z")):
            fail(f"{uid}: DTSTAMP {stamp!r} is not a UTC time")
        if "DTSTART" not in props:
            fail(f"{uid}: no DTSTART")
        tzid = props.get("DTSTART", [({}, "")])[0][0].get("TZID")
        if tzid and tzid not in models:
            fail(f"{uid}: TZID={tzid} has no VTIMEZONE in the file")
    if not expect:
        return
    wanted = expect.get("events", {})
    for uid in seen.keys() - wanted.keys():
        fail(f"unexpected event {uid}")
    for uid, want in wanted.items():
        if uid not in seen:
            fail(f"event {uid} missing")
            continue
        props, ev = seen[uid]
        for prop, value in want.items():
            if prop in ("DTSTART", "DTEND"):
                if value is None:
                    if prop in props:
                        fail(f"{uid}: {prop} should be absent")
                elif prop not in props:
                    fail(f"{uid}: {prop} missing, want {value}")
                else:
                    check_time(f"{uid}: {prop}", value, props[prop][0], ev.get(prop), models, lib_tzs, fail)
            elif prop == "TZID":
                got = props.get("DTSTART", [({}, "")])[0][0].get("TZID")
                if got != value:
                    fail(f"{uid}: DTSTART's TZID is {got!r}, want {value!r}")
            else:
                check_text(uid, prop, value, props.get(prop, []), ev.get(prop), fail)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", help="a folder of .ics files with expect.json")
    parser.add_argument("--file", help="one .ics file")
    parser.add_argument("--expect", help="that file's expectations (JSON)")
    args = parser.parse_args(argv)
    if bool(args.dir) == bool(args.file):
        parser.error("give a folder, or --file")
    problems = Problems()
    if args.file:
        expect = None
        if args.expect:
            with open(args.expect, encoding="utf-8") as fh:
                expect = json.load(fh)
        jobs = [(args.file, expect)]
    else:
        expect_path = os.path.join(args.dir, "expect.json")
        expects = {}
        if os.path.exists(expect_path):
            with open(expect_path, encoding="utf-8") as fh:
                expects = json.load(fh)
        names = sorted(set(expects) | {n for n in os.listdir(args.dir) if n.endswith(".ics")})
        jobs = [(os.path.join(args.dir, n), expects.get(n)) for n in names]
    for path, expect in jobs:
        problems.where = os.path.basename(path)
        if not os.path.exists(path):
            problems("no such file")
            continue
        before = problems.count
        check_file(path, expect, problems)
        if problems.count == before:
            print(f"ok {problems.where}" + ("" if expect else " (no expectations: the format only)"))
    if problems.count:
        print(f"{problems.count} problem(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
