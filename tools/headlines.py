#!/usr/bin/env python3
"""Builds the headline-only variant of a clustering docs.jsonl (issue 3: feeds often carry only a
title and a line of summary). Python 3 stdlib only; for measurement, not used by the tests.

    python3 tools/headlines.py ../shared/corpora/cluster/ecbplus-dev/docs.jsonl > /tmp/headlines.jsonl
    target/release/tidings cluster --batch /tmp/headlines.jsonl > /tmp/pred.jsonl
    python3 ../shared/tools/score.py cluster ../shared/corpora/cluster/ecbplus-dev/gold.jsonl /tmp/pred.jsonl

Each document keeps its id and title (when the title is a real headline, not a date line) and,
as text, the first sentence of its body; without a title, its first two lines. Date stamps
("Posted: Jul 07, 2012 7: 40 PM ET", "Updated …") and URL lines are dropped first.
"""
import json, re, sys

DATE_LINE = re.compile(
    r'^\s*((first\s+)?posted|published|updated|last updated|created|modified|date)\b'
    r'|^\s*[\d\s:/.,-]+(am|pm|a\.m\.|p\.m\.)?\s*(et|est|edt|gmt|utc|ist|pst|pdt)?\s*$'
    r'|^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\w+\s+\d',
    re.I)
URL = re.compile(r'https?://|www\.', re.I)
SENTENCE_END = re.compile(r'(?<=[.!?])["”’)]?\s+(?=[A-Z"“])')


def usable(line):
    line = line.strip()
    return bool(line) and not DATE_LINE.search(line) and not URL.search(line)


def main(path):
    for raw in open(path, encoding='utf-8'):
        if not raw.strip():
            continue
        d = json.loads(raw)
        title = (d.get('title') or '').strip()
        if title and not usable(title):
            title = ''
        lines = [l.strip() for l in (d.get('text') or '').split('\n') if usable(l)]
        if title:
            text = SENTENCE_END.split(lines[0])[0] if lines else ''
            out = {'id': d['id'], 'title': title, 'text': text}
        else:
            out = {'id': d['id'], 'text': '\n'.join(lines[:2])}
        print(json.dumps(out, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
