#!/usr/bin/env python3
"""Writes Reuters-21578 SGML as newsdex JSON Lines, K copies with distinct ids.

For the whole-process indexing benchmark (BENCHMARKS.md): a big JSON Lines
export is what news APIs and crawls hand over.

    scripts/reuters-to-jsonl.py ../shared/corpus/reuters21578 16 > /tmp/reuters16.jsonl

Stories without a body are skipped, as `newsdex index` skips them.
"""
import html
import json
import pathlib
import re
import sys

STORY = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("TITLE", "BODY", "DATE")}
MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}


def field(name, story):
    found = FIELD[name].search(story)
    return html.unescape(found.group(1)).strip() if found else ""


def date(text):
    # "DD-MON-YYYY HH:MM:SS.cc"
    found = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", text)
    if not found or found.group(2) not in MONTHS:
        return None
    day, month, year = int(found.group(1)), MONTHS[found.group(2)], int(found.group(3))
    return f"{year:04d}-{month:02d}-{day:02d}"


def main():
    root, copies = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    stories = []
    for path in sorted(root.glob("*.sgm")):
        text = path.read_bytes().decode("latin-1")
        for newid, story in STORY.findall(text):
            body = field("BODY", story)
            if body:
                stories.append((newid, field("TITLE", story), body, date(field("DATE", story))))
    out = sys.stdout
    for copy in range(copies):
        for newid, title, body, published in stories:
            record = {"id": f"reuters-{newid}-{copy}", "source": "reuters", "title": title, "body": body}
            if published:
                record["published"] = published
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
