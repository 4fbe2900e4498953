#!/usr/bin/env bash
# Extractive summaries: newsdesk against lead-k, random-k and sumy's LexRank, TextRank, LSA and
# Luhn on the same documents, each document summarised to its own gold length k.
#
#   bench/summarize.sh                      # easc_ar_dev cnn_en_dev bbc_news_summary_en
#   SETS="easc_ar_dev" bench/summarize.sh   # a subset
#   REUSE_PEERS=1 bench/summarize.sh        # keep bench/out/peer-anchors from an earlier run
#
# Needs the peers' venv ($PEERS_PY, default $HOME/.cache/newsdesk-peers/bin/python; set it up
# with ../shared/peers/setup.sh) and the sets in ../shared/bench-data/summarize. Everything is
# written under bench/out/ (git-ignored). Prints one Markdown table; details per set are in
# bench/out/sum/<set>/ (newsdesk's predictions, score.json, timing.json) and bench/out/peer-anchors/.
#
# Timing: newsdesk is timed as a whole process (start-up, reading, summarising, writing JSON to
# standard output redirected to a file), one process per set: each record carries its own "k",
# which `summarize` honours. It runs on one thread, like the peers, and on all cores, the median
# of 9 runs each (a run is a fraction of a second), and once more on an empty input, to show
# the rate net of process start-up as well. The peers' docs/s is sum_eval.py's (selection only,
# one thread, one run, no interpreter start-up).
# Compare ratios from one run: the machine may be shared.
# shellcheck source=bench/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
PEERS_DIR="${PEERS_DIR:-$PEERS}"
SUMSETS="${SUMSETS:-$BENCH_DATA/summarize}"
PEERS_PY="${PEERS_PY:-$PEER_PY}"
SETS="${SETS:-easc_ar_dev cnn_en_dev bbc_news_summary_en}"
OUT="$OUT_ROOT"

[ -x "$PEERS_PY" ] || die "the peers' Python venv is missing ($PEERS_PY): run $PEERS_DIR/setup.sh first, or set PEERS_PY"
[ -f "$PEERS_DIR/sum_eval.py" ] || die "no sum_eval.py in $PEERS_DIR (set PEERS_DIR)"
for s in $SETS; do
    [ -f "$SUMSETS/$s.jsonl" ] || die "no set $SUMSETS/$s.jsonl (set SUMSETS)"
done
command -v python3 >/dev/null || die "python3 is needed"

echo "building the release binary..." >&2
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/newsdesk"
[ -x "$BIN" ] || die "no binary at $BIN"

mkdir -p "$OUT"
cd "$OUT"
export SUMSETS
if [ "${REUSE_PEERS:-0}" = 1 ] && [ -n "$(ls peer-anchors/sum_*.json 2>/dev/null)" ]; then
    echo "reusing $OUT/peer-anchors" >&2
else
    echo "running the peers (sumy is slow: minutes)..." >&2
    # shellcheck disable=SC2086
    "$PEERS_PY" "$PEERS_DIR/sum_eval.py" peers --sets $SETS >&2
fi

RUNS=()
for s in $SETS; do
    [ -f "peer-anchors/sum_$s.json" ] || die "no peer anchors for $s in $OUT/peer-anchors"
    work="$OUT/sum/$s"
    rm -rf "$work"
    python3 "$ROOT/bench/sum_bench.py" run --bin "$BIN" --set "$SUMSETS/$s.jsonl" --work "$work"
    "$PEERS_PY" "$PEERS_DIR/sum_eval.py" score --set "$s" --pred "$work/pred.jsonl" --out "$work/score.json" >&2
    RUNS+=("$s=$work")
done

python3 "$ROOT/bench/sum_bench.py" table --anchors "$OUT/peer-anchors" --runs "${RUNS[@]}"
