#!/usr/bin/env bash
# Throughput benchmark: newsdesk classify / summarize / analyze on a large JSONL input (>= 200 MB
# of real news text, the bench-data sets repeated with unique ids), at --threads 1 and at all
# threads, against a bare read+tokenise+normalise pass and against the peers doing the same jobs
# on the same files (scikit-learn TF-IDF+LinearSVC predict, fastText predict, sumy TextRank on a
# fixed sample). Also checks that `analyze` writes one record per input record, in input order.
#
#   bench/throughput.sh
#   TARGET_MB=50 RUNS=1 bench/throughput.sh      # a quicker, smaller run
#
# Environment: TARGET_MB (default 200), RUNS (newsdesk runs per setting, median; default 3),
# SAMPLE_N (records for sumy TextRank; default 300). Outputs: bench/out/throughput/.

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-3}"
TARGET_MB="${TARGET_MB:-200}"
SAMPLE_N="${SAMPLE_N:-300}"
OUT="$OUT_ROOT/throughput"
CORPUS="$ROOT/data/corpus"

need_tools
need_bench_data
need_peers
need_newsdesk
[ -d "$CORPUS" ] || die "$CORPUS is missing (the peers train on the shipped model's own corpus)"
(cd "$ROOT" && cargo build --release --quiet --example bare_pass) || die "cannot build examples/bare_pass"
BARE="$ROOT/target/release/examples/bare_pass"

mkdir -p "$OUT"
BIG="$OUT/big.jsonl"
SAMPLE="$OUT/sample.jsonl"
echo "building $BIG (>= $TARGET_MB MB of text) and a $SAMPLE_N-record sample" >&2
python3 "$ROOT/bench/make_big.py" "$BENCH_DATA" "$BIG" "$SAMPLE" "$TARGET_MB" "$SAMPLE_N" >"$OUT/big.json"
rm -f "$OUT"/*.time "$OUT"/peer-*.json

machine_note >"$OUT/machine.txt"
echo "newsdesk: $NEWSDESK ($("$NEWSDESK" --version)); runs: newsdesk $RUNS (median), peers 1" >>"$OUT/machine.txt"
ALL="$(nproc)"

# Warm the page cache so the first timed run does not pay for the disk.
cat "$BIG" >/dev/null

for r in $(seq 1 "$RUNS"); do
    echo "run $r/$RUNS: bare pass, read-only pass" >&2
    timed "$OUT/bare.r$r.time" "$BARE" "$BIG" >"$OUT/bare.json"
    timed "$OUT/readonly.r$r.time" "$BARE" --read-only "$BIG" >"$OUT/readonly.json"
    for cmd in classify summarize analyze; do
        for th in 1 "$ALL"; do
            echo "run $r/$RUNS: newsdesk $cmd --threads $th" >&2
            # Standard output to /dev/null (not `-o /dev/null`: -o writes a temporary file beside
            # its target and renames it into place).
            timed "$OUT/$cmd.t$th.r$r.time" "$NEWSDESK" --threads "$th" -q "$cmd" --format jsonl "$BIG" >/dev/null
        done
    done
    timed "$OUT/sample-summarize.r$r.time" "$NEWSDESK" --threads 1 -q summarize --format jsonl "$SAMPLE" >/dev/null
    timed "$OUT/sample-analyze.r$r.time" "$NEWSDESK" --threads 1 -q analyze --format jsonl "$SAMPLE" >/dev/null
done

echo "analyze to a file (-o), for the order check" >&2
timed "$OUT/analyze-file.time" "$NEWSDESK" -q analyze --format jsonl -o "$OUT/analyze.jsonl" "$BIG"

echo "peers: sklearn TF-IDF+LinearSVC predict, fastText predict (trained on $CORPUS first), sumy TextRank on the sample" >&2
for job in sklearn fasttext; do
    timed "$OUT/peer-$job.time" env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        "$PEER_PY" "$ROOT/bench/peer_throughput.py" "$job" --peers "$PEERS" --train "$CORPUS" --big "$BIG" \
        --out "$OUT/peer-$job.json" >/dev/null
done
timed "$OUT/peer-textrank.time" env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 \
    "$PEER_PY" "$ROOT/bench/peer_throughput.py" textrank --peers "$PEERS" --big "$SAMPLE" \
    --out "$OUT/peer-textrank.json" >/dev/null

python3 "$ROOT/bench/throughput_report.py" "$OUT" "$ALL" | tee "$OUT/report.txt"
