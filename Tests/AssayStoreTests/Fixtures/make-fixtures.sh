#!/bin/sh
# Assay — quality control for human-labelled training data.
#
# Writes the two stores MigrationTests open, with the assay of commit 4436172 (SQLite schema v5,
# PostgreSQL schema v3: categorical projects only):
#   ASSAY=/path/to/that/assay PG=postgres://postgres@127.0.0.1:PORT/EMPTY_DB \
#       Tests/AssayStoreTests/Fixtures/make-fixtures.sh
# and dumps them as SQL next to this script (v5-store.sqlite.sql, v3-store.postgres.sql).
set -e
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cd "$work"
printf 'item,worker,label,created_at,duration_s,cost\ni1,w1,pos,2026-01-01T00:00:00Z,3.5,0.1\ni1,w2,neg,,,0.1\ni2,w1,neutral,1767225600,,\ni3,w2,pos,,12,0.2\n' > acme.csv
printf 'task,worker,label\ni2,w1,neg\ni4,w9,pos\ni1,w9,pos\n' > beta.csv
printf 'item,gold,text\ni4,pos,good film\ng1,neg,bad film\n' > gold.csv
printf 'item,text\nn1,so so\nn2,fine\n' > items.csv
for store in "$work/old.db" "$PG"; do
    "$ASSAY" project create old --classes neg,pos,neutral --store "$store"
    "$ASSAY" project create empty --classes a,b --store "$store"
    "$ASSAY" import old acme.csv --vendor Acme --store "$store"
    "$ASSAY" import old beta.csv --vendor Beta --cost-per-label 0.05 --store "$store"
    "$ASSAY" gold add old gold.csv --store "$store"
    "$ASSAY" batch make old --vendor Acme --items items.csv --gold-rate 0.5 --out "batch-$(basename "$store").csv" --seed 1 --store "$store"
    "$ASSAY" token create --role viewer --project old --store "$store" > /dev/null
done
sqlite3 old.db .dump > "$here/v5-store.sqlite.sql"
pg_dump --no-owner --no-privileges "$PG" | grep -v '^SET transaction_timeout' > "$here/v3-store.postgres.sql"
rm -rf "$work"
