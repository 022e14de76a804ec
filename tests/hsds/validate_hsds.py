#!/usr/bin/python3
"""Validate an HSDS 3.0 file Kolo wrote against the official JSON Schema files, with an
independent validator: Debian's python3-jsonschema (4.10), formats checked (uuid, email, and
uri through python3-rfc3987; tests/run.py installs both).

    /usr/bin/python3 tests/hsds/validate_hsds.py SCHEMA_DIR FILE.json

FILE is an organization list page ({"total_items", ..., "contents": [...]}); every
organization is validated against organization.json and every service nested in it against
service.json (organization.json does not describe the nesting, so services are checked on
their own), with every $ref resolved in SCHEMA_DIR. Prints each problem and exits 1, or prints
"ok: N organizations, M services" and exits 0.
"""
import json
import os
import sys

import jsonschema


def main(schema_dir, path):
    checker = jsonschema.FormatChecker()
    missing = [f for f in ("uuid", "email", "uri") if f not in checker.checkers]
    if missing:  # a validator that would not check them would pass bad files
        print("the format checker lacks: " + ", ".join(missing))
        return 1

    def validator(name):
        with open(os.path.join(schema_dir, name)) as f:
            schema = json.load(f)
        resolver = jsonschema.RefResolver(base_uri="file://" + os.path.abspath(schema_dir) + "/", referrer=schema)
        return jsonschema.Draft7Validator(schema, resolver=resolver, format_checker=checker)

    organization, service = validator("organization.json"), validator("service.json")
    with open(path, encoding="utf-8") as f:
        page = json.load(f)
    problems = []
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"):
        if key not in page:
            problems.append(f"the page lacks {key}")
    orgs = page.get("contents", [])
    services = 0
    for i, org in enumerate(orgs):
        for e in organization.iter_errors(org):
            problems.append(f"/contents/{i}/{'/'.join(map(str, e.absolute_path))}: {e.message}")
        for j, s in enumerate(org.get("services", [])):
            services += 1
            if s.get("organization_id") != org.get("id"):
                problems.append(f"/contents/{i}/services/{j}: organization_id is not its organization's id")
            for e in service.iter_errors(s):
                problems.append(f"/contents/{i}/services/{j}/{'/'.join(map(str, e.absolute_path))}: {e.message}")
    if page.get("total_items") != len(orgs):
        problems.append(f"total_items {page.get('total_items')} but {len(orgs)} organizations")
    if problems:
        print("\n".join(problems[:50]))
        return 1
    print(f"ok: {len(orgs)} organizations, {services} services")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
