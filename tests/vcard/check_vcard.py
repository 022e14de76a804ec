#!/usr/bin/python3
"""Check Kolo's address-book files (.vcf, vCard 4.0) with an independent parser and against
expectations.

Run it with Debian's interpreter, which has python3-vobject (tests/run.py installs it):

    /usr/bin/python3 tests/vcard/check_vcard.py FILE.vcf [EXPECT.json]

EXPECT.json (a key left out is not checked; null means "must be absent"):

    {"count": 3,                                  how many cards
     "cards": {"kolo-contact-12-3": {             by UID
        "FN": "...", "ORG": "...", "TITLE": "...", "EMAIL": "...", "URL": "...", "NOTE": "...",
        "TEL": "tel:+380671234567",               the value as written (a tel: URI or the text)
        "TEL_VALUE": "uri",                       the VALUE parameter of TEL
        "ADR_STREET": "...",                      the street part of ADR
        "CATEGORIES": ["School", "parents"]}}}

What every file must be, expectations or not:
- every physical line at most 75 octets, ended by CRLF, valid UTF-8 by itself (a fold never
  splits a character);
- vobject reads every card: BEGIN/END VCARD, VERSION 4.0, FN, a UID unique in the file, REV.
Prints what is wrong and exits 1, or prints "ok: N cards" and exits 0.
"""
import json
import sys

import vobject


def fail(errors):
    for e in errors:
        print("FAIL", e)
    sys.exit(1)


def text_of(value):
    if isinstance(value, list):
        return ",".join(text_of(v) for v in value)
    return str(value)


def main(path, expect_path=None):
    errors = []
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n"):
        errors.append("the file does not end with CRLF")
    for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            errors.append(f"line {n}: a bare LF or CR")
        if len(line) > 75:
            errors.append(f"line {n}: {len(line)} octets (at most 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"line {n}: not valid UTF-8 by itself (a fold split a character)")
    text = raw.decode("utf-8")
    cards = {}
    try:
        for card in vobject.readComponents(text):
            if card.name != "VCARD":
                errors.append(f"a {card.name} where a VCARD was expected")
                continue
            uid = card.uid.value if hasattr(card, "uid") else None
            if not uid:
                errors.append("a card without UID")
                continue
            if uid in cards:
                errors.append(f"UID {uid} twice")
            if card.version.value != "4.0":
                errors.append(f"{uid}: VERSION {card.version.value}")
            for required in ("fn", "rev"):
                if not hasattr(card, required):
                    errors.append(f"{uid}: no {required.upper()}")
            cards[uid] = card
    except Exception as e:  # vobject's parse errors
        errors.append(f"vobject cannot read the file: {e}")
    if expect_path:
        expect = json.load(open(expect_path, encoding="utf-8"))
        if "count" in expect and len(cards) != expect["count"]:
            errors.append(f"{len(cards)} cards, expected {expect['count']}")
        for uid, fields in expect.get("cards", {}).items():
            card = cards.get(uid)
            if card is None:
                errors.append(f"no card {uid}")
                continue
            for key, want in fields.items():
                if key == "ADR_STREET":
                    got = card.adr.value.street if hasattr(card, "adr") else None
                    got = text_of(got) if got is not None else None
                elif key == "TEL_VALUE":
                    got = card.tel.params.get("VALUE", [None])[0] if hasattr(card, "tel") else None
                elif key == "CATEGORIES":
                    got = [text_of(v) for v in card.categories.value] if hasattr(card, "categories") else None
                else:
                    attr = key.lower()
                    got = text_of(getattr(card, attr).value) if hasattr(card, attr) else None
                if got != want:
                    errors.append(f"{uid} {key}: {got!r}, expected {want!r}")
    if errors:
        fail(errors)
    print(f"ok: {len(cards)} cards")


if __name__ == "__main__":
    main(*sys.argv[1:])
