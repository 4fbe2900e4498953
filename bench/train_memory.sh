#!/usr/bin/env bash
# Training at scale: peak memory and time of `newsdesk train` on ~100k articles (SANAD Arabic
# and BBC English training sets repeated, each copy with its own ids), and the size of the
# TF-IDF matrix it trains on, to compare the peak with what training cannot do without.
#
#   bench/train_memory.sh
#   DOCS=20000 bench/train_memory.sh         # a quicker, smaller run
#
# Environment: DOCS (at least this many articles; default 100000), WORK (where the big input and
# the model go; default /tmp/newsdesk-train-memory: never inside the repository).

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DOCS="${DOCS:-100000}"
WORK="${WORK:-/tmp/newsdesk-train-memory}"

need_tools
need_bench_data
need_newsdesk

mkdir -p "$WORK"
BIG="$WORK/train-$DOCS.jsonl"
if [ ! -s "$BIG" ]; then
    echo "building $BIG (>= $DOCS articles)" >&2
    python3 - "$BENCH_DATA" "$BIG" "$DOCS" <<'EOF'
import json, sys
data, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
one = []
for name in ("sanad_ar", "bbc_en"):
    with open(f"{data}/classify/{name}/train.jsonl", encoding="utf-8") as fh:
        one += [json.loads(l) for l in fh if l.strip()]
n = 0
with open(out, "w", encoding="utf-8") as fh:
    p = 0
    while n < want:
        for r in one:
            fh.write(json.dumps({"id": f"{r['id']}#p{p}", "label": r["label"], "text": r["text"]}, ensure_ascii=False) + "\n")
            n += 1
        p += 1
print(f"{n} articles, {p} passes", file=sys.stderr)
EOF
fi

machine_note
echo "input: $BIG ($(wc -l <"$BIG") articles, $(du -m "$BIG" | cut -f1) MB)"
timed "$WORK/train.time" "$NEWSDESK" train "$BIG" --output "$WORK/x.model" --format json -q >"$WORK/train.json"
grep -E 'Elapsed|Maximum resident|User time|System time' "$WORK/train.time"
python3 - "$WORK/train.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"documents {r['documents']}, vocabulary {r['vocabulary']}")
m = r.get("matrix")
if m:
    size = m["nnz"] * 8 + (m["rows"] + 1) * 8
    print(f"matrix: {m['rows']} rows, {m['nnz']} non-zeros: {size / 1e6:.1f} MB (nnz x (4 + 4) + (rows + 1) x 8)")
EOF
