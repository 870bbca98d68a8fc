#!/usr/bin/env python3
"""Generate the Customer Care Registry starting corpus (Harbourfield Services).

Standard library only, deterministic (fixed SEED). Run from anywhere:
    python3 Corpus/tools/make_corpus.py
It rewrites Corpus/{categories,agents,solutions,tickets}.jsonl and Corpus/eval/complaints.jsonl,
updates the counts block in Corpus/README.md and prints the counts.

The hand-written content lives beside this script:
  kb_*.py      solutions (title, steps) with per-solution symptom wordings and subjects
  kb_pieces.py phrasing pieces (what I tried, tone, greetings, closings, context, agent replies)
  people.py    name pools and customer attributes
Held-out wording (symptoms marked "!", subjects "<", and every 4th generic piece) is used only
for the eval complaints so that they are not near-copies of knowledge-base tickets.
"""
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
CORPUS = os.path.dirname(HERE)

import kbparse  # noqa: E402
import kb_pieces as P  # noqa: E402
import people  # noqa: E402

SEED = 20251101
N_CUSTOMERS = 640
TARGET_TICKETS = 2520
N_EVAL = 420
MAX_PER_SOLUTION = 80
START = datetime(2025, 11, 1, tzinfo=timezone.utc)
END = datetime(2026, 10, 31, 23, 59, 59, tzinfo=timezone.utc)

SEGMENT_OF = {
    "account-access": "consumer", "billing": "consumer", "delivery": "consumer", "returns": "consumer",
    "mobile-app": "consumer", "devices": "consumer", "connectivity": "consumer", "privacy-security": "consumer",
    "shop-payments": "shop", "storefront": "shop", "inventory": "shop", "shop-shipping": "shop",
    "classroom-video": "teacher", "classroom-assignments": "teacher", "classroom-roster": "teacher",
    "farm-soil-crop": "farm", "farm-orders": "farm", "farm-sensors": "farm",
}

# Relative ticket volume per month (Nov .. Oct) by segment: shops peak before Christmas,
# classrooms follow the school year, farms peak in spring and at harvest/autumn sowing.
MONTH_WEIGHTS = {
    "consumer": [1.2, 1.5, 1.3, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0],
    "shop":     [1.6, 1.9, 1.2, 0.7, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1.1],
    "teacher":  [1.2, 0.8, 1.3, 1.2, 1.2, 1.1, 1.1, 1.0, 0.4, 0.3, 1.6, 1.3],
    "farm":     [0.8, 0.5, 0.5, 1.1, 1.6, 1.7, 1.4, 1.0, 1.1, 1.3, 1.3, 0.9],
}

# The most common problems, roughly in order of frequency (title prefixes); the rest follow by a random score.
POPULAR = [
    "Reset a forgotten", "Parcel marked delivered", "Tracking stuck", "Charged twice", "Payout on hold",
    "Two-step verification SMS", "App crashes on launch", "Broadband slow", "Student submission fails",
    "Students can't hear me", "Start a return", "Hub router light", "Soil test results are late",
    "FieldSense sensor shows", "Connect a custom domain", "Refund not issued after", "Account locked after",
    "Students can't join with", "Delivery driver can't find", "Shipping label purchase fails",
    "Card declined on subscription", "Connected to Wi-Fi but no internet", "Push notifications not arriving",
    "Crop advice doesn't match", "Missed delivery", "Customers' cards declined", "Refund not showing",
    "Stock not syncing", "Suspicious sign-in alert", "Recording doesn't appear",
]

AGENTS = [
    # id, name, skills, capacity, generalist?
    ("agent-ana-ruiz", "Ana Ruiz", ["billing", "shop-payments"], 14, False),
    ("agent-tomasz-nowak", "Tomasz Nowak", ["connectivity", "devices"], 12, False),
    ("agent-priya-raman", "Priya Raman", ["classroom-video", "classroom-assignments", "classroom-roster"], 16, False),
    ("agent-kwame-mensah", "Kwame Mensah", ["farm-orders", "farm-sensors", "farm-soil-crop"], 15, False),
    ("agent-sofia-lindqvist", "Sofia Lindqvist", ["account-access", "privacy-security"], 10, False),
    ("agent-jun-watanabe", "Jun Watanabe", ["mobile-app"], 6, False),
    ("agent-fatima-idrissi", "Fatima Zahra Idrissi", ["delivery", "returns", "shop-shipping", "farm-orders"], 18, False),
    ("agent-liam-obrien", "Liam O'Brien", ["account-access", "billing", "delivery", "mobile-app"], 25, True),
    ("agent-mei-chen", "Mei Chen", ["storefront", "inventory"], 12, False),
    ("agent-diego-alvarez", "Diego Álvarez", ["returns", "storefront", "classroom-roster", "devices"], 22, True),
    ("agent-hannah-becker", "Hannah Becker", ["farm-sensors"], 5, False),
    ("agent-oluwaseun-adeyemi", "Oluwaseun Adeyemi", ["shop-payments", "inventory", "shop-shipping"], 14, False),
    ("agent-aroha-ngata", "Aroha Ngata", ["farm-soil-crop", "classroom-assignments", "connectivity", "privacy-security"], 20, True),
    ("agent-ravi-menon", "Ravi Menon", ["privacy-security"], 5, False),
    ("agent-elena-petrova", "Elena Petrova", ["classroom-video", "mobile-app", "devices"], 10, False),
]


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ascii_slug(s, sep="."):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9]+", sep, s).strip(sep).lower()
    return s


def split_pool(items, heldout):
    """Every 4th item (index % 4 == 3) is held out for eval."""
    return [x for i, x in enumerate(items) if (i % 4 == 3) == heldout]


# --------------------------------------------------------------------------- customers
def make_customers(rng):
    customers, emails = [], set()
    cultures = list(people.CULTURES.items())
    segs = ["consumer"] * 45 + ["shop"] * 20 + ["teacher"] * 18 + ["farm"] * 17
    while len(customers) < N_CUSTOMERS:
        cname, (firsts, lasts) = rng.choice(cultures)
        first, last = rng.choice(firsts), rng.choice(lasts)
        seg = rng.choice(segs)
        c = {"name": "%s %s" % (first, last), "first": first, "segment": seg,
             "activity": min(rng.paretovariate(1.6), 12.0), "years": rng.randint(2, 9),
             "phone": rng.choice(people.PHONES)}
        f, l = ascii_slug(first, ""), ascii_slug(last, "")
        if seg == "shop":
            adj = rng.choice(people.SHOP_ADJ)
            noun, stype, products = rng.choice(people.SHOP_NOUN)
            c.update(shop="%s %s" % (adj, noun), shoptype=stype, products=products)
        elif seg == "teacher":
            subj = rng.choice(people.SUBJECTS)
            level = rng.choice(["Year %d" % rng.randint(5, 12), "Grade %d" % rng.randint(4, 11), "A-level", "B1 evening", "beginners", "GCSE"])
            c.update(subject=subj, school=rng.choice(people.SCHOOLS), students=rng.choice([12, 18, 24, 28, 30, 45, 60, 90]),
                     **{"class": "%s %s" % (level, subj)})
        elif seg == "farm":
            c.update(crop=rng.choice(people.CROPS), farmtype=rng.choice(people.FARMTYPES), town=rng.choice(people.TOWNS),
                     ha=rng.choice([18, 35, 60, 85, 120, 140, 210, 320, 450, 800]),
                     farm=rng.choice(people.FARM_NAMES + ["%s Farm" % last]))
        r = rng.random()
        if seg == "shop" and r < 0.35:
            local = rng.choice(["hello", "orders", f, "shop"])
            email = "%s@%s.example" % (local, ascii_slug(c["shop"], ""))
        elif seg == "teacher" and r < 0.3:
            email = "%s.%s@%s.school.example" % (f[0], l, ascii_slug(c["school"].replace("the ", ""), ""))
        elif seg == "farm" and r < 0.3:
            email = "%s@%s.example" % (f, ascii_slug(c["farm"], ""))
        else:
            pat = rng.choice(["{f}.{l}", "{f}{l0}", "{f0}{l}", "{f}.{l}{nn}", "{f}_{l}", "{f}{nn}", "{l}.{f}"])
            local = pat.format(f=f, l=l, f0=f[0], l0=l[0], nn=rng.randint(1, 99))
            email = "%s@%s" % (local, rng.choice(people.MAIL_DOMAINS))
        if email in emails:
            continue
        emails.add(email)
        c["email"] = email
        customers.append(c)
    return customers


# --------------------------------------------------------------------------- text helpers
ALT_RE = re.compile(r"\{([^{}]*\|[^{}]*)\}")
PH_RE = re.compile(r"\{(\w+)\}")


class Filler:
    """Fills {placeholders} consistently within one ticket."""

    def __init__(self, rng, cust):
        self.rng, self.cust, self.vals = rng, cust, {}

    def gen(self, key):
        r, c = self.rng, self.cust
        if key in c and key not in ("first",):
            return str(c[key])
        if key == "order":
            return "HF-%07d" % r.randint(1000000, 9999999)
        if key == "shoporder":
            return "#%d" % r.randint(1001, 9999)
        if key == "farmorder":
            return "FO-%06d" % r.randint(100000, 999999)
        if key == "phone":
            return r.choice(people.PHONES)
        if key == "hub":
            return r.choice(people.HUBS)
        if key == "tablet":
            return r.choice(people.TABLETS)
        if key == "amount":
            return r.choice(["€", "£", "$"]) + "%d.%02d" % (r.randint(4, 180), r.choice([0, 99, 49, 90, 50]))
        if key == "n":
            return str(r.randint(2, 9))
        if key == "date":
            return r.choice(people.DATES)
        if key == "sensor":
            return "FS-%s%d-%04d" % (r.choice("ABCDKMRX"), r.randint(1, 9), r.randint(1, 9999))
        if key == "field":
            return r.choice(people.FIELDS)
        if key == "years":
            return str(r.randint(2, 9))
        # attributes of another segment (e.g. a consumer ticket asking for {crop})
        fallback = {"shop": "my shop", "shoptype": "small", "products": "handmade goods", "subject": "science",
                    "school": "my school", "students": "25", "class": "my class", "crop": "wheat",
                    "farmtype": "mixed", "town": "town", "ha": "100", "farm": "our farm"}
        return fallback.get(key, key)

    def fill(self, text):
        text = ALT_RE.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)

        def ph(m):
            k = m.group(1)
            if k not in self.vals:
                self.vals[k] = self.gen(k)
            return self.vals[k]
        return PH_RE.sub(ph, text)


def sentence(s):
    s = s.strip()
    if not s:
        return s
    s = s[0].upper() + s[1:]
    if s[-1] not in ".!?":
        s += "."
    return s


KEYB = "qwertyuiopasdfghjklzxcvbnm"


def typo_word(w, rng):
    if len(w) < 4 or not w.isalpha():
        return w
    i = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.35:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op < 0.65:
        return w[:i] + w[i + 1:]
    if op < 0.85:
        return w[:i] + w[i] + w[i:]
    k = KEYB.find(w[i].lower())
    if k < 0:
        return w
    return w[:i] + KEYB[(k + rng.choice([-1, 1])) % len(KEYB)] + w[i + 1:]


def add_typos(text, rng, p=0.05):
    parts = re.split(r"(\s+)", text)
    out = []
    for t in parts:
        if t.strip() and rng.random() < p:
            m = re.match(r"^([A-Za-z]+)(.*)$", t)
            if m:
                t = typo_word(m.group(1), rng) + m.group(2)
        out.append(t)
    return "".join(out)


NON_NATIVE = [
    (r"\bI can't\b", "I can not"), (r"\bI cannot\b", "I am not able to"), (r"\bdoesn't\b", "is not"),
    (r"\bdon't\b", "do not"), (r"\bfor (\d+|two|a few) days( now)?\b", r"since \1 days"), (r"\bI have\b", "I am having"),
    (r"\bPlease\b", "Kindly"), (r"\bplease\b", "kindly"), (r"\bit's\b", "it is"), (r"\bthe (app|account|order|parcel|code|lesson|sensor)\b", r"\1"),
    (r"\bI am\b", "I'm am"), (r"\bmy (\w+) is\b", r"my \1 are"), (r"\?", " ?"), (r"\bwon't\b", "is not wanting to"),
]
NON_NATIVE_TAIL = ["Please do the needful.", "Waiting your answer.", "Thank you for your kind help.", "Please revert back.",
                   "Kindly help me in this matter.", "I am waiting your reply."]


def non_native(text, rng, add_tail=True):
    rules = rng.sample(NON_NATIVE, 4)
    for pat, rep in rules:
        text = re.sub(pat, rep, text)
    if add_tail and rng.random() < 0.5:
        text = text.rstrip() + " " + rng.choice(NON_NATIVE_TAIL)
    return text


def roughen(text, rng, style):
    if style.get("typos"):
        text = add_typos(text, rng, style["typos"])
    if style.get("nopunct"):
        text = re.sub(r"[.,](\s|$)", r"\1", text)
    if style.get("lower"):
        text = text.lower()
    return re.sub(r"[ \t]+", " ", text).strip()


PROBLEM_RE = re.compile(r"n't|\bnot\b|\bno\b|never|fail|wrong|stuck|error|keeps|broken|missing|won't|can't|nothing|offline|invalid|declined|drops|late|locked|crash", re.I)

STOP_END = {"need", "want", "can", "why", "how", "what", "where", "still", "just", "get", "got", "have", "has", "after", "before", "since", "than", "then", "they", "we", "you", "to", "the", "a", "an", "my", "on", "in", "for", "and", "of", "with", "is", "it", "i", "but", "from",
            "your", "at", "says", "no", "not", "when", "as", "so", "me", "this", "that", "are", "be", "by", "or", "was"}

# Frames for very terse symptom wordings ("export grades") so they read like a request.
SHORT_FRAMES = ["{S}, how do I fix this?", "Quick question: {s}.", "{S}. What should I do?", "{S} - can you help?",
                "I have a problem: {s}.", "{S}. Is there a setting for this?", "{S}. Can someone look at this?",
                "Need help, {s}.", "{S}. How does this work?", "Hello? {S}.", "{S}?? help", "Question about this: {s}."]


# --------------------------------------------------------------------------- complaint text
def compose(sol, cust, rng, heldout, ctx_segment):
    f = Filler(rng, cust)
    pick = lambda pool: rng.choice(split_pool(pool, heldout))  # noqa: E731
    syms = sol["sym_eval"] if heldout else sol["sym"]
    sym_raw = rng.choice(syms)
    sym = f.fill(sym_raw)
    tone = rng.choices(["neutral", "angry", "polite", "urgent"], [45, 20, 25, 10])[0]
    length = rng.choices(["short", "medium", "long"], [25, 45, 30])[0]

    if len(sym.split()) < 6 and rng.random() < 0.7:
        frame = rng.choice(SHORT_FRAMES)
        core = frame.replace("{S}", sentence(sym)[:-1]).replace("{s}", sym.rstrip(".!?"))
    else:
        core = sentence(sym)
    if "since" not in sym and PROBLEM_RE.search(sym) and rng.random() < 0.35 and core[-1] == ".":
        core = core[:-1] + " " + f.fill(pick(P.WHEN)) + core[-1]
    parts = []
    greet = rng.random() < (0.2 if length == "short" else 0.6)
    if greet:
        parts.append(pick(P.GREETINGS))
    if length != "short" and rng.random() < 0.55:
        parts.append(f.fill(pick(P.CONTEXT[ctx_segment])))
    parts.append(core)
    if length == "long" and not heldout and len(syms) > 1 and rng.random() < 0.35:
        other = f.fill(rng.choice([s for s in syms if s != sym_raw]))
        parts.append(sentence(rng.choice(["Also ", "And ", "On top of that ", "Plus ", "Oh and "]) + other[0].lower() + other[1:]))
    if length != "short" and rng.random() < (0.8 if length == "long" else 0.45):
        parts.append(f.fill(pick(P.TRIED[sol["category"]])))
    if (length == "long" and rng.random() < 0.6) or (length == "medium" and rng.random() < 0.15):
        parts.append(pick(P.IMPACT[ctx_segment]))
    if tone == "angry":
        parts.append(pick(P.TONE_ANGRY))
    elif tone == "polite" and length != "short":
        parts.append(pick(P.TONE_POLITE))
    elif tone == "urgent":
        parts.append(pick(P.TONE_URGENT))
    if length == "long" and rng.random() < 0.3:
        extra = pick(P.TONE_POLITE if tone != "angry" else P.TONE_ANGRY)
        if extra not in parts:
            parts.append(extra)
    close = None
    if length != "short" and rng.random() < 0.55:
        close = pick(P.CLOSINGS)
        if close.endswith(",") or rng.random() < 0.4:
            close = close + "\n" + (cust["first"] if rng.random() < 0.7 else cust["name"])

    style = {}
    if rng.random() < 0.12:
        style["nonnative"] = True
    if rng.random() < 0.3:
        style["typos"] = rng.choice([0.03, 0.05, 0.07])
    if rng.random() < 0.1:
        style["nopunct"] = True
    if rng.random() < 0.12:
        style["lower"] = True
    joiner = "\n\n" if (length == "long" and rng.random() < 0.4) else " "
    body = joiner.join(parts)
    if style.get("nonnative"):
        body = non_native(body, rng, add_tail=close is None or rng.random() < 0.5)
    if close:
        body = body + joiner + close
    desc = roughen(body, rng, style)

    # subject
    r = rng.random()
    subj_pool = sol["subj_eval"] if heldout else sol["subj"]
    if r < 0.07:
        subj = pick(P.GENERIC_SUBJECTS)
    elif r < 0.17:
        words = re.sub(r"[{}|]", "", sym).split()
        n = rng.randint(4, 8)
        while n < len(words) and words[n - 1].lower().strip(",.") in STOP_END:
            n += 1
        subj = " ".join(words[:n]).rstrip(",.")
    else:
        subj = f.fill(rng.choice(subj_pool))
        if rng.random() < 0.12:
            subj = pick(P.SUBJECT_PREFIX) + subj
        for k in ("order", "shoporder", "farmorder", "sensor"):
            if k in f.vals and rng.random() < 0.5:
                subj += rng.choice([" - ", " (", " / order "]) + f.vals[k]
                if subj.endswith(f.vals[k]) and " (" in subj[-len(f.vals[k]) - 3:]:
                    subj += ")"
                break
    if style.get("lower") or rng.random() < 0.1:
        subj = subj.lower()
    if rng.random() < 0.05:
        subj = subj.upper()
    return subj.strip(), desc, tone


def choose_priority(rng, tone, cat):
    base = {"neutral": [15, 60, 20, 5], "angry": [5, 40, 40, 15], "polite": [35, 55, 9, 1], "urgent": [0, 15, 45, 40]}[tone]
    if cat in ("privacy-security", "shop-payments", "connectivity"):
        base = [base[0] * 0.5, base[1], base[2] * 1.4, base[3] * 1.6]
    return rng.choices(["low", "normal", "high", "urgent"], base)[0]


RESPONSE_MIN = {"urgent": (5, 60), "high": (15, 240), "normal": (30, 720), "low": (120, 1440)}


def agent_reply(sol, cust, agent, rng):
    title = sol["title"]
    steps = sol["steps"]
    k = min(len(steps), rng.choice([2, 3, 3, 4]))
    numbered = " ".join("%d) %s" % (i + 1, s) for i, s in enumerate(steps[:k]))
    lines = [rng.choice(P.AGENT_OPEN).format(first=cust["first"]),
             rng.choice(P.AGENT_DIAG).format(title=title),
             rng.choice(["Please try this: ", "Here's what to do: ", "Could you try the following: ", "Steps: "]) + numbered]
    if k < len(steps):
        lines.append("The full steps are in our help article \"%s\"." % title)
    lines.append(rng.choice(P.AGENT_CLOSE))
    lines.append(agent["name"].split()[0])
    return "\n".join([lines[0], " ".join(lines[1:-1]), lines[-1]]), k


# --------------------------------------------------------------------------- main
def main():
    rng = random.Random(SEED)
    cats, sols = kbparse.load_all()
    cat_ids = [c["id"] for c in cats]
    for i, s in enumerate(sols):
        s["id"] = "SOL-%04d" % (i + 1)
    agents = [{"id": a, "name": n, "email": ascii_slug(n.replace("Fatima Zahra ", "Fatima "), ".") + "@harbourfield.example",
               "skills": sk, "capacity": cap, "_gen": g} for a, n, sk, cap, g in AGENTS]
    agent_by_id = {a["id"]: a for a in agents}
    generalists = [a for a in agents if a["_gen"]]
    customers = make_customers(rng)
    by_seg = defaultdict(list)
    for c in customers:
        by_seg[c["segment"]].append(c)

    # ---- ticket counts per solution: uneven (Zipf-like), min 3; richer-written solutions are the common ones
    def pop_rank(s):
        for i, prefix in enumerate(POPULAR):
            if s["title"].startswith(prefix):
                return (0, i)
        return (1, -(len(s["sym"]) + 0.5 * len(s["subj"]) + 2.0 * rng.random()))
    order = sorted(sols, key=pop_rank)
    raw = [(i + 1) ** -0.65 * rng.uniform(0.3, 1.5) for i in range(len(order))]
    extra = TARGET_TICKETS - 3 * len(sols)
    tot = sum(raw)
    counts = {s["id"]: min(MAX_PER_SOLUTION, 3 + int(extra * w / tot)) for s, w in zip(order, raw)}

    # ---- tickets
    tickets = []
    seen_desc, seen_pair = set(), set()
    for s in sols:
        seg = SEGMENT_OF[s["category"]]
        for _ in range(counts[s["id"]]):
            if seg == "consumer":
                pool = customers
                weights = [c["activity"] * (3 if c["segment"] == "consumer" else 1) for c in pool]
            else:
                pool = by_seg[seg]
                weights = [c["activity"] for c in pool]
            cust = rng.choices(pool, weights)[0]
            for attempt in range(200):
                subj, desc, tone = compose(s, cust, rng, False, seg if seg == cust["segment"] else "consumer")
                if desc not in seen_desc and (subj, desc) not in seen_pair:
                    break
            else:
                raise SystemExit("could not make a unique ticket for %s" % s["id"])
            seen_desc.add(desc)
            seen_pair.add((subj, desc))
            tickets.append({"sol": s, "cust": cust, "subject": subj, "description": desc, "tone": tone})

    # agent choice: ~75% a skilled agent, else a generalist
    for t in tickets:
        cat = t["sol"]["category"]
        skilled = [a for a in agents if cat in a["skills"]]
        if rng.random() < 0.75:
            t["agent"] = rng.choices(skilled, [a["capacity"] for a in skilled])[0]
        else:
            gens = [a for a in generalists if cat not in a["skills"]] or generalists
            t["agent"] = rng.choices(gens, [a["capacity"] for a in gens])[0]

    # timestamps
    months = []
    m = START
    while m < END:
        months.append(m)
        m = (m.replace(day=28) + timedelta(days=4)).replace(day=1)
    for t in tickets:
        seg = SEGMENT_OF[t["sol"]["category"]]
        mi = rng.choices(range(12), MONTH_WEIGHTS[seg])[0]
        mstart = months[mi]
        mend = months[mi + 1] if mi + 1 < 12 else END
        last_day = (mend - mstart).days
        day = rng.randrange(last_day)
        if mi == 11:
            day = min(day, last_day - 9)  # leave room to resolve before the end of the period
        hour = rng.choices(range(24), [1, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 8, 9, 9, 9, 8, 8, 8, 8, 7, 5, 3, 2])[0]
        created = mstart + timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
        t["created"] = created
        t["priority"] = choose_priority(rng, t["tone"], t["sol"]["category"])
        lo, hi = RESPONSE_MIN[t["priority"]]
        t["first_resp"] = created + timedelta(minutes=rng.randint(lo, hi), seconds=rng.randrange(60))
        t["verdict"] = rng.choices(["solved", "not_solved", None], [80, 8, 12])[0]

    tickets.sort(key=lambda t: t["created"])
    out_tickets = []
    sol_first = {}
    agent_sol = defaultdict(Counter)
    agent_cat = defaultdict(Counter)
    for i, t in enumerate(tickets):
        s, cust, agent = t["sol"], t["cust"], t["agent"]
        tid = "TCK-%05d" % (i + 1)
        body, k = agent_reply(s, cust, agent, rng)
        msgs = [{"author": "agent", "body": body, "at": iso(t["first_resp"])}]
        at = t["first_resp"]
        if t["verdict"] == "solved" and rng.random() < 0.55:
            at = at + timedelta(minutes=rng.randint(20, 60 * 30))
            msgs.append({"author": "customer", "body": rng.choice(P.CUST_SOLVED).format(k=rng.randint(1, k), agent=agent["name"].split()[0]), "at": iso(at)})
        elif t["verdict"] == "not_solved" and rng.random() < 0.8:
            at = at + timedelta(minutes=rng.randint(30, 60 * 48))
            msgs.append({"author": "customer", "body": rng.choice(P.CUST_NOT_SOLVED).format(k=rng.randint(1, k)), "at": iso(at)})
            if rng.random() < 0.7:
                at = at + timedelta(minutes=rng.randint(10, 60 * 8))
                msgs.append({"author": "agent", "body": rng.choice(P.AGENT_FOLLOWUP), "at": iso(at)})
        if t["verdict"] is None:
            resolved = at + timedelta(days=rng.randint(3, 7), minutes=rng.randrange(600))
        else:
            resolved = at + timedelta(minutes=rng.randint(30, 60 * 24 * 4))
        if resolved > END:
            resolved = END
        out_tickets.append({
            "id": tid, "customer": {"name": cust["name"], "email": cust["email"]},
            "subject": t["subject"], "description": t["description"], "category": s["category"],
            "priority": t["priority"], "created_at": iso(t["created"]), "first_response_at": iso(t["first_resp"]),
            "resolved_at": iso(resolved), "agent": agent["id"], "solution": s["id"], "verdict": t["verdict"],
            "messages": msgs,
        })
        agent_sol[agent["id"]][s["id"]] += 1
        agent_cat[agent["id"]][s["category"]] += 1
        if s["id"] not in sol_first:
            sol_first[s["id"]] = (agent, resolved)

    # ---- solutions records
    out_sols = []
    for s in sols:
        fa, fres = sol_first[s["id"]]
        if rng.random() < 0.3:
            author, created = fa["id"], fres  # written while solving its first ticket
        else:
            skilled = [a for a in agents if s["category"] in a["skills"]]
            author = rng.choice(skilled)["id"]
            created = datetime(2025, 8, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(88), hours=rng.randint(8, 17), minutes=rng.randrange(60))
        out_sols.append({"id": s["id"], "title": s["title"], "category": s["category"], "steps": s["steps"],
                         "author": author, "created_at": iso(created)})

    # ---- eval complaints (held-out wording only)
    erng = random.Random(SEED + 1)
    eval_sols = list(sols)
    erng.shuffle(eval_sols)
    picks = list(eval_sols)  # every solution once
    rest = erng.choices(sols, [counts[s["id"]] for s in sols], k=N_EVAL - len(picks))
    picks += rest
    erng.shuffle(picks)
    out_eval = []
    eval_seen = set()
    for i, s in enumerate(picks):
        seg = SEGMENT_OF[s["category"]]
        pool = customers if seg == "consumer" else by_seg[seg]
        cust = erng.choice(pool)
        for attempt in range(200):
            subj, desc, _ = compose(s, cust, erng, True, seg if seg == cust["segment"] else "consumer")
            if desc not in seen_desc and desc not in eval_seen:
                break
        else:
            raise SystemExit("could not make unique eval complaint for %s" % s["id"])
        eval_seen.add(desc)
        skilled = [a for a in agents if s["category"] in a["skills"]]
        skilled.sort(key=lambda a: (-agent_sol[a["id"]][s["id"]], -agent_cat[a["id"]][s["category"]], a["id"]))
        out_eval.append({"id": "EVAL-%04d" % (i + 1), "subject": subj, "description": desc, "category": s["category"],
                         "solutions": [s["id"]], "agents": [a["id"] for a in skilled]})

    # ---- write
    def dump(path, rows):
        full = os.path.join(CORPUS, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            for r in sorted(rows, key=lambda r: r["id"]):
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    dump("categories.jsonl", cats)
    dump("agents.jsonl", [{k: v for k, v in a.items() if not k.startswith("_")} for a in agents])
    dump("solutions.jsonl", out_sols)
    dump("tickets.jsonl", out_tickets)
    dump("eval/complaints.jsonl", out_eval)

    tk_per_sol = Counter(t["solution"] for t in out_tickets)
    verdicts = Counter(t["verdict"] for t in out_tickets)
    skilled_share = sum(1 for t in out_tickets if t["category"] in agent_by_id[t["agent"]]["skills"]) / len(out_tickets)
    size = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(CORPUS) for fn in fns if fn.endswith(".jsonl"))
    lines = [
        "categories: %d" % len(cats),
        "agents: %d" % len(agents),
        "solutions: %d" % len(out_sols),
        "tickets: %d" % len(out_tickets),
        "customers (distinct, with tickets): %d" % len({t["customer"]["email"] for t in out_tickets}),
        "tickets per solution: min %d, median %d, max %d" % (min(tk_per_sol.values()), sorted(tk_per_sol.values())[len(tk_per_sol) // 2], max(tk_per_sol.values())),
        "verdicts: solved %d, not_solved %d, no answer %d" % (verdicts["solved"], verdicts["not_solved"], verdicts[None]),
        "tickets resolved by an agent skilled in the category: %.1f%%" % (100 * skilled_share),
        "distinct words in ticket texts: %d" % len({w for t in out_tickets for w in re.findall(r"[a-z']+", (t["subject"] + " " + t["description"]).lower())}),
        "eval complaints: %d over %d solutions" % (len(out_eval), len({e["solutions"][0] for e in out_eval})),
        "jsonl size: %.2f MB" % (size / 1e6),
    ]
    for l in lines:
        print(l)
    readme = os.path.join(CORPUS, "README.md")
    if os.path.exists(readme):
        text = open(readme, encoding="utf-8").read()
        block = "<!-- counts:start -->\n```\n" + "\n".join(lines) + "\n```\n<!-- counts:end -->"
        text = re.sub(r"<!-- counts:start -->.*?<!-- counts:end -->", lambda m: block, text, flags=re.S)
        open(readme, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
