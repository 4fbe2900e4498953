#!/usr/bin/env python3
"""Build the large JSONL input of bench/throughput.sh by repeating real sets.

usage: make_big.py BENCH_DATA OUT.jsonl SAMPLE.jsonl TARGET_MB SAMPLE_N

One pass is every classify test/train file and every summarize file under BENCH_DATA, in sorted
order; passes are repeated until the text reaches TARGET_MB (10^6 bytes). Each output record is
{"id", "lang", "text"} (plus "title" if the source has one); ids are made unique across
sources and passes ("SOURCE:ID#pPASS"). SAMPLE.jsonl gets SAMPLE_N records spread evenly over the first pass (the same mix
of sets as the big file), for the slow peers. Prints a JSON summary.
"""

import glob
import json
import os
import sys


def sources(data):
    files = sorted(glob.glob(f"{data}/classify/*/test.jsonl") + glob.glob(f"{data}/classify/*/train.jsonl"))
    files += sorted(glob.glob(f"{data}/summarize/*.jsonl"))
    if not files:
        sys.exit(f"error: no classify/*/{{train,test}}.jsonl or summarize/*.jsonl under {data}")
    return files


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    data, out, sample_out, target_mb, sample_n = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(
        sys.argv[5])
    one_pass = []
    for path in sources(data):
        # Sets may share ids (the BBC classification and summary sets do): prefix the source.
        src = os.path.relpath(path, data).removesuffix(".jsonl")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                r = json.loads(line)
                rec = {"id": f"{src}:{r['id']}", "lang": r.get("lang"), "text": r["text"]}
                if r.get("title"):
                    rec["title"] = r["title"]
                one_pass.append(rec)
    pass_bytes = sum(len(r["text"].encode("utf-8")) + (len(r["title"].encode("utf-8")) + 1 if "title" in r else 0)
                     for r in one_pass)
    passes = max(1, -(-int(target_mb * 1e6) // pass_bytes))
    ids = set()
    with open(out, "w", encoding="utf-8") as fh:
        for p in range(passes):
            for r in one_pass:
                rec = dict(r, id=f"{r['id']}#p{p}")
                if rec["id"] in ids:
                    sys.exit(f"error: duplicate id {rec['id']}")
                ids.add(rec["id"])
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    step = max(1, len(one_pass) // sample_n)
    sample = [dict(r, id=f"{r['id']}#p0") for r in one_pass[::step][:sample_n]]
    with open(sample_out, "w", encoding="utf-8") as fh:
        for r in sample:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    sample_bytes = sum(len(r["text"].encode("utf-8")) + (len(r["title"].encode("utf-8")) + 1 if "title" in r else 0)
                       for r in sample)
    print(json.dumps({"records": len(one_pass) * passes, "text_bytes": pass_bytes * passes, "passes": passes,
                      "records_per_pass": len(one_pass), "sample_records": len(sample),
                      "sample_text_bytes": sample_bytes, "sources": sources(data)}))


if __name__ == "__main__":
    main()
