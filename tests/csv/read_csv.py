#!/usr/bin/python3
"""Read a CSV file Kolo wrote with Python's own csv module, as a spreadsheet would, and print
its rows as JSON, for the unit tests to compare with what Kolo meant to write.

    /usr/bin/python3 tests/csv/read_csv.py FILE.csv

What every file must be: UTF-8 with a byte-order mark first (Excel needs it to show
Cyrillic), rows ended by CRLF, every row as wide as the header. Prints what is wrong and exits
1, or prints the rows (the header first) as one JSON array and exits 0.
"""
import csv
import io
import json
import sys


def main(path):
    data = open(path, "rb").read()
    problems = []
    if not data.startswith(b"\xef\xbb\xbf"):
        problems.append("no UTF-8 byte-order mark")
    text = data.decode("utf-8-sig")  # raises on bad UTF-8: a failure too
    if not text.endswith("\r\n"):
        problems.append("the last row does not end with CRLF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if rows and any(len(r) != len(rows[0]) for r in rows):
        problems.append("rows of different widths: " + str(sorted({len(r) for r in rows})))
    if problems:
        print("\n".join(problems))
        return 1
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
