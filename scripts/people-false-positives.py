#!/usr/bin/env python3
"""Every person `eval people` counts as a false positive, with where the story names them.

Reuters-21578 labels a story with the people it is about, not with every person it names.
`newsdex eval people` counts as a false positive each person of the PEOPLE vocabulary that a
labelled story names but does not label. This lists each one with the words around its
first mentions, so that a reader can judge whether the story does name that person.

Usage:
    newsdex extract --json --quiet ../shared/corpus/reuters21578 > /tmp/reuters.jsonl
    scripts/people-false-positives.py ../shared/corpus/reuters21578 /tmp/reuters.jsonl
"""
import glob
import json
import os
import re
import sys


def labels_of(corpus):
    labels = {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.sgm"))):
        text = open(path, encoding="latin-1").read()
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', text, re.S):
            people = re.search(r"<PEOPLE>(.*?)</PEOPLE>", m.group(2), re.S)
            found = re.findall(r"<D>(.*?)</D>", people.group(1)) if people else []
            labels["reuters-" + m.group(1)] = found
    return labels


def matches(slug, label):
    """As newsdex_eval::matches_label."""
    return (
        slug == label
        or slug.endswith("-" + label)
        or ("-" not in slug and label.endswith("-" + slug))
    )


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, extracted = sys.argv[1], sys.argv[2]
    labels = labels_of(corpus)
    vocabulary_path = os.path.join(corpus, "all-people-strings.lc.txt")
    vocabulary = {l.strip() for l in open(vocabulary_path) if l.strip()}
    right = wrong = 0
    # The same scores for the people a story is about, roughly: named in the
    # headline, twice in the body, or in its first 400 characters.
    salient_right = salient_wrong = salient_found = label_count = 0
    for line in open(extracted):
        story = json.loads(line)
        story_labels = labels.get(story["id"], [])
        if not story_labels:
            continue
        text = (story.get("title") or "") + " || " + story["body"]

        def salient(person):
            word = r"\b" + re.escape(person["name"].split()[-1]) + r"\b"
            return (
                re.search(word, story.get("title") or "", re.I)
                or len(re.findall(word, story["body"], re.I)) >= 2
                or re.search(word, story["body"][:400], re.I)
            )

        kept = [p for p in story["people"] if salient(p)]
        label_count += len(story_labels)
        salient_found += sum(any(matches(p["slug"], l) for p in kept) for l in story_labels)
        for person in kept:
            if any(matches(person["slug"], v) for v in vocabulary):
                if any(matches(person["slug"], l) for l in story_labels):
                    salient_right += 1
                else:
                    salient_wrong += 1
        for person in story["people"]:
            slug = person["slug"]
            if not any(matches(slug, v) for v in vocabulary):
                continue
            if any(matches(slug, l) for l in story_labels):
                right += 1
                continue
            wrong += 1
            surname = person["name"].split()[-1]
            around = [
                text[max(0, m.start() - 40) : m.end() + 30].replace("\n", " ")
                for m in re.finditer(r"\b" + re.escape(surname) + r"\b", text)
            ][:2]
            print(f"{story['id']}\t{slug}\tlabels: {','.join(story_labels)}\t" + " ## ".join(around))
    print(
        f"labelled and right: {right}, not labelled: {wrong}, "
        f"precision {right / max(1, right + wrong):.3f}",
        file=sys.stderr,
    )
    print(
        f"people in the headline, named twice or in the first 400 characters only: "
        f"precision {salient_right / max(1, salient_right + salient_wrong):.3f}, "
        f"recall {salient_found / max(1, label_count):.3f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
