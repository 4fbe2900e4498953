#!/usr/bin/env python3
"""Tables for bench/classify.sh: one per set, then the shipped model on news_dcs_dev.

usage: classify_report.py OUT_DIR CLASSIFY_DATA_DIR SET...
"""

import filecmp
import glob
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import fmt, load_json, median_runs, ratio, text_stats  # noqa: E402


def newsdesk_row(o, th):
    tr = sorted(glob.glob(f"{o}/train.t{th}.r*.time"))
    ev = sorted(glob.glob(f"{o}/eval.t{th}.r*.time"))
    if not tr or not ev:
        return None
    t, e = median_runs(tr), median_runs(ev)
    rep = load_json(sorted(glob.glob(f"{o}/eval.t{th}.r*.json"))[0])
    return {"name": f"newsdesk ({th} thread{'s' if th > 1 else ''})", "macro_f1": rep["macro_f1"],
            "accuracy": rep["accuracy"], "train_s": t["wall_s"], "predict_s": e["wall_s"],
            "train_cpu_s": t["cpu_s"], "predict_cpu_s": e["cpu_s"],
            "rss": f"{t['rss_mb']:.0f} / {e['rss_mb']:.0f}", "runs": t["runs"]}


def peer_rows(o):
    runs = [load_json(p) for p in sorted(glob.glob(f"{o}/peers.r*.json"))]
    if not runs:
        return [], None
    rows = []
    for i, m in enumerate(runs[0]["models"]):
        same = [r["models"][i] for r in runs if len(r["models"]) > i and r["models"][i]["name"] == m["name"]]
        rows.append({"name": m["name"], "macro_f1": m["macro_f1"], "accuracy": m["accuracy"],
                     "train_s": statistics.median(x["train_s"] for x in same),
                     "predict_s": statistics.median(x["predict_s"] for x in same),
                     "rss": "", "runs": len(same)})
    rss = median_runs(sorted(glob.glob(f"{o}/peers.r*.time")))["rss_mb"]
    return rows, rss


def one_set(out, data, name):
    o = f"{out}/{name}"
    n_tr, b_tr = text_stats(f"{data}/{name}/train.jsonl")
    n_te, b_te = text_stats(f"{data}/{name}/test.jsonl")
    mb = b_te / 1e6
    print(f"== {name}: train {n_tr} docs ({b_tr / 1e6:.2f} MB of text), test {n_te} docs ({mb:.2f} MB) ==")
    nd = [r for r in (newsdesk_row(o, th) for th in sorted({1, os.cpu_count() or 1})) if r]
    peers, peer_rss = peer_rows(o)
    hdr = (f"{'system':<22} {'macro-F1':>8} {'acc':>6} {'train s':>8} {'predict s':>9} {'test MB/s':>9} "
           f"{'peak RSS MB train/predict':>26}")
    print(hdr)
    print("-" * len(hdr))
    for r in nd + peers:
        r["mbps"] = ratio(mb, r["predict_s"])
        print(f"{r['name']:<22} {r['macro_f1']:>8.4f} {r['accuracy']:>6.4f} {r['train_s']:>8.3f} "
              f"{r['predict_s']:>9.3f} {fmt(r['mbps'], '>9.2f')} {r['rss']:>26}")
    if peer_rss is not None:
        print(f"(peers: one Python process runs all four; its peak RSS {peer_rss:.0f} MB)")
    svc = next((p for p in peers if "linearsvc" in p["name"]), None)
    ft = next((p for p in peers if p["name"].startswith("fasttext")), None)
    for r in nd:
        print(f"{r['name']}: train speed-up vs LinearSVC x{fmt(ratio(svc and svc['train_s'], r['train_s']), '.2f')}"
              f", predict MB/s vs fastText x{fmt(ratio(r['mbps'], ft and ft['mbps']), '.2f')}"
              f", macro-F1 minus LinearSVC's {fmt(svc and r['macro_f1'] - svc['macro_f1'], '+.4f')}"
              f"  (CPU s: train {r['train_cpu_s']:.2f}, predict {r['predict_cpu_s']:.2f})")
    models = sorted(glob.glob(f"{o}/model.t*.r*"))
    if len(models) > 1:
        same = all(filecmp.cmp(models[0], m, shallow=False) for m in models[1:])
        print(f"model files of all {len(models)} trainings (1 and all threads) identical: {'yes' if same else 'NO'}")
    runs = nd[0]["runs"] if nd else 0
    print(f"(newsdesk: median of {runs} runs, whole processes incl. start-up, model load and JSON reading; "
          f"peers: median of {peers[0]['runs'] if peers else 0}, their own in-process timings)")
    print()


def shipped(out):
    p = f"{out}/news_dcs_dev.json"
    if not os.path.exists(p):
        return
    rep = load_json(p)
    t = median_runs(sorted(glob.glob(f"{out}/news_dcs_dev.r*.time")))
    which = "shipped model"
    if os.path.exists(f"{out}/news_dcs_dev.model.txt"):
        which = open(f"{out}/news_dcs_dev.model.txt", encoding="utf-8").read().strip()
    print(f"== {which} on news_dcs_dev.jsonl: {rep['records']} records "
          f"(eval {t['wall_s']:.2f} s, peak RSS {t['rss_mb']:.0f} MB) ==")
    hdr = f"{'subset':<10} {'records':>7} {'accuracy':>8} {'macro-F1':>8}   per-label F1"
    print(hdr)
    print("-" * (len(hdr) + 40))
    rows = [("all", rep)] + sorted(rep.get("by_language", {}).items())
    for name, r in rows:
        per = "  ".join(f"{lab} {c['f1']:.3f} (n={c['support']})" for lab, c in r["per_class"].items())
        print(f"{name:<10} {r['records']:>7} {r['accuracy']:>8.4f} {r['macro_f1']:>8.4f}   {per}")
    if rep.get("unlabelled") or rep.get("unknown_labels") or rep.get("errors"):
        print(f"not scored: unlabelled {rep.get('unlabelled')}, unknown labels {rep.get('unknown_labels')}, "
              f"errors {rep.get('errors')}")
    print()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, data, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
    mpath = f"{out}/machine.txt"
    if os.path.exists(mpath):
        print(open(mpath, encoding="utf-8").read().strip())
        print()
    for s in sets:
        one_set(out, data, s)
    shipped(out)


if __name__ == "__main__":
    main()
