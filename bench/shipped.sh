#!/usr/bin/env bash
# How the shipped model (or MODEL=PATH) does on real news it was not trained on, in one table:
#
# 1. news_dcs_dev.jsonl (154 hand-labelled articles on our four labels): articles right,
#    accuracy, macro-F1 and log loss, overall and per language (`newsdesk eval`'s by_language).
# 2. The topic sections of the benchmark sets (sanad_ar and bbc_en, train and test splits, about
#    7,700 real articles): what share of each section the model labels diplomacy, conflict,
#    sanctions or other. Culture, finance, health, religion, sport, technology, entertainment and
#    business pages are almost all `other` by our label definitions, so their non-`other` share
#    is the false-alarm rate an analyst would see on general news. The politics sections are mixed
#    (no gold label here), shown for the spread.
#
#   bench/shipped.sh                    # the embedded model
#   MODEL=/tmp/candidate.model bench/shipped.sh   # any model with the same four labels
#
# Outputs: bench/out/shipped[-TAG]/ (report.txt is the table).

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT="$OUT_ROOT/shipped${TAG:+-$TAG}"
command -v python3 >/dev/null || die "python3 is missing (it prints the table)"
need_bench_data
need_newsdesk

model=()
[ -z "${MODEL:-}" ] || model=(--model "$MODEL")
mkdir -p "$OUT"
machine_note >"$OUT/machine.txt"
echo "model: ${MODEL:-embedded}" >>"$OUT/machine.txt"

dev="$BENCH_DATA/classify/news_dcs_dev.jsonl"
[ -f "$dev" ] || die "$dev is missing"
"$NEWSDESK" -q eval ${model[@]+"${model[@]}"} --format json -o "$OUT/news_dcs_dev.json" "$dev"

sections=()
for set in sanad_ar bbc_en; do
    for split in train test; do
        f="$BENCH_DATA/classify/$set/$split.jsonl"
        [ -f "$f" ] || die "$f is missing"
        "$NEWSDESK" -q classify ${model[@]+"${model[@]}"} --format jsonl -o "$OUT/$set.$split.pred.jsonl" "$f"
        sections+=("$set.$split=$f")
    done
done

python3 "$ROOT/bench/shipped_report.py" "$OUT" "${sections[@]}" | tee "$OUT/report.txt"
