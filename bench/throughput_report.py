#!/usr/bin/env python3
"""Table for bench/throughput.sh, and the analyze order check.

usage: throughput_report.py OUT_DIR ALL_THREADS
"""

import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import fmt, load_json, median_runs, parse_time_v, ratio  # noqa: E402


def order_check(big, out):
    """analyze output: one record per input record, same ids, same order."""
    n_in = n_out = 0
    first_bad = None
    with open(big, encoding="utf-8") as fi, open(out, encoding="utf-8") as fo:
        while True:
            li, lo = fi.readline(), fo.readline()
            if not li and not lo:
                break
            if li:
                n_in += 1
            if lo:
                n_out += 1
            if first_bad is None:
                id_in = json.loads(li)["id"] if li else None
                rec = json.loads(lo) if lo else {}
                if rec.get("id") != id_in or "error" in rec:
                    first_bad = (n_in, id_in, rec.get("id"), rec.get("error"))
    ok = n_in == n_out and first_bad is None
    msg = f"analyze order check: {n_in} input records, {n_out} output records, ids in input order: "
    msg += "OK" if ok else f"FAILED (first mismatch at line {first_bad}: input id, output id, error)"
    return ok, msg


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, all_t = sys.argv[1], int(sys.argv[2])
    big = load_json(f"{out}/big.json")
    n, mb = big["records"], big["text_bytes"] / 1e6
    sn, smb = big["sample_records"], big["sample_text_bytes"] / 1e6
    print(open(f"{out}/machine.txt", encoding="utf-8").read().strip())
    print(f"input: {out}/big.jsonl, {n} records, {mb:.1f} MB of text ({big['passes']} passes over "
          f"{len(big['sources'])} files of bench-data); sample: {sn} records, {smb:.2f} MB")
    print()

    rows = {}

    def add(key, name, threads, secs, docs, mbytes, rss, note="", cpu=None):
        rows[key] = {"name": name, "threads": threads, "s": secs, "docs_s": ratio(docs, secs),
                     "mb_s": ratio(mbytes, secs), "rss": rss, "note": note, "cpu": cpu,
                     "mb_cpu": ratio(mbytes, cpu), "docs_cpu": ratio(docs, cpu)}

    def nd(key, pattern, name, threads, docs, mbytes, note=""):
        files = sorted(glob.glob(f"{out}/{pattern}"))
        if files:
            m = median_runs(files)
            add(key, name, threads, m["wall_s"], docs, mbytes, m["rss_mb"], note or f"median of {m['runs']}",
                m["cpu_s"])

    for cmd in ("classify", "summarize", "analyze"):
        for th in sorted({1, all_t}):
            nd(f"{cmd}{th}", f"{cmd}.t{th}.r*.time", f"newsdesk {cmd}", th, n, mb)
    nd("bare", "bare.r*.time", "bare pass: read + tokenise + normalise", 1, n, mb)
    nd("read", "readonly.r*.time", "read-only pass: read + parse JSONL", 1, n, mb)
    for job, name in (("sklearn", "sklearn TF-IDF+LinearSVC predict"), ("fasttext", "fastText predict")):
        p = f"{out}/peer-{job}.json"
        if os.path.exists(p):
            r = load_json(p)
            rss = parse_time_v(f"{out}/peer-{job}.time")["rss_mb"]
            add(job, name, 1, r["compute_s"], r["records"], r["text_bytes"] / 1e6, rss, "job only",
                r.get("compute_cpu_s"))
            add(job + "_all", name + " + JSON reading", 1, r["compute_s"] + r["read_s"], r["records"],
                r["text_bytes"] / 1e6, rss, "")
    p = f"{out}/peer-textrank.json"
    if os.path.exists(p):
        r = load_json(p)
        rss = parse_time_v(f"{out}/peer-textrank.time")["rss_mb"]
        add("textrank", f"sumy TextRank k=3 ({sn}-record sample)", 1, r["compute_s"], r["records"],
            r["text_bytes"] / 1e6, rss, "split+summarise", r.get("compute_cpu_s"))
    nd("s_sum", "sample-summarize.r*.time", f"newsdesk summarize ({sn}-record sample)", 1, sn, smb)
    nd("s_ana", "sample-analyze.r*.time", f"newsdesk analyze ({sn}-record sample)", 1, sn, smb)

    hdr = f"{'job':<46} {'threads':>7} {'seconds':>8} {'MB/s':>7} {'docs/s':>8} {'peak RSS MB':>11} {'CPU s':>7} {'MB/CPU-s':>8}  note"
    print(hdr)
    print("-" * len(hdr))
    for r in rows.values():
        print(f"{r['name']:<46} {r['threads']:>7} {r['s']:>8.2f} {fmt(r['mb_s'], '>7.2f')} "
              f"{fmt(r['docs_s'], '>8.0f')} {r['rss']:>11.0f} {fmt(r['cpu'], '>7.2f')} {fmt(r['mb_cpu'], '>8.2f')}  {r['note']}")
    print("(seconds = wall clock. newsdesk rows: whole processes, CPU s = user + system of the process.")
    print(" Peer rows: the peers' in-process timings of the job, training not included; CPU s = process_time.")
    print(" MB/CPU-s is throughput per CPU second, less sensitive to other load on a shared machine.)")
    print()

    def g(key, field):
        return rows[key][field] if key in rows else None

    print("ratios (newsdesk / other):")
    for th in sorted({1, all_t}):
        print(f"  classify MB/s at {th} thread(s) vs fastText (1 thread, job only): "
              f"x{fmt(ratio(g(f'classify{th}', 'mb_s'), g('fasttext', 'mb_s')), '.2f')}; "
              f"vs sklearn: x{fmt(ratio(g(f'classify{th}', 'mb_s'), g('sklearn', 'mb_s')), '.2f')}")
    print(f"  classify per CPU second (1 thread) vs fastText: "
          f"x{fmt(ratio(g('classify1', 'mb_cpu'), g('fasttext', 'mb_cpu')), '.2f')}; "
          f"vs sklearn: x{fmt(ratio(g('classify1', 'mb_cpu'), g('sklearn', 'mb_cpu')), '.2f')}")

    def pair(field):
        sk, tr = g("sklearn", field), g("textrank", field)
        return 1 / (1 / sk + 1 / tr) if sk and tr else None

    print(f"  sklearn classify + sumy TextRank, per document one after the other: {fmt(pair('docs_s'), '.0f')} docs/s"
          f" ({fmt(pair('docs_cpu'), '.0f')} docs per CPU second)")
    for th in sorted({1, all_t}):
        print(f"  analyze docs/s at {th} thread(s) vs (sklearn + TextRank): "
              f"x{fmt(ratio(g(f'analyze{th}', 'docs_s'), pair('docs_s')), '.1f')}")
    print(f"  analyze docs per CPU second (1 thread) vs (sklearn + TextRank): "
          f"x{fmt(ratio(g('analyze1', 'docs_cpu'), pair('docs_cpu')), '.1f')}")
    tr = g("textrank", "docs_s")
    print(f"  on the {sn}-record sample: newsdesk summarize vs TextRank "
          f"x{fmt(ratio(g('s_sum', 'docs_s'), tr), '.1f')} (newsdesk whole process, start-up included)")
    if all_t > 1:
        for cmd in ("classify", "summarize", "analyze"):
            use = [ratio(g(f"{cmd}{th}", "cpu"), g(f"{cmd}{th}", "s")) for th in (1, all_t)]
            print(f"  {cmd}: {all_t} threads vs 1 thread: x{fmt(ratio(g(f'{cmd}{all_t}', 'mb_s'), g(f'{cmd}1', 'mb_s')), '.2f')}"
                  f" (cores kept busy: {fmt(use[0], '.2f')} at 1 thread, {fmt(use[1], '.2f')} at {all_t}; below"
                  f" {all_t} means the process waited for CPU or for its own serial parts)")
    print(f"  classify MB/s (1 thread) vs bare pass: {fmt(ratio(g('classify1', 'mb_s'), g('bare', 'mb_s')), '.2f')}"
          f" (bare pass vs read-only: {fmt(ratio(g('bare', 'mb_s'), g('read', 'mb_s')), '.2f')})")
    print()
    ok, msg = order_check(f"{out}/big.jsonl", f"{out}/analyze.jsonl")
    t = parse_time_v(f"{out}/analyze-file.time")
    print(f"{msg}  (that run: {all_t} threads, -o file, {t['wall_s']:.1f} s, peak RSS {t['rss_mb']:.0f} MB)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
