"""Parser for the hand-written knowledge-base text in kb_*.py (see kb_consumer_a.py for the format)."""
import importlib

MODULES = ["kb_consumer_a", "kb_consumer_b", "kb_shop", "kb_classroom", "kb_farm"]


def parse(text):
    cats, sols = [], []
    cat = None
    cur = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        tag, rest = line[0], line[1:].strip()
        if tag == "@":
            cid, name, desc = [p.strip() for p in rest.split("|", 2)]
            cat = cid
            cats.append({"id": cid, "name": name, "description": desc})
        elif tag == "#":
            cur = {"title": rest, "category": cat, "steps": [], "sym": [], "sym_eval": [],
                   "subj": [], "subj_eval": []}
            sols.append(cur)
        elif tag == "-":
            cur["steps"].append(rest)
        elif tag == "?":
            cur["sym"].append(rest)
        elif tag == "!":
            cur["sym_eval"].append(rest)
        elif tag == ">":
            cur["subj"].append(rest)
        elif tag == "<":
            cur["subj_eval"].append(rest)
        else:
            raise ValueError("bad line: %r" % line)
    return cats, sols


def load_all():
    cats, sols = [], []
    for m in MODULES:
        mod = importlib.import_module(m)
        c, s = parse(mod.DATA)
        cats += c
        sols += s
    return cats, sols


if __name__ == "__main__":
    cats, sols = load_all()
    print(len(cats), "categories", len(sols), "solutions")
    from collections import Counter
    print(Counter(s["category"] for s in sols))
    for s in sols:
        probs = []
        if not 3 <= len(s["steps"]) <= 8: probs.append("steps=%d" % len(s["steps"]))
        if len(s["sym"]) < 3: probs.append("sym=%d" % len(s["sym"]))
        if not s["sym_eval"]: probs.append("no eval sym")
        if not s["subj"]: probs.append("no subj")
        if not s["subj_eval"]: probs.append("no eval subj")
        if probs:
            print(s["category"], "|", s["title"], "|", ", ".join(probs))
