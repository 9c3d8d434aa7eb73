#!/usr/bin/env python3
"""Writes an invented WARC crawl (gzipped per record) of N pages to stdout.

Each page is an invented news page (no real text); every third record is a
request and every tenth response a 404, as in a real crawl. Used to check
that indexing a crawl holds the same peak memory whatever its size:

    python3 scripts/invented-warc.py 20000 > /tmp/crawl-20k.warc.gz
    /usr/bin/time -v newsdex index --quiet --index /tmp/wx /tmp/crawl-20k.warc.gz
"""
import gzip
import random
import sys

WORDS = ("harbour council budget storm bridge grain talks vote minister port "
         "shipment river festival school rail market drought election court "
         "factory museum forecast tariff hospital").split()


def record(kind, uri, block):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-03-25T10:00:00Z\r\nContent-Length: {len(block)}\r\n\r\n")
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=1)


def page(rng, n):
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + ".</p>"
        for _ in range(8))
    html = (f"<html lang=\"en\"><head><title>Invented story {n}</title></head><body>"
            f"<nav><a href=\"/\">Home</a></nav><article><h1>Invented story {n}</h1>"
            f"{paragraphs}</article><footer>Invented Media</footer></body></html>")
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()


def main():
    pages = int(sys.argv[1])
    rng = random.Random(7)
    out = sys.stdout.buffer
    for n in range(pages):
        uri = f"https://news.test/{n}"
        if n % 3 == 0:
            out.write(record("request", uri, b"GET / HTTP/1.1\r\n\r\n"))
        if n % 10 == 9:
            out.write(record("response", uri,
                             b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\ngone"))
        else:
            out.write(record("response", uri, page(rng, n)))


if __name__ == "__main__":
    main()
