#!/usr/bin/env python3
"""Helper for bench/summarize.sh: run newsdesk on a summarisation set and print the comparison
table against the peers' anchors.

  sum_bench.py run   --bin NEWSDESK --set SET.jsonl --work DIR
      Writes DIR/in.jsonl ({"id","text","k"}: each record carries its own summary length), runs
      `NEWSDESK summarize -q -f jsonl` on it once untimed (warm-up), then timed as a whole
      process (wall clock, median of --repeat runs) on one thread and on all cores; checks
      that both agree, writes
      DIR/pred.jsonl in the scorer's prediction format {"id","summary","sentences":[str,...]}
      and DIR/timing.json.
  sum_bench.py table --anchors DIR --runs SET=WORKDIR [SET=WORKDIR ...]
      Reads peer-anchors/sum_<SET>.json and each WORKDIR/{timing,score}.json and prints one
      Markdown table.

Standard library only: it runs under any python3 (the scorer itself needs the peers' venv).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def cmd_run(a):
    recs = read_jsonl(a.set)
    os.makedirs(a.work, exist_ok=True)
    src = os.path.join(a.work, "in.jsonl")
    write_jsonl(src, ({"id": str(r["id"]), "text": r["text"], "k": int(r["k"])} for r in recs))

    def run(threads, dst, src=src):
        # Output to standard output redirected to the file, as in a pipeline. (`-o FILE` would
        # add a rename and an fsync for durability: a few milliseconds per run on this disk,
        # and these runs last tens of milliseconds.)
        cmd = [a.bin, "summarize", "-q", "-f", "jsonl"] + (["--threads", str(threads)] if threads else [])
        cmd.append(src)
        with open(dst, "wb") as out:
            t0 = time.perf_counter()
            p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
            wall = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"newsdesk failed (exit {p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
        return wall

    out1, outn = os.path.join(a.work, "out_1thread.jsonl"), os.path.join(a.work, "out_allcores.jsonl")
    run(1, out1)  # warm-up: binary and input in the page cache
    # A run takes a fraction of a second, so one burst of load from elsewhere on a shared
    # machine can double it: take the median of a few runs, alternating the two modes.
    walls1, wallsn, walls0 = [], [], []
    # The same process on an empty input: start-up, thread pool and exit, which the peers'
    # in-process timing does not include.
    empty, out0 = os.path.join(a.work, "empty.jsonl"), os.path.join(a.work, "out_empty.jsonl")
    open(empty, "w").close()
    for _ in range(a.repeat):
        walls1.append(run(1, out1))
        wallsn.append(run(None, outn))
        walls0.append(run(1, out0, src=empty))
    wall1, walln, wall0 = statistics.median(walls1), statistics.median(wallsn), statistics.median(walls0)
    got = read_jsonl(out1)
    if got != read_jsonl(outn):
        sys.exit("newsdesk gave different summaries on one thread and on all cores")
    if [o["id"] for o in got] != [str(r["id"]) for r in recs]:
        sys.exit(f"newsdesk returned {len(got)} records for {len(recs)} documents, or not in input order")
    write_jsonl(os.path.join(a.work, "pred.jsonl"),
                ({"id": o["id"], "summary": o["summary"], "sentences": [x["text"] for x in o["sentences"]]} for o in got))
    timing = {"n_docs": len(recs), "runs": a.repeat, "wall_s_1thread": wall1, "docs_per_s_1thread": len(recs) / wall1,
              "wall_s_allcores": walln, "docs_per_s_allcores": len(recs) / walln, "cores": os.cpu_count(),
              "wall_s_empty_input": wall0}
    with open(os.path.join(a.work, "timing.json"), "w", encoding="utf-8") as fh:
        json.dump(timing, fh, indent=2)
    print(f"{os.path.basename(a.set)}: {len(recs)} docs, {timing['docs_per_s_1thread']:,.0f} docs/s on one thread, "
          f"{timing['docs_per_s_allcores']:,.0f} on all {os.cpu_count()} cores (whole process)", file=sys.stderr)


def fig(res):
    g = res["rouge_f1_at_gold_length"]
    macro = res["sentence"]["macro"] or {"f1": 0.0}
    return {"R1": g["rouge1"]["mean_ref"], "R2": g["rouge2"]["mean_ref"], "RL": g["rougeL"]["mean_ref"],
            "sF1": macro["f1"]}


def ratio_fmt(r):
    return f"{r:,.0f}" if r >= 10 else f"{r:.2g}"


def cmd_table(a):
    head = ["set", "system", "R1", "R2", "RL", "sF1", "docs/s", "newsdesk/this R1", "newsdesk/this R2",
            "newsdesk/this docs/s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    verdicts = []
    for spec in a.runs:
        name, work = spec.split("=", 1)
        with open(os.path.join(a.anchors, f"sum_{name}.json"), encoding="utf-8") as fh:
            anchors = json.load(fh)
        with open(os.path.join(work, "score.json"), encoding="utf-8") as fh:
            nd = fig(json.load(fh))
        with open(os.path.join(work, "timing.json"), encoding="utf-8") as fh:
            timing = json.load(fh)
        nd["docs/s"] = timing["docs_per_s_1thread"]
        ndn = dict(nd, **{"docs/s": timing["docs_per_s_allcores"]})
        rows = [("newsdesk, 1 thread", nd, None), (f"newsdesk, {timing['cores']} cores", ndn, None)]
        for m, x in anchors["methods"].items():
            f = fig(x)
            f["docs/s"] = x["docs_per_s"]
            rows.append((m, f, tuple(nd[c] / f[c] if f[c] else None for c in ("R1", "R2", "docs/s"))))
        for m, f, ratio in rows:
            cells = [name, m] + [f"{f[c]:.4f}" for c in ("R1", "R2", "RL", "sF1")] + [f"{f['docs/s']:,.0f}"]
            cells += [("" if ratio is None else "-") if r is None else f"{r:.2f}" if i < 2 else ratio_fmt(r)
                      for i, r in enumerate(ratio or (None,) * 3)]
            lines.append("| " + " | ".join(cells) + " |")
        peers = [(m, f) for m, f, _ in rows[2:] if m != "random"]
        b1 = max(peers, key=lambda p: p[1]["R1"])
        b2 = max(peers, key=lambda p: p[1]["R2"])
        tr = anchors["methods"].get("textrank", {}).get("docs_per_s")
        v = (f"{name}: R1 {nd['R1']:.4f} vs best peer {b1[0]} {b1[1]['R1']:.4f} "
             f"({'above' if nd['R1'] > b1[1]['R1'] else 'NOT above'}); R2 {nd['R2']:.4f} vs {b2[0]} {b2[1]['R2']:.4f} "
             f"({'above' if nd['R2'] > b2[1]['R2'] else 'NOT above'})")
        if tr:
            v += f"; docs/s {nd['docs/s'] / tr:,.0f}x TextRank on 1 thread, {ndn['docs/s'] / tr:,.0f}x on {timing['cores']} cores"
            w0 = timing.get("wall_s_empty_input")
            if w0 is not None and timing["wall_s_1thread"] > w0:
                net = timing["n_docs"] / (timing["wall_s_1thread"] - w0)
                v += (f"; net of start-up (an empty input's run, {w0 * 1000:.1f} ms, taken off): "
                      f"{net:,.0f} docs/s, {net / tr:,.0f}x TextRank on 1 thread")
        verdicts.append(v)
    print("\n".join(lines))
    print()
    print("R1/R2/RL: ROUGE F1 at the gold extract's length (mean over references, then documents); sF1: macro")
    print("sentence F1 against the gold extract; docs/s: newsdesk = whole process (start-up, reading, summarising,")
    print("writing to standard output; median of --repeat runs), peers = selection only (sum_eval.py, one thread,")
    print("one run, no interpreter start-up, no reading or writing);")
    print("newsdesk/this: newsdesk on 1 thread / that row.")
    print()
    print("\n".join(verdicts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--bin", required=True)
    r.add_argument("--set", required=True)
    r.add_argument("--work", required=True)
    r.add_argument("--repeat", type=int, default=9, help="timed runs per mode; the median is reported")
    t = sub.add_parser("table")
    t.add_argument("--anchors", required=True)
    t.add_argument("--runs", nargs="+", required=True, metavar="SET=WORKDIR")
    a = ap.parse_args()
    {"run": cmd_run, "table": cmd_table}[a.cmd](a)


if __name__ == "__main__":
    main()
