"""Build ``cdc_race_ethnicity.csv`` from the HL7 Terminology (THO) npm package.

Run from the repository root (the package tarball comes from ``npm pack hl7.terminology.r4@7.0.1``)::

    python -m equitylab.data.codesets.build_cdcrec path/to/hl7.terminology.r4-7.0.1.tgz

It reads ``package/CodeSystem-v3-Race.json`` and ``package/CodeSystem-v3-Ethnicity.json`` (the race and
ethnicity codes of the CDC Race & Ethnicity code set, with their is-a hierarchy) and writes one row per
concept, with its place in the hierarchy and its minimum category under the 2024 and the 1997 standards
(the roll-up rules are in ``README.md`` beside the CSV). Nothing is typed by hand except those rules.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import tarfile
from pathlib import Path

PACKAGE = "hl7.terminology.r4"
VERSION = "7.0.1"
LICENCE = "CC0-1.0"
FILES = ("package/CodeSystem-v3-Race.json", "package/CodeSystem-v3-Ethnicity.json")
OUT = Path(__file__).with_name("cdc_race_ethnicity.csv")
COLUMNS = ("code", "display", "parent_code", "level", "path", "category_2024", "category_1997", "code_system")

# The roll-up rules (see README.md): a concept takes the minimum category of its root, except the subtrees below.
_ROOT_2024 = {"1002-5": "American Indian or Alaska Native", "2028-9": "Asian", "2054-5": "Black or African American",
              "2076-8": "Native Hawaiian or Pacific Islander", "2106-3": "White", "2135-2": "Hispanic or Latino",
              "2131-1": "", "2186-5": ""}
_ROOT_1997 = dict(_ROOT_2024, **{"2076-8": "Native Hawaiian or Other Pacific Islander",
                                 "2186-5": "Not Hispanic or Latino"})
#: 2024 SPD 15: Middle Eastern or North African is its own minimum category (1997: counted as White).
MENA_2024 = {"2118-8": "Middle Eastern or North African", "2129-5": "Middle Eastern or North African"}


def _walk(concepts, parent, path, system, cat24, cat97):
    for c in concepts:
        code = c["code"]
        here = path + [code]
        c24 = MENA_2024.get(code, cat24 if parent else _ROOT_2024[code])
        c97 = cat97 if parent else _ROOT_1997[code]
        yield {"code": code, "display": c["display"], "parent_code": parent, "level": len(here),
               "path": "/".join(here), "category_2024": c24, "category_1997": c97, "code_system": system}
        yield from _walk(c.get("concept", []), code, here, system, c24, c97)


def read_package(tgz: Path) -> tuple[list[dict], list[dict]]:
    """(code system headers, concept rows) from the npm tarball; the first header describes the package."""
    headers, rows = [], []
    with tarfile.open(tgz) as tar:
        meta = json.load(tar.extractfile("package/package.json"))
        if (meta["name"], meta["version"]) != (PACKAGE, VERSION):
            raise ValueError(f"{tgz} holds {meta['name']}@{meta['version']}, not {PACKAGE}@{VERSION}: "
                             f"run `npm pack {PACKAGE}@{VERSION}` and pass that file.")
        stamp = str(meta.get("date", ""))
        headers.append({"package_date": f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if len(stamp) >= 8 else "not given"})
        for name in FILES:
            cs = json.load(tar.extractfile(name))
            oid = next(i["value"] for i in cs["identifier"] if i["value"].startswith("urn:oid:"))
            headers.append({"url": cs["url"], "oid": oid[len("urn:oid:"):], "version": cs["version"],
                            "date": cs["date"], "hierarchy": cs["hierarchyMeaning"],
                            "inactive": sum(1 for _ in _inactive(cs["concept"]))})
            rows.extend(_walk(cs["concept"], "", [], cs["url"].rsplit("/", 1)[1], "", ""))
    return headers, rows


def _inactive(concepts):
    for c in concepts:
        if any(p["code"] == "status" and p.get("valueCode") != "active" for p in c.get("property", [])):
            yield c["code"]
        yield from _inactive(c.get("concept", []))


def render(headers: list[dict], rows: list[dict]) -> str:
    """The CSV text: provenance lines starting with '#', then the table."""
    lines = [f"# CDC Race & Ethnicity code set (CDCREC, OID 2.16.840.1.113883.6.238), race and ethnicity concepts "
             f"as published in the npm package {PACKAGE}@{VERSION} (HL7 Terminology (THO), HL7 International - "
             f"Vocabulary Work Group), licence {LICENCE}, package dated {headers[0]['package_date']}."]
    for h in headers[1:]:
        lines.append(f"# {h['url']} (OID {h['oid']}) version {h['version']}, dated {h['date']}, hierarchy {h['hierarchy']}, "
                     f"{sum(r['code_system'] == h['url'].rsplit('/', 1)[1] for r in rows)} concepts, "
                     f"{h['inactive']} inactive.")
    lines.append("# Built by `python -m equitylab.data.codesets.build_cdcrec`; roll-up rules in README.md (2024 SPD 15: "
                 "2118-8 Middle Eastern or North African and its subtree, and 2129-5 Arab, are their own minimum category).")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\n".join(lines) + "\n" + buf.getvalue()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help=f"the file written by `npm pack {PACKAGE}@{VERSION}`")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    headers, rows = read_package(args.tarball)
    args.out.write_text(render(headers, rows), encoding="utf-8")
    print(f"wrote {len(rows)} concepts to {args.out}")


if __name__ == "__main__":
    main()
