#!/usr/bin/env python3
"""Table for bench/shipped.sh: a model on news_dcs_dev (per language) and on the topic sections
of real benchmark sets.

usage: shipped_report.py OUT_DIR NAME=GOLD.jsonl...   (predictions in OUT_DIR/NAME.pred.jsonl)
"""

import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import load_json  # noqa: E402

LABELS = ["diplomacy", "conflict", "sanctions", "other"]


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dev(out):
    print("== news_dcs_dev.jsonl")
    print(f"{'part':<6} {'records':>8} {'right':>6} {'accuracy':>9} {'macro-F1':>9} {'log loss':>9}")
    rep = load_json(os.path.join(out, "news_dcs_dev.json"))
    parts = [("all", rep)] + sorted(rep.get("by_language", {}).items())
    for part, r in parts:
        right = sum(row[i] for i, row in enumerate(r["confusion"]["matrix"]))
        print(f"{part:<6} {r['records']:>8} {right:>6} {r['accuracy']:>9.4f} {r['macro_f1']:>9.4f} "
              f"{r['log_loss']:>9.4f}")
    print()


def sections(out, pairs):
    counts = collections.defaultdict(collections.Counter)
    for pair in pairs:
        name, gold_path = pair.split("=", 1)
        set_name = name.split(".")[0]
        gold = jsonl(gold_path)
        pred = jsonl(os.path.join(out, f"{name}.pred.jsonl"))
        if len(gold) != len(pred):
            sys.exit(f"{name}: {len(gold)} records but {len(pred)} predictions")
        for g, p in zip(gold, pred):
            if g["id"] != p["id"]:
                sys.exit(f"{name}: record {g['id']} predicted as {p['id']}: the order differs")
            if p["label"] not in LABELS:
                sys.exit(f"{name}: the model labels {g['id']} {p['label']!r}, not one of {LABELS}: "
                         "this table is for models with the shipped model's labels")
            counts[(set_name, g["label"])][p["label"]] += 1
    print("== topic sections of real benchmark sets (train + test): share given each label")
    head = f"{'set':<9} {'section':<14} {'articles':>8} " + " ".join(f"{x:>10}" for x in LABELS)
    print(head)
    off = collections.Counter()
    for (set_name, section), c in sorted(counts.items()):
        n = sum(c.values())
        print(f"{set_name:<9} {section:<14} {n:>8} " + " ".join(f"{c[x] / n:>10.3f}" for x in LABELS))
        if section.lower() != "politics":
            off["articles"] += n
            off["other"] += c["other"]
    if off["articles"]:
        share = 1 - off["other"] / off["articles"]
        print(f"\nnon-politics sections: {off['articles']} articles, "
              f"{off['articles'] - off['other']} not labelled other ({share:.2%})")


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    dev(out)
    sections(out, pairs)


if __name__ == "__main__":
    main()
