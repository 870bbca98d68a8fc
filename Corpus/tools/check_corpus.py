#!/usr/bin/env python3
"""Validate the Customer Care Registry corpus. Exits non-zero if any check fails.

    python3 Corpus/tools/check_corpus.py
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime

CORPUS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
errors = []


def err(msg):
    errors.append(msg)


def load(rel, fields):
    path = os.path.join(CORPUS, rel)
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                obj = json.loads(line)
            except ValueError as e:
                err("%s:%d invalid JSON (%s)" % (rel, n, e))
                continue
            if set(obj) != set(fields):
                err("%s:%d fields %s != %s" % (rel, n, sorted(obj), sorted(fields)))
            rows.append(obj)
    ids = [r.get("id") for r in rows]
    if ids != sorted(ids):
        err("%s not sorted by id" % rel)
    if len(set(ids)) != len(ids):
        err("%s has duplicate ids" % rel)
    return rows


TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def ts(s, where):
    if not isinstance(s, str) or not TS.match(s):
        err("%s: bad timestamp %r" % (where, s))
        return None
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def main():
    cats = load("categories.jsonl", ["id", "name", "description"])
    agents = load("agents.jsonl", ["id", "name", "email", "skills", "capacity"])
    sols = load("solutions.jsonl", ["id", "title", "category", "steps", "author", "created_at"])
    tickets = load("tickets.jsonl", ["id", "customer", "subject", "description", "category", "priority", "created_at",
                                      "first_response_at", "resolved_at", "agent", "solution", "verdict", "messages"])
    evals = load("eval/complaints.jsonl", ["id", "subject", "description", "category", "solutions", "agents"])

    # categories
    cat_ids = {c["id"] for c in cats}
    if len(cats) < 15:
        err("only %d categories (< 15)" % len(cats))
    for c in cats:
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", c["id"]):
            err("category id %r not lowercase-with-dashes" % c["id"])
        if not c["name"].strip() or not c["description"].strip():
            err("category %s missing name/description" % c["id"])

    # agents
    agent_by = {a["id"]: a for a in agents}
    if len(agents) < 12:
        err("only %d agents (< 12)" % len(agents))
    for a in agents:
        if not a["id"].startswith("agent-"):
            err("agent id %r" % a["id"])
        if not 1 <= len(a["skills"]) <= 4 or not set(a["skills"]) <= cat_ids:
            err("agent %s skills %r" % (a["id"], a["skills"]))
        if not (isinstance(a["capacity"], int) and 5 <= a["capacity"] <= 25):
            err("agent %s capacity %r" % (a["id"], a["capacity"]))
        if not a["email"].endswith(".example"):
            err("agent %s email %r" % (a["id"], a["email"]))
    for c in cat_ids:
        if not any(c in a["skills"] for a in agents):
            err("no agent has skill %s" % c)

    # solutions
    sol_by = {s["id"]: s for s in sols}
    if len(sols) < 250:
        err("only %d solutions (< 250)" % len(sols))
    if len({s["category"] for s in sols}) < 15:
        err("solutions span fewer than 15 categories")
    if len({s["title"].lower() for s in sols}) != len(sols):
        err("duplicate solution titles")
    for s in sols:
        if not re.match(r"^SOL-\d{4}$", s["id"]):
            err("solution id %r" % s["id"])
        if s["category"] not in cat_ids:
            err("solution %s unknown category" % s["id"])
        if s["author"] not in agent_by:
            err("solution %s unknown author" % s["id"])
        ts(s["created_at"], s["id"])
        if not 3 <= len(s["steps"]) <= 8:
            err("solution %s has %d steps" % (s["id"], len(s["steps"])))
        for st in s["steps"]:
            if not isinstance(st, str) or len(st.strip()) < 10 or re.match(r"^\s*\d+[.)]", st):
                err("solution %s bad step %r" % (s["id"], st))
            if re.search(r"contact (our )?support", st, re.I):
                err("solution %s has a generic 'contact support' step" % s["id"])
        if not s["title"].strip():
            err("solution %s empty title" % s["id"])

    # tickets
    if len(tickets) < 2000:
        err("only %d tickets (< 2000)" % len(tickets))
    lo, hi = datetime(2025, 11, 1), datetime(2026, 10, 31, 23, 59, 59)
    per_sol = Counter()
    descs, pairs = set(), set()
    customers = Counter()
    skilled = 0
    verdicts = Counter()
    agent_sol = defaultdict(Counter)
    for t in tickets:
        w = t["id"]
        if not re.match(r"^TCK-\d{5}$", w):
            err("ticket id %r" % w)
        s = sol_by.get(t["solution"])
        if not s:
            err("%s unknown solution %r" % (w, t["solution"]))
            continue
        if t["category"] != s["category"]:
            err("%s category %s != solution category %s" % (w, t["category"], s["category"]))
        a = agent_by.get(t["agent"])
        if not a:
            err("%s unknown agent" % w)
            continue
        skilled += t["category"] in a["skills"]
        agent_sol[t["agent"]][t["solution"]] += 1
        per_sol[t["solution"]] += 1
        if t["priority"] not in ("low", "normal", "high", "urgent"):
            err("%s priority %r" % (w, t["priority"]))
        if t["verdict"] not in ("solved", "not_solved", None):
            err("%s verdict %r" % (w, t["verdict"]))
        verdicts[t["verdict"]] += 1
        cu = t["customer"]
        if set(cu) != {"name", "email"} or not cu["name"].strip() or not re.match(r"^[^@\s]+@[^@\s]+\.example$", cu["email"]):
            err("%s customer %r" % (w, cu))
        customers[cu["email"]] += 1
        if not t["subject"].strip() or not t["description"].strip():
            err("%s empty subject/description" % w)
        if t["description"] in descs:
            err("%s duplicate description" % w)
        if (t["subject"], t["description"]) in pairs:
            err("%s duplicate subject+description" % w)
        descs.add(t["description"])
        pairs.add((t["subject"], t["description"]))
        c, f, r = ts(t["created_at"], w), ts(t["first_response_at"], w), ts(t["resolved_at"], w)
        if None in (c, f, r):
            continue
        if not (lo <= c <= hi and lo <= r <= hi):
            err("%s timestamps outside 2025-11-01..2026-10-31" % w)
        if not c < f:
            err("%s created_at !< first_response_at" % w)
        msgs = t["messages"]
        if not 1 <= len(msgs) <= 3:
            err("%s has %d messages" % (w, len(msgs)))
        prev = f
        for m in msgs:
            if set(m) != {"author", "body", "at"} or m["author"] not in ("agent", "customer") or not m["body"].strip():
                err("%s bad message %r" % (w, m))
                continue
            mt = ts(m["at"], w)
            if mt is None or mt < prev:
                err("%s message times not ordered" % w)
            else:
                prev = mt
        if msgs and msgs[0]["author"] != "agent":
            err("%s first message is not the agent's reply" % w)
        if not prev <= r:
            err("%s resolved_at before last message" % w)
    for s in sols:
        if per_sol[s["id"]] < 3:
            err("solution %s solves only %d tickets" % (s["id"], per_sol[s["id"]]))
    counts = sorted(per_sol.values())
    if counts and counts[-1] < 3 * counts[len(counts) // 2]:
        err("popularity too even (max %d, median %d)" % (counts[-1], counts[len(counts) // 2]))
    share = skilled / max(1, len(tickets))
    if not 0.65 <= share <= 0.85:
        err("share of tickets solved by a skilled agent is %.2f (want about 0.75)" % share)
    if not (verdicts["solved"] > len(tickets) / 2 and verdicts["not_solved"] > 0 and verdicts[None] > 0):
        err("verdict mix %r" % verdicts)
    if len(customers) < 400:
        err("only %d distinct customers" % len(customers))
    if sum(1 for v in customers.values() if v > 1) < 50:
        err("too few repeat customers")

    # eval
    if len(evals) < 400:
        err("only %d eval complaints (< 400)" % len(evals))
    eval_sols = set()
    eval_descs = set()
    grams = set()
    def ngrams(text, n=6):
        w = re.findall(r"[a-z0-9']+", text.lower())
        return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    for t in tickets:
        grams |= ngrams(t["description"])
    near = 0
    for e in evals:
        w = e["id"]
        if not re.match(r"^EVAL-\d{4}$", w):
            err("eval id %r" % w)
        if not e["solutions"] or any(s not in sol_by for s in e["solutions"]):
            err("%s bad solutions %r" % (w, e["solutions"]))
            continue
        eval_sols.update(e["solutions"])
        if e["category"] != sol_by[e["solutions"][0]]["category"]:
            err("%s category mismatch" % w)
        if not e["agents"] or any(a not in agent_by or e["category"] not in agent_by[a]["skills"] for a in e["agents"]):
            err("%s agents must be known and skilled in %s: %r" % (w, e["category"], e["agents"]))
        else:
            n = [agent_sol[a][e["solutions"][0]] for a in e["agents"]]
            if n != sorted(n, reverse=True):
                err("%s agents not ordered by tickets resolved for the solution" % w)
        if e["description"] in descs or (e["subject"], e["description"]) in pairs:
            err("%s text also appears in tickets" % w)
        if e["description"] in eval_descs:
            err("%s duplicate eval description" % w)
        eval_descs.add(e["description"])
        g = ngrams(e["description"])
        if g and len(g & grams) / len(g) > 0.5:
            near += 1
    if near > len(evals) * 0.02:
        err("%d eval complaints look like near-copies of tickets (6-gram overlap > 50%%)" % near)
    if len(eval_sols) < 150:
        err("eval covers only %d solutions (< 150)" % len(eval_sols))

    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(CORPUS) for f in fs)
    if size > 6.5e6:
        err("corpus is %.1f MB (> 6 MB)" % (size / 1e6))

    print("categories %d, agents %d, solutions %d, tickets %d, customers %d, eval %d (over %d solutions), "
          "skilled share %.1f%%, near-copy evals %d, size %.2f MB"
          % (len(cats), len(agents), len(sols), len(tickets), len(customers), len(evals), len(eval_sols),
             100 * share, near, size / 1e6))
    if errors:
        for e in errors[:50]:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
