#!/usr/bin/env python3
"""Builds porter2.tsv: `word<TAB>stem` lines for the EnglishStemmer tests.

The expected stems come from the pure-Python English stemmer of the PyPI
`snowballstemmer` package (the current Snowball "english" algorithm). It is
imported from `snowballstemmer.english_stemmer` directly, because
`snowballstemmer.stemmer()` silently switches to PyStemmer (C) when that is
installed. If PyStemmer is installed too, its stems are compared and any
disagreement is reported on stderr (the Python package stays the reference).

Words come from the text in the shared evaluation data (Stack Exchange dumps,
SemEval forum data): tags and entities are stripped and lower-case [a-z]+
tokens of length >= 3 that occur at least twice are kept. Morphological
variants are derived from the most frequent of them (a deterministic, hash
based choice of suffixes), so that every rule of the algorithm is exercised,
and a hand-written list of exceptional and tricky words is added.

The output is deterministic: same input data, same snowballstemmer version,
same file.

Usage:
    pip install snowballstemmer PyStemmer
    python3 make_porter2_fixture.py [--data DIR] [--out FILE] [--coverage]

--coverage traces the Python stemmer over the final word list and lists the
lines of english_stemmer.py that no fixture word reaches.
"""

import argparse
import hashlib
import html
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

from snowballstemmer.english_stemmer import EnglishStemmer as PyEnglishStemmer

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "data"))
DEFAULT_OUT = os.path.join(HERE, "porter2.tsv")

TAG_RE = re.compile(r"<[^>]*>")
WORD_RE = re.compile(r"[a-z]+")

# Words that every run includes: the exceptional forms, the R1 prefixes, the
# post-step-1a exceptions and words chosen to hit particular branches.
SPECIAL_WORDS = """
skis skies sky skying dying lying tying vying hying eying dyings
idly gently ugly early only singly news howe atlas cosmos bias andes
newsy howes atlases cosmoses biases skier
inning innings outing outings canning cannings herring herrings earring earrings
evening evenings proceed proceeds proceeding exceed exceeds exceeding exceedingly
succeed succeeds succeeding succeeded proceedings agreed agreedly feed feeds
generate generates generated generating generation generations generous generously
generously generality general generalization generalizations
communism communist communities community communication communicate communal
arsenal arsenals arsenic arsenate
emergency emergencies emerging emerge emergence emergent
international internationally intern interest interesting interested
lateral laterally latest later
organize organization organizations organic organism organ organs
universe universal universally university universities universalism
past paste pasted pastes pasting pastry pastor pastime pasta
caress caresses ponies ties tie cries cried died lied dies pies gas gases
this kiwis
consign consigned consigning consignment consist consisted consistency consistent
knack knackeries knave knaves knavish knead kneaded kneading knee kneel kneeled
kneeling knees knell knelt knew knick knif knife knight knightly knights knit
knits knitted knitting knives knob knobs knock knocked knocker knockers
hop hopped hopping hope hoped hoping bat bated bating batted batting
added egged ebbed offing erred odd adding egging
controlled controlling rolling rolled troubled trouble troubling
sized sizing fizzed
fluently beautifully hopefully carelessly abundantly
relational conditional rational valenci hesitanci digitizer operator
conformabli radicalli differentli analogousli vietnamization predication
feudalism decisiveness hopefulness callousness formaliti sensitiviti
sensibiliti archaeology archaeologist biology biologist geology apology
electrical electricity electrician theoretical
triplicate formative formalize formalization electriciti
revival allowance inference airliner gyroscopic adjustable defensible
irritant replacement adjustment dependent adoption homologou communism
activate angulariti homologous effective bowdlerize
yes yell yellow you young youth yield eyes say sayings saying toy toys
enjoy enjoying enjoyed boy boys boyish annoying buy buying played player
cry crying crys sky sly shy happy happily happiness
abbey syzygy rhythm rhythms
a i y s as is us ys ed ly by my
""".split()

SUFFIXES = [
    "s", "es", "ed", "ing", "ly", "er", "ers", "est",
    "ness", "nesses", "ful", "fully", "fulness", "less", "lessly", "lessness",
    "ation", "ations", "ational", "ationally", "ator", "ators",
    "ize", "izes", "ized", "izing", "ization", "izations", "izer", "izers",
    "ise", "ised", "ism", "isms", "ist", "ists", "ity", "ities",
    "ous", "ously", "ousness", "ive", "ively", "iveness", "ivity",
    "ic", "ical", "ically", "icity", "icate", "icated",
    "al", "ally", "alism", "ality", "alize", "alized",
    "able", "ably", "ability", "abilities", "ible", "ibly", "ibility",
    "ance", "ancy", "ancies", "ence", "ency", "encies", "ant", "ent", "ently",
    "ment", "ments", "ement", "ate", "ates", "ated", "ating", "ative",
    "ion", "ions", "ional", "tional", "tion", "sion",
    "ology", "ologies", "ologist", "ologists", "ogy",
    "edly", "ingly", "eed", "eedly", "ied", "ies", "y", "ey", "li", "eli",
    "bli", "bly", "ling", "lings",
]


def iter_texts(path):
    """Yields every text fragment (element text and attribute values) of an XML file."""
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.text:
            yield elem.text
        for value in elem.attrib.values():
            yield value
        elem.clear()


def collect_words(data_dir):
    counts = Counter()
    files = []
    for root, dirs, names in os.walk(data_dir):
        dirs.sort()
        for name in sorted(names):
            if name.lower().endswith(".xml"):
                files.append(os.path.join(root, name))
    for path in files:
        for text in iter_texts(path):
            text = html.unescape(text)          # HTML entities inside attributes
            text = TAG_RE.sub(" ", text)        # HTML tags of post bodies
            text = html.unescape(text).lower()
            counts.update(w for w in WORD_RE.findall(text) if 3 <= len(w) <= 24)
    return counts, files


def pick(word, suffix, modulus):
    digest = hashlib.md5((word + "|" + suffix).encode("ascii")).digest()
    return int.from_bytes(digest[:4], "big") % modulus == 0


def derive_variants(bases, modulus):
    out = set()
    for w in bases:
        for s in SUFFIXES:
            if not pick(w, s, modulus):
                continue
            out.add(w + s)
            if w.endswith("e") and s[0] in "aeiouy":
                out.add(w[:-1] + s)             # generate -> generating
            elif w.endswith("y") and len(w) > 3 and s[0] not in "aeiouy":
                out.add(w[:-1] + "i" + s)       # happy -> happiness
            if (s in ("ed", "ing", "er", "est") and len(w) >= 3
                    and w[-1] not in "aeiouywx" and w[-2] in "aeiou"):
                out.add(w + w[-1] + s)          # hop -> hopping
    return out


def trace_coverage(stemmer, words):
    import linecache
    src = sys.modules[PyEnglishStemmer.__module__].__file__
    hit = set()

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != src:
            return None
        if event == "line":
            hit.add(frame.f_lineno)
        return tracer

    sys.settrace(tracer)
    try:
        for w in words:
            stemmer.stemWord(w)
    finally:
        sys.settrace(None)
    missed = []
    lines = linecache.getlines(src)
    in_method = False
    for no, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("def "):
            in_method = True
            continue
        if not line.startswith("        ") or not in_method:
            if stripped.startswith(("a_", "as_", "class ")):
                in_method = False
            continue
        if stripped in ("", "break", "try:", "while True:") or stripped.startswith(("except", "#")):
            continue
        if no not in hit:
            missed.append("%d: %s" % (no, stripped))
    return missed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--coverage", action="store_true")
    args = ap.parse_args()

    counts, files = collect_words(args.data)
    if not files:
        sys.exit("no XML files under %s" % args.data)
    corpus = sorted(w for w, c in counts.items() if c >= 2)
    by_freq = sorted(corpus, key=lambda w: (-counts[w], w))
    bases = sorted(by_freq[:3000])

    words = set(corpus)
    words.update(derive_variants(bases, 20))
    words.update(w for w in SPECIAL_WORDS if WORD_RE.fullmatch(w))
    words = sorted(w for w in words if WORD_RE.fullmatch(w))

    stemmer = PyEnglishStemmer()
    rows = [(w, stemmer.stemWord(w)) for w in words]

    try:
        import Stemmer  # PyStemmer, optional cross-check
        c_stemmer = Stemmer.Stemmer("english")
        diffs = [(w, s, c_stemmer.stemWord(w)) for w, s in rows if c_stemmer.stemWord(w) != s]
        print("PyStemmer %s cross-check: %d of %d words differ"
              % (Stemmer.version() if callable(getattr(Stemmer, "version", None)) else "?", len(diffs), len(rows)), file=sys.stderr)
        for w, s, c in diffs[:20]:
            print("  %s: snowballstemmer=%s PyStemmer=%s" % (w, s, c), file=sys.stderr)
    except ImportError:
        print("PyStemmer not installed: no cross-check", file=sys.stderr)

    with open(args.out, "w", encoding="ascii", newline="\n") as f:
        for w, s in rows:
            f.write("%s\t%s\n" % (w, s))
    changed = sum(1 for w, s in rows if w != s)
    print("%d files, %d corpus words (freq >= 2), %d fixture words (%d changed by stemming), %d bytes -> %s"
          % (len(files), len(corpus), len(rows), changed, os.path.getsize(args.out), args.out),
          file=sys.stderr)

    if args.coverage:
        missed = trace_coverage(PyEnglishStemmer(), words)
        print("english_stemmer.py lines not reached: %d" % len(missed), file=sys.stderr)
        for m in missed:
            print("  " + m, file=sys.stderr)


if __name__ == "__main__":
    main()
