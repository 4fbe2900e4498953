# Shared set-up for the benchmark scripts (sourced, not run).
#
# Environment:
#   BENCH_DATA   third-party evaluation data   (default: ../shared/bench-data beside the repo)
#   PEERS        peer baseline scripts           (default: ../shared/peers beside the repo)
#   PEER_PY      the peers' Python               (default: $HOME/.cache/newsdesk-peers/bin/python)
#   NEWSDESK     a newsdesk binary to measure    (default: build target/release/newsdesk)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DATA="${BENCH_DATA:-$ROOT/../shared/bench-data}"
PEERS="${PEERS:-$ROOT/../shared/peers}"
PEER_PY="${PEER_PY:-$HOME/.cache/newsdesk-peers/bin/python}"
OUT_ROOT="$ROOT/bench/out"

die() {
    echo "error: $*" >&2
    exit 2
}

need_tools() {
    [ -x /usr/bin/time ] || die "/usr/bin/time is missing (GNU time; Debian package 'time'): it measures wall time and peak RSS"
    command -v python3 >/dev/null || die "python3 is missing (used to build inputs and print the tables)"
}

need_bench_data() {
    [ -d "$BENCH_DATA" ] || die "benchmark data not found at $BENCH_DATA (set BENCH_DATA=/path/to/bench-data)"
    [ -d "$BENCH_DATA/classify" ] || die "$BENCH_DATA/classify is missing"
}

need_peers() {
    [ -f "$PEERS/clf_baselines.py" ] || die "peer scripts not found at $PEERS (set PEERS=/path/to/peers)"
    [ -x "$PEER_PY" ] || die "peer Python not found at $PEER_PY: create the venv with $PEERS/setup.sh (or set PEER_PY)"
    "$PEER_PY" -c 'import sklearn, fasttext, sumy' 2>/dev/null \
        || die "the peers venv ($PEER_PY) cannot import sklearn, fasttext and sumy: re-run $PEERS/setup.sh"
}

# Build the release binary once (unless NEWSDESK points at one) and set $NEWSDESK.
need_newsdesk() {
    if [ -z "${NEWSDESK:-}" ]; then
        (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
        NEWSDESK="$ROOT/target/release/newsdesk"
    fi
    [ -x "$NEWSDESK" ] || die "newsdesk binary not found at $NEWSDESK"
}

# timed FILE CMD...: run CMD under /usr/bin/time -v, its report in FILE. Fails if CMD fails.
timed() {
    local f="$1" t0 t1
    shift
    # /usr/bin/time gives wall time in hundredths of a second, a quarter of a 0.02 s run. So
    # the command runs under a bash that reads its microsecond clock just before starting it
    # and just after it ends (no extra process in between; bash's own start-up falls outside
    # that interval, though it is in time's CPU seconds, about 1 ms, and its peak RSS is a
    # floor of about 3 MB). The report prefers that figure. (A command killed by a signal now
    # shows as time's "Exit status: 128+N" rather than "terminated by signal N".)
    rm -f "$f.clock"
    if ! /usr/bin/time -v -o "$f" bash -c \
        'c=$1; shift; t0=$EPOCHREALTIME; "$@"; s=$?; t1=$EPOCHREALTIME; echo "${t0/[.,]/} ${t1/[.,]/}" >"$c"; exit $s' \
        timed "$f.clock" "$@"; then
        echo "error: command failed: $*" >&2
        tail -n 5 "$f" >&2 || true
        rm -f "$f.clock"
        exit 1
    fi
    read -r t0 t1 <"$f.clock" || true
    rm -f "$f.clock"
    # An old bash (before 5.0) has no $EPOCHREALTIME: time's own figure is used then.
    if [ -n "${t0:-}" ] && [ -n "${t1:-}" ]; then
        echo "	Wall clock, microseconds (bash): $((t1 - t0))" >>"$f"
    fi
}

# One line describing the machine and its load now (the machine is shared: read the figures
# with this in mind).
machine_note() {
    local cpu
    cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
    echo "machine: $(nproc) cores (${cpu:-unknown CPU}); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
}
