#!/usr/bin/env python3
"""Regenerates given_names.txt, the name-lead list of the people extractor.

A "name lead" is a word that starts a person's name: a given name ("Antony",
"Kiichi", "Jaime") or, for Chinese names, the family name that comes first
("Zhao Ziyang", "Wang Bingqian"). The people extractor accepts a run of
capitalised words as a person when its first word is a name lead, even
without a title or role in front of it.

Source (public, maintained; not needed at build or run time): the person
providers of the PyPI package `faker` 40.54.0 (MIT licence): first names of
every locale, romanised Japanese first names and Chinese family names, and
Cyrillic first names transliterated with `unidecode` 1.4.0 (GPL-2.0+, used
only by this script). Everything is ASCII-folded, as the extractor folds
text before lookup.

A lead from a non-English locale that is also one of the 8,000 most
frequent English words (PyPI `wordfreq` 3.1.1, Apache-2.0) is dropped
("Said", "Council", "Over"); the names of en_US and en_GB and Chinese family names are kept.
Words that are far more often something else in news text are left out:
country and city names of the country gazetteer (countries.tsv and
curated.tsv: "Israel", "Jordan", "Georgia", "Paris") and the words in
NOT_NAMES (months, titles, common English words that are also given names).
names_curated.txt adds news-frequent leads the locales miss.

Usage:  pip install faker==40.54.0 unidecode==1.4.0 wordfreq==3.1.1
        python3 generate_names.py > given_names.txt
"""
import importlib
import os
import pkgutil
import sys
import unicodedata

import faker.providers.person as person
from unidecode import unidecode
from wordfreq import top_n_list

HERE = os.path.dirname(os.path.abspath(__file__))

NOT_NAMES = {
    # months, days, seasons
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "summer",
    "autumn", "winter", "spring",
    # titles and words that open sentences or organisation names
    "king", "queen", "prince", "princess", "duke", "earl", "lord", "lady",
    "major", "general", "sir", "dean", "judge", "bishop", "pope", "will",
    "grant", "mark", "bill", "hope", "joy", "faith", "grace", "rose", "iris",
    "lily", "ivy", "page", "bond", "price", "rich", "gay", "sunny", "star",
    "dawn", "eve", "fortune", "chance", "art", "guy", "jack", "jimmy",
    "miles", "rusty", "sterling", "carter", "taylor", "hunter", "mason",
    "cooper", "parker", "tucker", "porter", "fisher", "baker", "ford",
    "brown", "white", "green", "black", "gold", "silver", "young", "long",
    "little", "love", "may", "north", "south", "east", "west", "new", "old",
    "saint", "st", "christian", "democrat", "republican", "labour", "liberal",
    "union", "federal", "central", "national", "royal", "general", "liberty",
    "justice", "unity", "victory", "independence", "trinity", "ocean", "sky",
    "river", "forest", "stone", "wood", "field", "hill", "dale", "glen",
    "cliff", "rock", "storm", "rain", "snow", "winter", "crystal", "amber",
    "ruby", "pearl", "jade", "coral", "olive", "hazel", "holly", "heather",
    "violet", "jasmine", "daisy", "poppy", "april", "june", "august", "an",
    "al", "el", "la", "le", "de", "van", "von", "do", "so", "no", "to", "in",
    "on", "or", "as", "is", "it", "be", "we", "he", "me", "my", "oil", "gas",
    "trade", "bank", "cash", "sale", "sales", "net", "tax", "stock", "china",
    "india", "paris", "london", "victoria", "florence", "sydney", "jordan",
    "israel", "georgia", "chad", "kenya", "asia", "africa", "america",
    "virginia", "carolina", "dakota", "washington", "lincoln", "houston",
    "dallas", "austin", "denver", "phoenix", "orlando", "regan", "nova",
    "ion", "max", "don", "ken", "bob", "pat", "sam", "ben", "ted", "ray",
}

LATIN_ATTRS = ("first_names", "first_names_male", "first_names_female")


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def words_of(collection):
    """Names from a faker list, tuple or OrderedDict (name -> weight)."""
    if isinstance(collection, dict):
        return list(collection.keys())
    if isinstance(collection, (list, tuple, set, frozenset)):
        return list(collection)
    return []  # a computed property on some providers


def gazetteer_words():
    """Single-word country, city and demonym aliases of the gazetteer."""
    words = set()
    for name in ("countries.tsv", "curated.tsv"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3 and " " not in cols[2]:
                    words.add(ascii_fold(cols[2]).lower())
    return words


def main():
    leads = set()
    english_leads = set()
    for info in pkgutil.iter_modules(person.__path__):
        module = importlib.import_module(f"{person.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        raw = []
        for attr in LATIN_ATTRS + ("first_romanized_names",):
            raw += words_of(getattr(provider, attr, ()))
        trusted = info.name in ("en_US", "en_GB")
        if info.name == "zh_CN":
            family = words_of(getattr(provider, "last_romanized_names", ()))
            english_leads.update(n.lower() for n in family)
            raw += family
        for name in raw:
            if not name.isascii():
                if info.name in ("ru_RU", "uk_UA", "bg_BG"):
                    name = unidecode(name)
                else:
                    name = ascii_fold(name)
            if (
                name.isalpha()
                and len(name) >= 2
                and name[0].isupper()
                and name[1:].islower()
            ):
                leads.add(name.lower())
                if trusted:
                    english_leads.add(name.lower())

    common = set(top_n_list("en", 8_000))
    leads = {n for n in leads if n in english_leads or n not in common}
    leads -= gazetteer_words()
    leads -= NOT_NAMES
    out = sys.stdout
    out.write("# Generated by generate_names.py from faker 40.54.0 person\n")
    out.write("# providers (MIT), less common English words\n# (wordfreq). Do not edit: add to names_curated.txt.\n")
    for name in sorted(leads):
        out.write(name + "\n")


if __name__ == "__main__":
    main()
