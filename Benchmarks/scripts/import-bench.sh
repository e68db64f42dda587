#!/usr/bin/env bash
# Import speed: 100,000 vCards into an empty practice with the release `refer`, against
# sqlite3's own `.import` of the same rows as CSV; then listing and search over them.
# Usage: Benchmarks/scripts/import-bench.sh [COUNT]   (REFER_BIN=path to skip the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-100000}"
source Benchmarks/scripts/common.sh
REFER_BIN=$(REFER=${REFER_BIN:-${REFER:-}} release_refer)
WORK="$(mktemp -d /tmp/refer-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$COUNT" "$WORK" <<'PY'
import csv, random, sys
count, work = int(sys.argv[1]), sys.argv[2]
random.seed(7)
given = ["Ana", "Ștefan", "Ioana", "Mihai", "Elena", "Radu", "Maria", "Bogdan", "Cristina", "Dan", "Țicu", "Irina"]
family = ["Popescu", "Ionescu", "Țărănescu", "Dobre", "Matei", "Enache", "Vâlcea", "Marinescu", "Stan", "Ilie"]
tags = ["client", "attorney", "banker", "vip", "prospect", "newsletter"]
with open(f"{work}/contacts.vcf", "w", encoding="utf-8", newline="") as vcf, \
     open(f"{work}/contacts.csv", "w", encoding="utf-8", newline="") as out:
    rows = csv.writer(out)
    rows.writerow(["name", "given", "family", "company", "email", "phone", "tags", "note"])
    for i in range(count):
        g, f = random.choice(given), random.choice(family)
        name = f"{g} {f} {i}"
        email = f"person{i}@example{i % 97}.ro"
        phone = f"+40 7{i % 10}{i:08d}"
        t = ",".join(random.sample(tags, 2))
        company = f"{f} & Co {i % 500} SRL"
        note = f"Met at event {i % 40}; prefers email"
        vcf.write("BEGIN:VCARD\r\nVERSION:3.0\r\n"
                  f"FN:{name}\r\nN:{f};{g} {i};;;\r\nORG:{company}\r\nEMAIL;TYPE=WORK:{email}\r\n"
                  f"TEL;TYPE=CELL:{phone}\r\nCATEGORIES:{t}\r\nNOTE:{note.replace(';', chr(92) + ';')}\r\nEND:VCARD\r\n")
        rows.writerow([name, f"{g} {i}", f, company, email, phone, t, note])
PY

seconds() { python3 -c 'import subprocess,sys,time; t=time.perf_counter(); r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); sys.exit(r.returncode) if r.returncode else print(f"{time.perf_counter()-t:.3f}")' "$@"; }

"$REFER_BIN" init "$WORK/practice" --name Bench --timezone UTC >/dev/null
REFER=$(seconds "$REFER_BIN" import "$WORK/contacts.vcf" --practice "$WORK/practice")
SQLITE=$(seconds sqlite3 "$WORK/plain.sqlite" \
  "CREATE TABLE contacts (name TEXT, given TEXT, family TEXT, company TEXT, email TEXT, phone TEXT, tags TEXT, note TEXT);" \
  ".import --csv --skip 1 $WORK/contacts.csv contacts")
# The same CSV loaded by sqlite3 into the store's own tables: an empty practice's store,
# the rows through its indexes and search-index trigger, and a key row per email and
# phone. The texts are only roughly those refer stores (no accent folding), but the work
# SQLite does for them is the same: this is the floor for SQLite itself with this schema.
"$REFER_BIN" init "$WORK/schema" --name Schema --timezone UTC >/dev/null
sqlite3 "$WORK/schema/refer.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
SCHEMA=$(seconds sqlite3 "$WORK/schema/refer.sqlite" \
  "PRAGMA cache_size = -262144;" \
  "CREATE TEMP TABLE staging (name TEXT, given TEXT, family TEXT, company TEXT, email TEXT, phone TEXT, tags TEXT, note TEXT);" \
  ".import --csv --skip 1 $WORK/contacts.csv staging" \
  "BEGIN;" \
  "INSERT INTO contacts (name, given_name, family_name, company, emails, phones, note, tags, added_at, source, search)
     SELECT name, given, family, company, email, phone, note, replace(tags, ',', char(10)), '2026-11-30 00:00:00.000', 'import',
            lower(name || ' ' || company || ' ' || email || ' ' || replace(phone, ' ', '') || ' #' || replace(tags, ',', '#') || '#')
     FROM staging;" \
  "INSERT INTO contact_keys (contact_id, kind, value)
     SELECT id, 'email', emails FROM contacts UNION ALL SELECT id, 'phone', replace(phones, ' ', '') FROM contacts;" \
  "COMMIT;")

LIST=$(seconds "$REFER_BIN" contact list --json --practice "$WORK/practice")
FIND=$(seconds "$REFER_BIN" contact find "Marinescu 99999" --practice "$WORK/practice")
FIND_EMAIL=$(seconds "$REFER_BIN" contact find "person4242@" --practice "$WORK/practice")
ROWS=$(sqlite3 "$WORK/practice/refer.sqlite" "SELECT count(*) FROM contacts")

echo "contacts imported:               $ROWS"
echo "refer import (100k vCards):      ${REFER} s   (goal <= 3 s)"
echo "sqlite3 .import (same rows CSV): ${SQLITE} s"
python3 -c "import sys; print(f'ratio refer / sqlite3:           {float(sys.argv[1])/float(sys.argv[2]):.2f}x  (goal <= 4x)')" "$REFER" "$SQLITE"
echo "sqlite3, same CSV, store tables: ${SCHEMA} s   (indexes, search index, keys)"
python3 -c "import sys; print(f'ratio refer / that:              {float(sys.argv[1])/float(sys.argv[2]):.2f}x')" "$REFER" "$SCHEMA"
echo "refer contact list --json:       ${LIST} s   (goal <= 1 s)"
echo "refer contact find (name):       ${FIND} s   (goal <= 0.05 s)"
echo "refer contact find (email):      ${FIND_EMAIL} s   (goal <= 0.05 s)"
