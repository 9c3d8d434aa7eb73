#!/usr/bin/env python3
"""Sort `newsdex eval html`'s title and date misses by what the page holds.

    newsdex eval html --wcxb ../shared/corpus/wcxb-articles --json > eval.json
    python3 scripts/wcxb-misses.py eval.json ../shared/corpus/wcxb-articles

For each title miss: is the gold title one of the titles the page itself
declares (an <h1>, og:title, twitter:title, <title>, a JSON-LD headline),
or none of them? For each date miss: is the gold day the page's "modified"
day, or a day shown on the page, while the page's metadata declares another
published day (issue 16 orders the metadata's published day first)? Is it
written nowhere on the page, or on the page where newsdex took nothing? The counts bound what rules on the page's own
evidence can reach. Standard library only; the page scan is a rough one
(regular expressions and html.parser), meant for counting, not extraction.
"""

import glob
import gzip
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser

QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032"}
QUOTES.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033"})
MONTHS = ("January February March April May June July August September "
          "October November December").split()


def fold(text):
    """Whitespace collapsed and typographic quotes folded, as the eval compares."""
    return " ".join((text or "").split()).translate(QUOTES)


class Titles(HTMLParser):
    """The titles a page declares."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = {"h1": [], "og:title": [], "twitter:title": [], "<title>": [], "JSON-LD headline": []}
        self.open = None
        self.script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            name = attrs.get("property") or attrs.get("name") or ""
            if name in ("og:title", "twitter:title") and attrs.get("content"):
                self.found[name].append(attrs["content"])
        elif tag in ("title", "h1"):
            self.open = [tag, ""]
        elif tag == "script" and (attrs.get("type") or "").lower() == "application/ld+json":
            self.script = ""

    def handle_endtag(self, tag):
        if self.open and tag == self.open[0]:
            self.found["h1" if tag == "h1" else "<title>"].append(self.open[1])
            self.open = None
        if tag == "script" and self.script is not None:
            for m in re.finditer(r'"headline"\s*:\s*"((?:[^"\\]|\\.)*)"', self.script):
                try:
                    self.found["JSON-LD headline"].append(json.loads('"' + m.group(1) + '"'))
                except ValueError:
                    pass
            self.script = None

    def handle_data(self, data):
        if self.open is not None:
            self.open[1] += data
        if self.script is not None:
            self.script += data


def page(wcxb, stem):
    with gzip.open(f"{wcxb}/html/{stem}.html.gz") as f:
        return f.read().decode("utf-8", "replace")


def titles_of(raw):
    parser = Titles()
    try:
        parser.feed(raw)
    except Exception:  # a rough scan: a page it cannot read counts as no titles
        pass
    return {k: [fold(v) for v in vs if fold(v)] for k, vs in parser.found.items()}


def written_forms(day):
    y, m, d = day.split("-")
    name = MONTHS[int(m) - 1]
    return [f"{name} {int(d)}, {y}", f"{int(d)} {name} {y}", f"{name[:3]} {int(d)}, {y}",
            f"{name[:3]}. {int(d)}, {y}", f"{int(d)} {name[:3]} {y}", f"{m}/{d}/{y}",
            f"{d}/{m}/{y}", f"{d}.{m}.{y}", f"{y}.{m}.{d}", f"{y}/{m}/{d}"]


PUBLISHED = r"(?:datePublished|published_time|article:published|pubdate|publish_date|date_published|dateCreated)"
MODIFIED = r"(?:dateModified|modified_time|updated_time|article:modified|date_modified)"


def main():
    report, wcxb = json.load(open(sys.argv[1])), sys.argv[2]
    misses = {"title": {}, "date": {}}
    for miss in report["misses"]:
        if miss["field"] in misses:
            misses[miss["field"]][miss["page"]] = (miss["ours"], miss["gold"])

    # Titles: over every page, and over the misses.
    h1_vs_meta = Counter()
    # Pages where newsdex's title and the metadata's (og:title, else
    # <title>) differ and the gold is one of the two: which, by bucket.
    ours_vs_meta = Counter()
    for gold_file in sorted(glob.glob(f"{wcxb}/ground-truth/*.json")):
        gold = fold(json.load(open(gold_file))["ground_truth"].get("title"))
        stem = gold_file.rsplit("/", 1)[1][:-5]
        if not gold:
            continue
        found = titles_of(page(wcxb, stem))
        h1 = found["h1"][0] if found["h1"] else ""
        og = found["og:title"][0] if found["og:title"] else ""
        if h1 and og and h1 != og:
            h1_vs_meta["gold is the <h1>" if gold == h1 else "gold is og:title" if gold == og else "gold is neither"] += 1
        ours = fold(misses["title"].get(stem, (gold, gold))[0])
        meta = og or (found["<title>"][0] if found["<title>"] else "")
        if ours and meta and ours != meta and gold in (ours, meta):
            words = lambda t: set(re.findall(r"\w+", t.lower()))
            overlap = len(words(ours) & words(meta)) / max(1, len(words(ours) | words(meta)))
            for bucket, holds in [
                ("all", True),
                ("metadata starts with ours", meta.startswith(ours)),
                ("word overlap < 0.3", overlap < 0.3),
                ("word overlap < 0.5", overlap < 0.5),
                ("word overlap >= 0.8", overlap >= 0.8),
                ("several <h1>", len(found["h1"]) > 1),
                ("metadata without a ' | ', ' - ' separator", not re.search(r" [|\u2013\u2014-] ", meta)),
                ("ours under 5 words", len(ours.split()) < 5),
            ]:
                if holds:
                    ours_vs_meta[(bucket, "metadata" if gold == meta else "ours")] += 1
    kinds = Counter()
    for stem, (ours, gold) in misses["title"].items():
        found = titles_of(page(wcxb, stem))
        sources = [k for k, vs in found.items() if fold(gold) in vs]
        kinds["the gold is another title the page declares (" + ", ".join(sources) + ")" if sources
              else "the gold is none of the page's titles"] += 1
    t = report["title"]
    print(f"title: {t['correct']}/{t['total']} right ({t['accuracy']:.3f}), {len(misses['title'])} misses")
    for kind, n in kinds.most_common():
        print(f"  {n:4}  {kind}")
    elsewhere = sum(n for k, n in kinds.items() if k.startswith("the gold is another"))
    print(f"  right, or the gold among the page's titles: {(t['correct'] + elsewhere) / t['total']:.3f} (ceiling of any choice among them)")
    print("  pages whose first <h1> and og:title differ:", dict(h1_vs_meta))
    print("  pages where newsdex's title and og:title (else <title>) differ, the gold being one:")
    for bucket in dict.fromkeys(b for b, _ in ours_vs_meta):
        print(f"    {bucket:45} gold is ours {ours_vs_meta[(bucket, 'ours')]:4}, the metadata's {ours_vs_meta[(bucket, 'metadata')]:4}")

    # Dates.
    kinds = Counter()
    for stem, (ours, gold) in misses["date"].items():
        raw = page(wcxb, stem)
        published = set(re.findall(PUBLISHED + r"[^0-9]{0,40}?(\d{4}-\d\d-\d\d)", raw))
        modified = set(re.findall(MODIFIED + r"[^0-9]{0,40}?(\d{4}-\d\d-\d\d)", raw))
        text = re.sub(r"<[^>]*>", " ", raw)
        on_page = gold in raw or any(f in text for f in written_forms(gold))
        if gold in modified and published and gold not in published:
            kinds["gold is the modified day; the page declares another published day"] += 1
        elif not on_page:
            kinds["gold day written nowhere on the page"] += 1
        elif published:
            kinds["gold day on the page; its metadata declares another published day"] += 1
        elif not ours:
            kinds["no day taken; the gold day is on the page"] += 1
        else:
            kinds["another day taken; the gold day is on the page"] += 1
    d = report["date"]
    print(f"date: {d['correct']}/{d['total']} right ({d['accuracy']:.3f}), {len(misses['date'])} misses")
    for kind, n in kinds.most_common():
        print(f"  {n:4}  {kind}")
    against_order = kinds["gold is the modified day; the page declares another published day"] + \
        kinds["gold day on the page; its metadata declares another published day"]
    nowhere = kinds["gold day written nowhere on the page"]
    print(f"  ceiling if every other miss were mended: {(d['total'] - nowhere) / d['total']:.3f} "
          f"(any rule); {(d['total'] - nowhere - against_order) / d['total']:.3f} "
          "(metadata's published day first, as issue 16 orders)")


if __name__ == "__main__":
    main()
