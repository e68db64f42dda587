#!/usr/bin/env bash
# How fast does `refer run` start, and how fast does a plugin walk the store? Makes a
# practice with `refer init`, fills it with SQL straight into refer.sqlite (100,000
# contacts, 2,000 partners, 100,000 referrals), then times with the release `refer`:
#   1. `refer --version` and `refer run noop` (a plugin whose run does nothing), process
#      start to exit, the median of 15 runs (target for the no-op run: <= 40 ms);
#   2. a check that walks every referral and groups them by partner (target <= 1 s), and,
#      inside the same plugin run, the same loop over plain Lua tables holding the same
#      fields (target: the walk <= 3x the plain loop). The plugin times both with os.clock.
#
#   Benchmarks/scripts/run-bench.sh                        # build, fill, time
#   REFER=/path/to/refer Benchmarks/scripts/run-bench.sh   # skip the build
#   KEEP=1 Benchmarks/scripts/run-bench.sh                 # keep the practice (for perf)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/scripts/common.sh

CONTACTS=${CONTACTS:-100000}
REFERRALS=${REFERRALS:-100000}
PARTNERS=${PARTNERS:-2000}
need sqlite3

REFER=$(release_refer)

WORK=$(mktemp -d /tmp/refer-run-bench.XXXXXX)
if [ -n "${KEEP:-}" ]; then echo "practice kept in $WORK/practice"; else trap 'rm -rf "$WORK"' EXIT; fi
PRACTICE="$WORK/practice"
"$REFER" init "$PRACTICE" --name "Bench Practice" --timezone UTC >/dev/null

sqlite3 "$PRACTICE/refer.sqlite" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CONTACTS)
INSERT INTO contacts (name, kind, emails, added_at, search)
SELECT 'Contact ' || i, CASE WHEN i <= $PARTNERS THEN 'professional' ELSE 'client' END,
       'c' || i || '@example.com', strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i % 900) || ' days'), 'contact ' || i
FROM n;
INSERT INTO partners (contact_id, tier, relationship_start, actions_wanted)
SELECT id, CASE WHEN id % 10 = 0 THEN 'A' ELSE 'B' END, added_at, '[]' FROM contacts WHERE id <= $PARTNERS;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $REFERRALS)
INSERT INTO referrals (direction, partner_id, prospect_id, status, arrived_at, thanked_at, value)
SELECT 'inbound', 1 + (i * 31) % $PARTNERS, $PARTNERS + 1 + i % ($CONTACTS - $PARTNERS),
       CASE i % 3 WHEN 0 THEN 'won' WHEN 1 THEN 'received' ELSE 'lost' END,
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i % 700) || ' days'),
       CASE WHEN i % 2 = 0 THEN strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i % 700) || ' days', '+1 day') END,
       CASE WHEN i % 3 = 0 THEN 1000 END
FROM n;
COMMIT;
SQL

# The walk builds 100,000 plain tables for its comparison: more room than the defaults.
if grep -q '^\[limits\]' "$PRACTICE/refer.toml"; then
  sed -i '/^\[limits\]/a memory_mib = 512\ntimeout_seconds = 60' "$PRACTICE/refer.toml"
else
  printf '\n[limits]\nmemory_mib = 512\ntimeout_seconds = 60\n' >>"$PRACTICE/refer.toml"
fi
mkdir -p "$PRACTICE/plugins/noop" "$PRACTICE/plugins/walk"
cat >"$PRACTICE/plugins/noop/plugin.lua" <<'LUA'
return { name = "noop", description = "Does nothing.", run = function() end }
LUA
cat >"$PRACTICE/plugins/walk/plugin.lua" <<'LUA'
-- Groups referrals by partner twice: over the store's rows, and over plain tables with
-- the same fields built before the clock starts.
local function group(rows)
  local by = {}
  for r in rows do
    local g = by[r.partner_id]
    if not g then g = { n = 0, won = 0, value = 0 }; by[r.partner_id] = g end
    g.n = g.n + 1
    if r.status == "won" then g.won = g.won + 1; g.value = g.value + (r.value or 0) end
  end
  return by
end

local function each(list)
  local i = 0
  return function() i = i + 1; return list[i] end
end

return {
  name = "walk",
  description = "Walks every referral and groups them by partner.",
  permissions = { "read:referrals" },
  run = function(ctx)
    local t0 = os.clock()
    local by = group(ctx.referrals())
    local walk = os.clock() - t0

    local plain, n = {}, 0
    for _ in pairs(by) do n = n + 1 end
    local total = ctx.referrals.count()
    local b0 = os.clock()
    for i = 1, total do
      plain[i] = { id = i, direction = "inbound", partner_id = 1 + (i * 31) % n, prospect_id = i,
                   status = i % 3 == 0 and "won" or "lost", arrived_at = 1700000000 + i,
                   thanked_at = 1700000000 + i, value = i % 3 == 0 and 1000 or nil, note = nil }
    end
    local build = os.clock() - b0
    t0 = os.clock()
    group(each(plain))
    local loop = os.clock() - t0
    -- The plain tables built inside the clock too: what the walk does for each row.
    print(string.format("walk %.3f s  plain %.3f s  ratio %.1fx  (%d partners)  building the tables too %.3f s  ratio %.1fx",
      walk, loop, walk / loop, n, build + loop, walk / (build + loop)))
  end,
}
LUA

median() { # median wall seconds of N runs of a command
  python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
print(f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f})")
PY
}

"$REFER" run noop --practice "$PRACTICE" >/dev/null   # warm the file cache once
echo "refer --version:                 $(median 15 "$REFER" --version)"
echo "refer run noop (100k contacts):  $(median 15 "$REFER" run noop --practice "$PRACTICE")   (goal <= 40 ms)"
t0=$(date +%s.%N)
OUT=$("$REFER" run walk --practice "$PRACTICE")
t1=$(date +%s.%N)
echo "refer run walk (100k referrals): $(echo "$t1 - $t0" | bc) s wall   (goal <= 1 s)"
echo "  inside the plugin:             ${OUT#\[walk\] }   (goal <= 3x)"
