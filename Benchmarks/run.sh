#!/usr/bin/env bash
# Builds the LuaBridge benchmarks in release mode (the benchmark plugin does), runs
# every benchmark once and prints each pair's time per operation, the ratio, and
# the target from README.md. A missed target is reported, not an error.
#
# Usage: Benchmarks/run.sh [--filter REGEX]
#   --filter REGEX  run only the benchmarks whose name matches (e.g. '[ab][0-9].*')
# The plugin's own tables (percentiles): see README.md.
set -euo pipefail
cd "$(dirname "$0")"

filter=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter=(--filter "$2"); shift ;;
    *) echo "usage: $0 [--filter REGEX]" >&2; exit 2 ;;
  esac
  shift
done

if ! pkg-config --exists lua5.4 2>/dev/null; then
  echo "Lua 5.4 headers missing: run 'make deps' in the repository root first" >&2
  exit 1
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/refer-bench.XXXXXX")"
trap 'rm -rf "$out"' EXIT

# One run, exported as JMH JSON: its percentiles keep three decimals of the raw
# per-iteration figures, where the plugin's text table rounds to whole nanoseconds.
swift package --allow-writing-to-package-directory benchmark \
  --format jmh --path stdout --no-progress "${filter[@]}" >"$out/run.txt" 2>&1 \
  || { cat "$out/run.txt"; exit 1; }

python3 - "$out/run.txt" <<'PY'
import json, sys

results = None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("[{"):
        results = json.loads(line)
if results is None:
    sys.exit("no benchmark results in the plugin's output")

by_name = {}
for element in results:
    # "package.benchmark.LuaBridge.a1_Lua_calls_C..." -> "a1 Lua calls C..."
    name = element["benchmark"].split(".", 3)[-1].replace("_", " ")
    by_name[name] = element["secondaryMetrics"]

def median(prefix, key):
    """The median of metric `key` of the benchmark whose name starts with `prefix`."""
    for name, metrics in by_name.items():
        if name.startswith(prefix + " ") and key in metrics:
            return metrics[key]["scorePercentiles"]["50.0"]
    return None

CALLS = 1_000  # calls per iteration of the per-call benchmarks (scalingFactor .kilo)
WALL = "Time (wall clock)"

def per_call(prefix):
    v = median(prefix, WALL)  # JMH export: microseconds per iteration
    return None if v is None else v * 1000 / CALLS

rows = []
def row(label, prefix, ratio_to=None, target=None, limit=None, unit="ns"):
    value = per_call(prefix) if unit == "ns" else median(prefix, WALL)
    if value is None:
        return
    ratio = None
    if ratio_to is not None and per_call(ratio_to):
        ratio = value / per_call(ratio_to)
    verdict = ""
    if target is not None:
        measured = ratio if ratio is not None else value
        verdict = f"{target} {'ok' if measured <= limit else 'MISSED'}"
    m = median(prefix, "Malloc (total)")
    if m is not None and unit == "ns":
        m /= CALLS
    rows.append((label, value, unit, ratio, m, verdict))

row("(a) Lua calls C rawequal(x, x)", "a1")
row("    Lua calls Swift swiftnop(x, x)", "a2", "a1", "<= 1.5x", 1.5)
row("    empty Lua loop (in both of the above)", "a0")
row("(b) plain table field p.name", "b2")
row("    userdata field (Swift __index)", "b1", "b2", "<= 3x", 3)
row("    lazy row field, cached after 1st read", "b3", "b2")
row("    new row, field preset", "b5")
row("    new row, 1st read via host __index", "b4", "b5")
row("(c) sandboxed state: create + close", "c", target="<= 60 us", limit=60, unit="us")
row("(d) Swift calls Lua: push + pcall + pop", "d1", target="<= 40 ns", limit=40)
row("    Swift calls Lua: call(f, [x])", "d2", "d1")

print(f"{'benchmark':44} {'median':>12} {'ratio':>6} {'mallocs/op':>10}  target")
for label, value, unit, ratio, m, verdict in rows:
    r = "" if ratio is None else f"{ratio:.2f}x"
    ms = "" if m is None else (f"{m:.2f}" if unit == "ns" else f"{m:.0f}")
    print(f"{label:44} {value:9.2f} {unit:2} {r:>6} {ms:>10}  {verdict}")
heap = median("c", "Lua heap after creation (bytes)")
if heap is not None:
    print(f"    Lua heap of a new sandboxed state: {heap:.0f} bytes (<= 32 KiB {'ok' if heap <= 32768 else 'MISSED'})")
malloc_bytes = median("c", "Malloc (bytes total)")
if malloc_bytes is not None:
    print(f"    bytes malloc'd per create + close: {malloc_bytes:.0f}")
PY
