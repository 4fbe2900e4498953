"""Small helpers shared by the benchmark report scripts (plain Python 3, standard library only)."""

import json
import re
import statistics


def parse_time_v(path):
    """Read a `/usr/bin/time -v` report: wall seconds (to the microsecond when `timed` added
    its own clock), CPU seconds and peak RSS in MB."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            key, _, val = line.strip().rpartition(": ")
            if key.startswith("Elapsed (wall clock) time"):
                secs = 0.0
                for part in val.split(":"):
                    secs = secs * 60 + float(part)
                out["wall_s"] = secs
            elif key == "Wall clock, microseconds (bash)":
                out["wall_us"] = int(val)
            elif key == "User time (seconds)":
                out["user_s"] = float(val)
            elif key == "System time (seconds)":
                out["sys_s"] = float(val)
            elif key == "Maximum resident set size (kbytes)":
                out["rss_mb"] = int(val) / 1024
            elif key == "Exit status":
                out["exit"] = int(val)
    if "wall_s" not in out:
        raise ValueError(f"{path}: not a /usr/bin/time -v report")
    # The finer clock, when the report has it (`timed` in common.sh adds it).
    if "wall_us" in out:
        out["wall_s"] = out.pop("wall_us") / 1e6
    out["cpu_s"] = out.get("user_s", 0.0) + out.get("sys_s", 0.0)
    return out


def median_runs(paths):
    """Median of each field over several `/usr/bin/time -v` reports."""
    runs = [parse_time_v(p) for p in paths]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": len(runs)}


def text_stats(path):
    """Records and UTF-8 bytes of the "text" (and "title") fields of a JSONL file."""
    n = b = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            n += 1
            b += len(r.get("text", "").encode("utf-8"))
            if r.get("title"):
                b += len(r["title"].encode("utf-8")) + 1
    return n, b


def load_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def fmt(x, spec):
    """format(x, spec), or "-" padded to the spec's width when x is None."""
    if x is not None:
        return format(x, spec)
    m = re.match(r"([<>^]?)(\d*)", spec)
    return format("-", f"{m.group(1) or '>'}{m.group(2)}")


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b
