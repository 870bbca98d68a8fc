#!/usr/bin/env python3
"""Measure a hubness correction of the similarity of meaning (issue 17): measured, not shipped.

Static embeddings put some documents near many texts ("hubs": a generic solution such as "Start a return" is near
most complaints about returns). Cross-domain similarity local scaling (CSLS, Conneau et al. 2018) lowers each
document's cosine by how near it is to its K nearest texts of a background set. Here each candidate's similarity c
becomes c - lam * (r_d - mean r), r_d the mean of its K largest cosines with the background, and the candidates of
each query are ranked again by the shipped linear fusion (s + max(0, c')) / 2.

Backgrounds (none of them the evaluation's own queries):
- Corpus/eval: `sol`, the other solutions' own texts; `tick-other`, the stored tickets (Corpus/tickets.jsonl)
  that other solutions resolved; `tick-all`, all stored tickets.
- SemEval: `rel`, the related questions of the other original questions; `org`, the other original questions.

Reads the candidates that `care eval corpus --dump-candidates F [--no-topic]` and `care eval semeval XML
--dump-candidates F` write, and the shipped model (Models/wordllama-l2-supercat: fp16 safetensors read with numpy,
tokens from the `tokenizers` package; vectors are token rows averaged and normalised, as `Embeddings` does).
Also ranks the corpus dumps with the similarity taken from each solution's resolved complaints one by one (the
largest cosine, or the mean of the 3 largest) instead of from their one joint vector (`--per-complaint`).

Prints P@1 and MRR@10 of the corpus dumps and SemEval's MAP (queries without a relevant candidate count as 0, as
`care eval semeval` reports it) for every background, K and lam. Run from the repository root:

    python3 Benchmarks/Scripts/hub_correction.py --corpus /tmp/corpus-topic.tsv /tmp/corpus-nosure.tsv \
        --semeval /tmp/semeval.tsv ../shared/data/semeval2016-task3-cqa-ql/SemEval2016-Task3-CQA-QL-train-part2.xml
"""
import argparse
import collections
import json
import struct
import xml.etree.ElementTree as ET

import numpy as np
from tokenizers import Tokenizer

MODEL = "Models/wordllama-l2-supercat/"


def load_table():
    with open(MODEL + "weights.safetensors", "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    name, meta = next((k, v) for k, v in header.items() if k != "__metadata__")
    begin, end = meta["data_offsets"]
    dtype = {"F16": np.float16, "F32": np.float32}[meta["dtype"]]
    return np.frombuffer(data[begin:end], dtype=dtype).reshape(meta["shape"]).astype(np.float32)


TABLE = load_table()
TOKENIZER = Tokenizer.from_file(MODEL + "tokenizer.json")


def embed(texts):
    rows = []
    for text in texts:
        ids = TOKENIZER.encode(text).ids
        rows.append(TABLE[ids].mean(0) if ids else np.zeros(TABLE.shape[1], np.float32))
    x = np.array(rows)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def read_dump(path):
    queries = collections.defaultdict(list)
    with open(path) as f:
        next(f)
        for line in f:
            q, c, s, sim, r = line.rstrip("\n").split("\t")
            queries[q].append((c, float(s), float(sim), int(r)))
    return queries


def hubs(sims, exclude, k):
    """r_d - mean r for each row of `sims` (document × background), leaving out the columns `exclude[i]` names."""
    r = []
    for i, row in enumerate(sims):
        keep = np.ones(len(row), bool)
        keep[list(exclude[i])] = False
        r.append(np.sort(row[keep])[::-1][:k].mean())
    r = np.array(r)
    return r - r.mean()


def ranked(candidates, hub, lam):
    return sorted(candidates, key=lambda x: -(x[1] + max(0.0, x[2] - lam * hub.get(x[0], 0.0))) / 2)


def corpus_figures(queries, hub, lam):
    p1 = mrr = n = 0
    for candidates in queries.values():
        if not any(r for *_, r in candidates):
            continue
        n += 1
        order = ranked(candidates, hub, lam)
        p1 += order[0][3]
        mrr += next((1 / (i + 1) for i, x in enumerate(order[:10]) if x[3]), 0)
    return p1 / n, mrr / n


def semeval_map(queries, hub, lam):
    total = 0.0
    for candidates in queries.values():
        relevant = sum(r for *_, r in candidates)
        hits = ap = 0
        for i, x in enumerate(ranked(candidates, hub, lam)[:10]):
            if x[3]:
                hits += 1
                ap += hits / (i + 1)
        total += ap / relevant if relevant else 0
    return 100 * total / len(queries)


def corpus_hubs():
    solutions = [json.loads(line) for line in open("Corpus/solutions.jsonl")]
    tickets = [json.loads(line) for line in open("Corpus/tickets.jsonl")]
    ids = [s["id"] for s in solutions]
    own = embed([s["title"] + "\n" + "\n".join(s["steps"]) for s in solutions])
    complaints = embed([t["subject"] + "\n" + t["description"] for t in tickets])
    resolved_by = [t.get("solution") for t in tickets]
    to_solutions = own @ own.T
    to_tickets = own @ complaints.T
    backgrounds = {
        "sol": (to_solutions, [{i} for i in range(len(ids))]),
        "tick-other": (to_tickets, [{j for j, s in enumerate(resolved_by) if s != d} for d in ids]),
        "tick-all": (to_tickets, [set() for _ in ids]),
    }
    return ids, backgrounds


def semeval_hubs(path):
    root = ET.parse(path).getroot()
    related, asked_by, originals = {}, {}, {}
    for question in root.iter("OrgQuestion"):
        oid = question.get("ORGQ_ID")
        originals[oid] = (question.findtext("OrgQSubject") or "") + "\n" + (question.findtext("OrgQBody") or "")
        for thread in question.iter("Thread"):
            r = thread.find("RelQuestion")
            rid = r.get("RELQ_ID")
            related[rid] = (r.findtext("RelQSubject") or "") + "\n" + (r.findtext("RelQBody") or "")
            asked_by[rid] = oid
    rids, oids = list(related), list(originals)
    rel = embed([related[r] for r in rids])
    org = embed([originals[o] for o in oids])
    backgrounds = {
        "rel": (rel @ rel.T, [{j for j, x in enumerate(rids) if asked_by[x] == asked_by[r]} for r in rids]),
        "org": (rel @ org.T, [{oids.index(asked_by[r])} for r in rids]),
    }
    return rids, backgrounds


def per_complaint(path):
    """P@1 / MRR@10 of `path`'s candidates with the similarity recomputed: the mean of the cosine with the solution's
    own text and one of (its complaints' joint vector, the largest cosine with one complaint, the mean of the 3
    largest). The first is this script's copy of the app's similarity, so the rows compare with it."""
    solutions = [json.loads(line) for line in open("Corpus/solutions.jsonl")]
    tickets = [json.loads(line) for line in open("Corpus/tickets.jsonl")]
    complaints = json.loads("[" + ",".join(open("Corpus/eval/complaints.jsonl").read().split("\n")[:-1]) + "]")
    own = dict(zip([s["id"] for s in solutions], embed([s["title"] + "\n" + "\n".join(s["steps"]) for s in solutions])))
    texts = collections.defaultdict(list)
    for t in tickets:
        if t.get("solution"):
            texts[t["solution"]].append(t["subject"] + "\n" + t["description"])
    each = {s: embed(v) for s, v in texts.items()}
    joint = {s: embed(["\n".join(v)])[0] for s, v in texts.items()}
    asked = dict(zip([c["id"] for c in complaints], embed([c["subject"] + "\n" + c["description"] for c in complaints])))

    def similarity(q, d, mode):
        first = float(asked[q] @ own[d])
        if d not in each:
            return first
        ranked_cosines = np.sort(each[d] @ asked[q])[::-1]
        second = {"joint": float(asked[q] @ joint[d]), "largest": ranked_cosines[0], "best 3": ranked_cosines[:3].mean()}[mode]
        return (first + second) / 2

    queries = read_dump(path)
    for mode in ("joint", "largest", "best 3"):
        rescored = {q: [(c, s, similarity(q, c, mode), r) for c, s, _, r in v] for q, v in queries.items()}
        p1, mrr = corpus_figures(rescored, {}, 0)
        print(f"{path}: similarity from the complaints' {mode:7s} P@1 {p1:.3f} MRR@10 {mrr:.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", nargs="*", default=[])
    parser.add_argument("--semeval", nargs=2, metavar=("DUMP", "XML"))
    parser.add_argument("--per-complaint", action="store_true")
    parser.add_argument("--k", default="3,10,30")
    parser.add_argument("--lam", default="0.25,0.5,1")
    args = parser.parse_args()
    ks = [int(x) for x in args.k.split(",")]
    lams = [float(x) for x in args.lam.split(",")]
    sets = []
    if args.corpus:
        ids, backgrounds = corpus_hubs()
        for path in args.corpus:
            sets.append((path, read_dump(path), ids, backgrounds, corpus_figures))
    if args.semeval:
        ids, backgrounds = semeval_hubs(args.semeval[1])
        sets.append((args.semeval[0], read_dump(args.semeval[0]), ids, backgrounds, semeval_map))
    if args.per_complaint:
        for path in args.corpus:
            per_complaint(path)
    for path, queries, ids, backgrounds, figures in sets:
        print(f"{path}: without correction {figures(queries, {}, 0)}")
        for name, (sims, exclude) in backgrounds.items():
            for k in ks:
                hub = dict(zip(ids, hubs(sims, exclude, k)))
                cells = []
                for lam in lams:
                    f = figures(queries, hub, lam)
                    cells.append(f"lam {lam}: " + (f"{f[0]:.3f} / {f[1]:.3f}" if isinstance(f, tuple) else f"{f:.2f}"))
                print(f"  {name:10s} K {k:2d}  " + "   ".join(cells))


if __name__ == "__main__":
    main()
