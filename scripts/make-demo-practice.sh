#!/usr/bin/env bash
# Regenerates examples/demo-practice from examples/demo-data with `refer` commands only.
# plugins/ is kept as it is (the demo plugins live there).
# Usage: scripts/make-demo-practice.sh   (REFER_BIN=path to use a built refer)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${REFER_BIN:-}" ]; then
  swift build --product refer >/dev/null
  REFER_BIN="$(swift build --show-bin-path)/refer"
fi
DEMO=examples/demo-practice
KEEP="$(mktemp -d)"
trap 'rm -rf "$KEEP"' EXIT
if [ -d "$DEMO/plugins" ]; then cp -R "$DEMO/plugins" "$KEEP/"; fi
rm -rf "$DEMO"
python3 scripts/demo_data.py
"$REFER_BIN" init "$DEMO" --name "Ionescu & Partners Accounting" --timezone Europe/Bucharest >/dev/null
cat > "$DEMO/refer.toml" <<'TOML'
# refer.toml — the demo practice: a Bucharest accounting firm that lives on referrals.

[practice]
name = "Ionescu & Partners Accounting"
timezone = "Europe/Bucharest"
owner = "Ana Ionescu"
email = "ana@ionescu-partners.ro"
phone = "+40 21 300 40 50"
website = "https://ionescu-partners.ro"
currency = "RON"
ideal_prospect = "Owner-managed firms with 10 to 50 staff that have outgrown their bookkeeper"
problems_solved = [
  "A month-end close that takes three weeks",
  "Surprise tax bills and penalties",
  "Books a bank will not lend against",
  "Payroll that eats the owner's weekend",
]
process_steps = [
  "We call the prospect within one working day of your introduction",
  "A free 45-minute review of their books and tax position",
  "A fixed-fee proposal within a week",
  "Onboarding in two weeks, with the first close done with them",
  "We tell you how it went, and thank you",
]

[limits]
# memory_mib = 64
# timeout_seconds = 5
# instructions = 1000000000

[store]
# busy_timeout_seconds = 5
TOML
python3 scripts/demo_practice.py "$REFER_BIN" "$DEMO" examples/demo-data/contacts.vcf
rm -rf "$DEMO/plugins"
if [ -d "$KEEP/plugins" ]; then cp -R "$KEEP/plugins" "$DEMO/"; else mkdir -p "$DEMO/plugins"; fi
touch "$DEMO/plugins/.keep" "$DEMO/packs/.keep" "$DEMO/outbox/.keep"
# One self-contained file: fold the WAL back in.
sqlite3 "$DEMO/refer.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -f "$DEMO/refer.sqlite-wal" "$DEMO/refer.sqlite-shm"
echo "regenerated $DEMO"
