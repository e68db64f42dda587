#!/usr/bin/env bash
# How fast is `refer report` on a large practice? Makes a practice with `refer init`,
# fills it with SQL straight into refer.sqlite (100,000 contacts, 5,000 partners,
# 300,000 referrals over five years, 200,000 touches, events), builds refer in release
# mode, then times the text report, --json, a five-year window and --html, and prints
# the page's size. The targets: each report under 1 s, the page under 1 MB.
#
#   Benchmarks/scripts/report-bench.sh            # build, fill, time
#   REFER=/path/to/refer Benchmarks/scripts/report-bench.sh   # skip the build
#   CONTACTS=20000 REFERRALS=60000 Benchmarks/scripts/report-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/scripts/common.sh

CONTACTS=${CONTACTS:-100000}
REFERRALS=${REFERRALS:-300000}
PARTNERS=${PARTNERS:-5000}
TOUCHES=${TOUCHES:-200000}
need sqlite3

REFER=$(release_refer)

WORK=$(mktemp -d /tmp/refer-report-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$REFER" init "$WORK/practice" --name "Bench Practice" --timezone Europe/Bucharest >/dev/null
DB="$WORK/practice/refer.sqlite"

start=$(date +%s.%N)
# Dates are written the way the store writes them: "YYYY-MM-DD HH:MM:SS.SSS", UTC.
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CONTACTS)
INSERT INTO contacts (name, kind, category, emails, tags, added_at, search)
SELECT 'Contact ' || i,
       CASE WHEN i <= $PARTNERS THEN (CASE i % 3 WHEN 0 THEN 'client' ELSE 'professional' END)
            ELSE (CASE i % 4 WHEN 0 THEN 'client' ELSE 'prospect' END) END,
       CASE i % 9 WHEN 0 THEN 'attorney' WHEN 1 THEN 'accountant' WHEN 2 THEN 'banker' WHEN 3 THEN 'broker'
                  WHEN 4 THEN 'retail' WHEN 5 THEN 'manufacturing' WHEN 6 THEN 'notary' WHEN 7 THEN 'insurance' ELSE NULL END,
       'c' || i || '@example.com',
       CASE WHEN i % 50 = 0 THEN 'promise:monthly' WHEN i % 70 = 0 THEN 'promise:weekly' ELSE '' END,
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ((i * 7919) % 2628000) || ' minutes'),
       -- Folded name and email, then the tags as #tag#, as the store writes them.
       'contact ' || i || ' c' || i || '@example.com'
         || CASE WHEN i % 50 = 0 THEN ' #promise:monthly#' WHEN i % 70 = 0 THEN ' #promise:weekly#' ELSE '' END
FROM n;
INSERT INTO contact_keys (contact_id, kind, value) SELECT id, 'email', emails FROM contacts;
INSERT INTO partners (contact_id, tier, relationship_start, actions_wanted)
SELECT id, CASE WHEN id % 10 = 0 THEN 'A' WHEN id % 3 = 0 THEN 'C' ELSE 'B' END, added_at, '[]'
FROM contacts WHERE id <= $PARTNERS;

-- Referrals over five years; a few partners send many (the id is skewed towards 1).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $REFERRALS),
     r AS (SELECT i, strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ((i * 104729) % 2628000) || ' minutes') AS a,
                  CASE i % 6 WHEN 0 THEN 'won' WHEN 1 THEN 'lost' WHEN 2 THEN 'meeting' WHEN 3 THEN 'contacted'
                             WHEN 4 THEN 'passed-on' ELSE 'received' END AS s
           FROM n)
INSERT INTO referrals (direction, partner_id, prospect_id, colleague_id, status, arrived_at, first_response_at, thanked_at, value)
SELECT CASE WHEN i % 10 = 0 THEN 'outbound' ELSE 'inbound' END,
       1 + ((i * 31) % (1 + (i * 17) % $PARTNERS)),
       $PARTNERS + 1 + (i % ($CONTACTS - $PARTNERS)),
       CASE WHEN s = 'passed-on' THEN 1 + (i % $PARTNERS) END,
       s, a,
       CASE WHEN s <> 'received' OR i % 7 = 0 THEN strftime('%Y-%m-%d %H:%M:%f', a, '+' || ((i * 13) % 4320) || ' minutes') END,
       CASE WHEN i % 4 <> 0 THEN strftime('%Y-%m-%d %H:%M:%f', a, '+' || ((i * 11) % 2880) || ' minutes') END,
       CASE WHEN s = 'won' THEN 500 + (i % 20) * 100 END
FROM r;
INSERT INTO referral_status_changes (referral_id, "from", "to", changed_at)
SELECT id, NULL, 'received', arrived_at FROM referrals;
INSERT INTO referral_status_changes (referral_id, "from", "to", changed_at)
SELECT id, 'contacted', status, strftime('%Y-%m-%d %H:%M:%f', arrived_at, '+12 days') FROM referrals
WHERE status IN ('won', 'lost', 'passed-on');

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $TOUCHES)
INSERT INTO touches (contact_id, channel, purpose, at)
SELECT 1 + (i * 7) % ($PARTNERS * 4), CASE i % 3 WHEN 0 THEN 'phone' WHEN 1 THEN 'email' ELSE 'meeting' END,
       CASE WHEN i % 3 = 0 THEN 'relationship' ELSE 'service' END,
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ((i * 6151) % 2628000) || ' minutes')
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 240)
INSERT INTO activities (kind, title, at)
SELECT CASE i % 4 WHEN 0 THEN 'talk' WHEN 1 THEN 'article' WHEN 2 THEN 'meeting' ELSE 'community' END, 'Activity ' || i,
       strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || ((i * 9973) % 1825) || ' days')
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO appreciation_events (name, at, cost)
SELECT 'Event ' || i, strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i * 90) || ' days'), 2000 FROM n;
INSERT INTO event_invitations (event_id, contact_id, attended)
SELECT e.id, p.contact_id, (p.contact_id / 20 + e.id) % 2 FROM appreciation_events e JOIN partners p ON p.id % 20 = e.id % 20 AND p.id <= 1000;
COMMIT;
SQL
echo "filled the store in $(echo "$(date +%s.%N) - $start" | bc) s: $(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM contacts) || " contacts, " || (SELECT count(*) FROM partners) || " partners, " || (SELECT count(*) FROM referrals) || " referrals, " || (SELECT count(*) FROM touches) || " touches"')"

timed() {
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$REFER" "$@" --practice "$WORK/practice" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  printf '%-36s %6.3f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}

"$REFER" report --practice "$WORK/practice" >/dev/null   # warm the file cache once
timed "refer report (12 months)" report
timed "refer report --json" report --json
timed "refer report --since '5 years ago'" report --since "5 years ago"
timed "refer report --html" report --html "$WORK/report.html"
timed "refer report --html (5 years)" report --since "5 years ago" --html "$WORK/report-5y.html"
printf '%-36s %6d bytes\n' "HTML page (12 months)" "$(wc -c <"$WORK/report.html")"
printf '%-36s %6d bytes\n' "HTML page (5 years)" "$(wc -c <"$WORK/report-5y.html")"
