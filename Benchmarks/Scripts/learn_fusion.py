#!/usr/bin/env python3
"""Learn a small combination of the words' strength s and the similarity of meaning c (issue 17, item 4).

Reads the candidates that `care eval corpus --dump-candidates FILE` or `care eval semeval XML --dump-candidates FILE`
wrote (query, candidate, words, similarity, relevant) and fits a logistic model of "this candidate is right" over
(s, c, s*c) with an L2 penalty, by Newton's method, numpy only. Prints the coefficients in the form
`--fusion learned:WORDS,MEANING,PRODUCT,BIAS` reads, and the in-sample MRR and P@1 of ranking each query's candidates
by the model (the app's figures come from `care eval ... --fusion learned:...`).

    python3 Benchmarks/Scripts/learn_fusion.py /tmp/corpus.tsv [--l2 0.01] [--pairwise]
"""
import argparse
import collections
import numpy as np


def read(path):
    queries = collections.defaultdict(list)
    with open(path) as f:
        next(f)
        for line in f:
            q, _, s, c, r = line.rstrip("\n").split("\t")
            queries[q].append((float(s), float(c), int(r)))
    return queries


def features(rows):
    a = np.array([(s, c, s * c) for s, c, _ in rows], float)
    return np.hstack([a, np.ones((len(a), 1))])


def fit_pointwise(queries, l2):
    X = np.vstack([features(v) for v in queries.values()])
    y = np.concatenate([[r for _, _, r in v] for v in queries.values()]).astype(float)
    w = np.zeros(X.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0]
        H = (X * (p * (1 - p))[:, None]).T @ X / len(y) + l2 * np.diag([1, 1, 1, 0])
        w -= np.linalg.solve(H + 1e-9 * np.eye(len(w)), g)
    return w


def fit_pairwise(queries, l2):
    """RankNet on (right, wrong) pairs of each query: the bias is not identified and stays 0."""
    D = []
    for v in queries.values():
        F = features(v)[:, :3]
        right = [i for i, (_, _, r) in enumerate(v) if r]
        wrong = [i for i, (_, _, r) in enumerate(v) if not r]
        D += [F[i] - F[j] for i in right for j in wrong]
    D = np.array(D)
    w = np.zeros(3)
    for _ in range(50):
        p = 1 / (1 + np.exp(-D @ w))
        g = -D.T @ (1 - p) / len(D) + l2 * w
        H = (D * (p * (1 - p))[:, None]).T @ D / len(D) + l2 * np.eye(3)
        w -= np.linalg.solve(H, g)
    return np.r_[w, 0]


def ranking_figures(queries, w):
    mrr = p1 = 0
    for v in queries.values():
        z = features(v) @ w
        order = np.argsort(-z, kind="stable")
        ranks = [k for k, i in enumerate(order[:10]) if v[i][2]]
        if ranks:
            mrr += 1 / (ranks[0] + 1)
            p1 += ranks[0] == 0
    return mrr / len(queries), p1 / len(queries)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv", nargs="+")
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--pairwise", action="store_true")
    args = ap.parse_args()
    queries = {}
    for i, path in enumerate(args.tsv):
        queries.update({f"{i}:{q}": v for q, v in read(path).items()})
    w = (fit_pairwise if args.pairwise else fit_pointwise)(queries, args.l2)
    mrr, p1 = ranking_figures(queries, w)
    print(f"queries {len(queries)}  in-sample MRR@10 {mrr:.3f}  P@1 {p1:.3f}")
    print(f"learned:{w[0]:.4f},{w[1]:.4f},{w[2]:.4f},{w[3]:.4f}")


if __name__ == "__main__":
    main()
