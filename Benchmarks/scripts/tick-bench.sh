#!/usr/bin/env bash
# Times the scheduler on large practices:
#   1. a tick over 10,000 scheduled plugins of which none is due (target <= 50 ms),
#   2. a tick that runs 1,000 due no-op plugins (target <= 2 s),
#   3. the resident memory of an idle `refer daemon` (target <= 30 MiB), and its wake-ups
#      while nothing is due (target: none).
# Usage: Benchmarks/scripts/tick-bench.sh [path/to/refer]   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/scripts/common.sh
REFER=${1:-${REFER:-}}
REFER=$(release_refer)
WORK=$(mktemp -d)
trap 'kill "${DAEMON:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export REFER_BUILTIN_PLUGINS="$WORK/no-built-ins"
mkdir -p "$REFER_BUILTIN_PLUGINS"

plugins() { # DIR COUNT SCHEDULE
  for i in $(seq 1 "$2"); do
    mkdir -p "$1/plugins/p$i"
    printf 'local refer = require "refer"\nreturn refer.plugin { name = "p%d", description = "no-op", every = "%s", run = function(ctx) end }\n' "$i" "$3" >"$1/plugins/p$i/plugin.lua"
  done
}
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

echo "== 10,000 scheduled plugins, none due"
"$REFER" init "$WORK/many" --name Bench --timezone UTC >/dev/null
plugins "$WORK/many" 10000 "0 9 1 1 *"
echo "first tick (reads every plugin once, builds the index): $(ms "$REFER" tick --practice "$WORK/many" --now "2026-03-02 10:00") ms"
for i in 1 2 3 4 5; do
  echo "tick, none due: $(ms "$REFER" tick --practice "$WORK/many" --now "2026-03-02 10:0$i") ms"
done

echo "== 1,000 due no-op plugins in one tick"
"$REFER" init "$WORK/due" --name Bench --timezone UTC >/dev/null
plugins "$WORK/due" 1000 "@hourly"
"$REFER" jobs --practice "$WORK/due" >/dev/null   # index them first, as a running practice would have
echo "tick running 1,000 plugins: $(ms "$REFER" tick --practice "$WORK/due" --now "2026-03-02 10:05") ms"
echo "runs recorded: $(sqlite3 "$WORK/due/refer.sqlite" "SELECT count(*) FROM job_runs WHERE state = 'done'" 2>/dev/null || echo '?')"

echo "== idle daemon (10,000 plugins watched)"
"$REFER" daemon --practice "$WORK/many" >/dev/null 2>&1 &
DAEMON=$!
sleep 8
grep -E 'VmRSS|VmHWM' "/proc/$DAEMON/status"
switches() { cat /proc/"$DAEMON"/task/*/status | awk '/ctxt_switches/ { n += $2 } END { print n }'; }
before=$(switches)
sleep 10
echo "wake-ups (context switches) in 10 s idle: $(($(switches) - before))"
kill -TERM "$DAEMON"
wait "$DAEMON" && echo "daemon exited 0 on SIGTERM"
