#!/usr/bin/env bash
# Classification benchmark: newsdesk against the peer baselines (scikit-learn TF-IDF + LinearSVC /
# ComplementNB / LogReg, fastText), on every set in $BENCH_DATA/classify/*/, in one run.
#
# For each set, newsdesk trains on train.jsonl and is scored on test.jsonl; train and predict
# (`newsdesk eval`) are timed as whole processes with /usr/bin/time -v (wall seconds, peak RSS),
# at --threads 1 and at all threads, RUNS times each (the median is reported). The peers run in
# the same job (one thread, OMP_NUM_THREADS=1), PEER_RUNS times, and report their own timings.
# Then the shipped model is scored on news_dcs_dev.jsonl (overall and per language).
#
#   bench/classify.sh                   # all sets
#   SETS="bbc_en unquad_en" RUNS=1 bench/classify.sh
#   TRAIN_ARGS="--char-ngrams 2..4" PEER_RUNS=0 bench/classify.sh   # a variant, newsdesk only
#
# TRAIN_ARGS: extra `newsdesk train` options (a feature variant). Then news_dcs_dev.jsonl is
# scored with a model trained from data/corpus with them (not the shipped one), and the outputs
# go to bench/out/classify-VARIANT/ (VARIANT: TAG if set, else TRAIN_ARGS made file-safe).
# PEER_RUNS=0 skips the peers (and the need for their venv).
#
# Outputs: bench/out/classify/ (report.txt is the tables).

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RUNS="${RUNS:-3}"
PEER_RUNS="${PEER_RUNS:-1}"
read -r -a train_args <<<"${TRAIN_ARGS:-}"
OUT="$OUT_ROOT/classify"
if [ "${#train_args[@]}" -gt 0 ]; then
    OUT="$OUT-${TAG:-$(echo "${train_args[*]}" | tr -c 'A-Za-z0-9.\n' '_' | sed 's/^_*//')}"
fi

need_tools
need_bench_data
[ "$PEER_RUNS" -eq 0 ] || need_peers
need_newsdesk

if [ -n "${SETS:-}" ]; then
    read -r -a sets <<<"$SETS"
else
    sets=()
    for d in "$BENCH_DATA"/classify/*/; do
        sets+=("$(basename "$d")")
    done
fi
[ "${#sets[@]}" -gt 0 ] || die "no sets found in $BENCH_DATA/classify/*/"

mkdir -p "$OUT"
machine_note >"$OUT/machine.txt"
echo "newsdesk: $NEWSDESK ($("$NEWSDESK" --version)); runs: newsdesk $RUNS, peers $PEER_RUNS" >>"$OUT/machine.txt"
echo "train options: ${train_args[*]:-(defaults)}" >>"$OUT/machine.txt"

for set in "${sets[@]}"; do
    train="$BENCH_DATA/classify/$set/train.jsonl"
    test="$BENCH_DATA/classify/$set/test.jsonl"
    [ -f "$train" ] && [ -f "$test" ] || die "$set: train.jsonl or test.jsonl missing"
    o="$OUT/$set"
    rm -rf "$o"
    mkdir -p "$o"
    for r in $(seq 1 "$RUNS"); do
        for th in 1 "$(nproc)"; do
            echo "[$set] newsdesk threads=$th run $r/$RUNS: train, eval" >&2
            m="$o/model.t$th.r$r"
            timed "$o/train.t$th.r$r.time" "$NEWSDESK" --threads "$th" -q train "$train" --output "$m" \
                --format json ${train_args[@]+"${train_args[@]}"} >"$o/train.t$th.r$r.json"
            timed "$o/eval.t$th.r$r.time" "$NEWSDESK" --threads "$th" -q eval --model "$m" --format json \
                -o "$o/eval.t$th.r$r.json" "$test"
        done
    done
    for r in $(seq 1 "$PEER_RUNS"); do
        echo "[$set] peers run $r/$PEER_RUNS (svc, cnb, lr, fasttext)" >&2
        timed "$o/peers.r$r.time" env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
            "$PEER_PY" "$PEERS/clf_baselines.py" --train "$train" --test "$test" \
            --models svc,cnb,lr,fasttext --ft-epoch 25 --ft-lr 1.0 --out "$o/peers.r$r.json" \
            >"$o/peers.r$r.log"
    done
done

dev="$BENCH_DATA/classify/news_dcs_dev.jsonl"
if [ -f "$dev" ]; then
    model=()
    if [ "${#train_args[@]}" -gt 0 ]; then
        echo "[news_dcs_dev] a model trained on data/corpus with: ${train_args[*]}" >&2
        "$NEWSDESK" -q train "$ROOT/data/corpus" --output "$OUT/corpus.model" "${train_args[@]}" >/dev/null
        model=(--model "$OUT/corpus.model")
        echo "model trained on data/corpus with ${train_args[*]}" >"$OUT/news_dcs_dev.model.txt"
    else
        echo "[news_dcs_dev] shipped model" >&2
    fi
    for r in $(seq 1 "$RUNS"); do
        timed "$OUT/news_dcs_dev.r$r.time" "$NEWSDESK" -q eval ${model[@]+"${model[@]}"} --format json \
            -o "$OUT/news_dcs_dev.json" "$dev"
    done
else
    echo "warning: $dev missing; the shipped model is not scored" >&2
fi

python3 "$ROOT/bench/classify_report.py" "$OUT" "$BENCH_DATA/classify" "${sets[@]}" | tee "$OUT/report.txt"
