PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1: projects, vendors, annotators, items, deliveries, labels, gold, audit');
INSERT INTO grdb_migrations VALUES('v2: outgoing batches and the gold each vendor was shown');
INSERT INTO grdb_migrations VALUES('v3: labels stored column-wise in chunks per delivery');
INSERT INTO grdb_migrations VALUES('v4: a digest of each delivery''s rows, to refuse the same rows twice');
INSERT INTO grdb_migrations VALUES('v5: tokens, receipts and batch rows for the server, and who did each audited write');
CREATE TABLE project (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, task_type TEXT NOT NULL,
    classes TEXT NOT NULL, created_at TEXT NOT NULL);
INSERT INTO project VALUES(1,'old','categorical','["neg","pos","neutral"]','2026-12-01T06:40:06Z');
INSERT INTO project VALUES(2,'empty','categorical','["a","b"]','2026-12-01T06:40:07Z');
CREATE TABLE vendor (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
    name TEXT NOT NULL, UNIQUE (project_id, name));
INSERT INTO vendor VALUES(1,1,'Acme');
INSERT INTO vendor VALUES(2,1,'Beta');
CREATE TABLE annotator (
    id INTEGER PRIMARY KEY, vendor_id INTEGER NOT NULL REFERENCES vendor(id),
    external_id TEXT NOT NULL, UNIQUE (vendor_id, external_id));
INSERT INTO annotator VALUES(1,1,'w1');
INSERT INTO annotator VALUES(2,1,'w2');
INSERT INTO annotator VALUES(3,2,'w1');
INSERT INTO annotator VALUES(4,2,'w9');
CREATE TABLE item (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
    external_id TEXT NOT NULL, payload TEXT, UNIQUE (project_id, external_id));
INSERT INTO item VALUES(1,1,'i1',NULL);
INSERT INTO item VALUES(2,1,'i2',NULL);
INSERT INTO item VALUES(3,1,'i3',NULL);
INSERT INTO item VALUES(4,1,'i4','{"text":"good film"}');
INSERT INTO item VALUES(5,1,'g1','{"text":"bad film"}');
CREATE TABLE delivery (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
    vendor_id INTEGER NOT NULL REFERENCES vendor(id), source TEXT NOT NULL,
    sha256 TEXT NOT NULL, rows INTEGER NOT NULL, imported_at TEXT NOT NULL, cost REAL, rows_digest TEXT,
    UNIQUE (project_id, sha256));
INSERT INTO delivery VALUES(1,1,1,'acme.csv','96863ce919e6e2b513459ae6a002eaae18d80517495d8fe0653f723c375bc469',4,'2026-12-01T06:40:07Z',0.4000000000000000222,'rows1:4:daf70250d1962fdab530c7f2304ba319');
INSERT INTO delivery VALUES(2,1,2,'beta.csv','07d0a687ccbb45ca6504a39b8ee45eb59c3f7493cb9ec9abe03daec201875780',3,'2026-12-01T06:40:07Z',0.1500000000000000222,'rows1:3:7affb232490579f4800f724304b6b697');
CREATE TABLE gold (
    project_id INTEGER NOT NULL REFERENCES project(id),
    item_id INTEGER NOT NULL REFERENCES item(id), answer INTEGER NOT NULL,
    source TEXT NOT NULL, PRIMARY KEY (project_id, item_id));
INSERT INTO gold VALUES(1,4,1,'gold.csv');
INSERT INTO gold VALUES(1,5,0,'gold.csv');
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL,
    detail TEXT NOT NULL, actor TEXT NOT NULL DEFAULT 'cli');
INSERT INTO audit VALUES(1,'2026-12-01T06:40:06Z','project.create','project old: categorical, classes neg, pos, neutral','cli');
INSERT INTO audit VALUES(2,'2026-12-01T06:40:07Z','project.create','project empty: categorical, classes a, b','cli');
INSERT INTO audit VALUES(3,'2026-12-01T06:40:07Z','delivery.import','project old: 4 labels from vendor Acme, source acme.csv, sha256 96863ce919e6e2b513459ae6a002eaae18d80517495d8fe0653f723c375bc469','cli');
INSERT INTO audit VALUES(4,'2026-12-01T06:40:07Z','delivery.import','project old: 3 labels from vendor Beta, source beta.csv, sha256 07d0a687ccbb45ca6504a39b8ee45eb59c3f7493cb9ec9abe03daec201875780','cli');
INSERT INTO audit VALUES(5,'2026-12-01T06:40:07Z','gold.add','project old: 2 gold answers from gold.csv','cli');
INSERT INTO audit VALUES(6,'2026-12-01T06:40:07Z','item.payload','project old: payloads for 2 items','cli');
INSERT INTO audit VALUES(7,'2026-12-01T06:40:07Z','batch.make','project old: batch batch-old.db.csv for Acme, 4 items with 2 gold','cli');
INSERT INTO audit VALUES(8,'2026-12-01T06:40:07Z','token.create','token 1: viewer, projects old','cli');
CREATE TABLE batch (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
    vendor_id INTEGER NOT NULL REFERENCES vendor(id), name TEXT NOT NULL,
    created_at TEXT NOT NULL, items INTEGER NOT NULL, gold INTEGER NOT NULL, rows TEXT NOT NULL DEFAULT '[]');
INSERT INTO batch VALUES(1,1,1,'batch-old.db.csv','2026-12-01T06:40:07Z',4,2,'{"columns":["item","text"],"rows":[["n1","so so"],["g1","bad film"],["n2","fine"],["i4","good film"]]}');
CREATE TABLE batch_gold (
    batch_id INTEGER NOT NULL REFERENCES batch(id),
    item_id INTEGER NOT NULL REFERENCES item(id), PRIMARY KEY (batch_id, item_id));
INSERT INTO batch_gold VALUES(1,4);
INSERT INTO batch_gold VALUES(1,5);
CREATE TABLE label_chunk (
    delivery_id INTEGER NOT NULL REFERENCES delivery(id), seq INTEGER NOT NULL,
    rows INTEGER NOT NULL, item BLOB NOT NULL, annotator BLOB NOT NULL, value BLOB NOT NULL,
    created_at BLOB, duration BLOB, cost BLOB, PRIMARY KEY (delivery_id, seq));
INSERT INTO label_chunk VALUES(1,0,4,X'01000000010000000200000003000000',X'01000000020000000100000002000000',X'01000000000000000200000001000000',X'000000406e55da41000000000000f87f000000406e55da41000000000000f87f',X'0000000000000c40000000000000f87f000000000000f87f0000000000002840',X'9a9999999999b93f9a9999999999b93f000000000000f87f9a9999999999c93f');
INSERT INTO label_chunk VALUES(2,0,3,X'020000000400000001000000',X'030000000400000004000000',X'000000000100000001000000',NULL,NULL,X'9a9999999999a93f9a9999999999a93f9a9999999999a93f');
CREATE TABLE token (
    id INTEGER PRIMARY KEY, role TEXT NOT NULL, subject TEXT, projects TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT,
    secret_hash TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
INSERT INTO token VALUES(1,'viewer',NULL,'["old"]','2026-12-01T06:40:07Z',NULL,NULL,'c9dd4b192f319c7c88d3d3c1dcaf204a076dc104bb166fe1729d715f76d34350','');
CREATE TABLE receipt (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
    vendor TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, status TEXT NOT NULL,
    labels INTEGER NOT NULL, items INTEGER NOT NULL, delivery_id INTEGER,
    errors TEXT NOT NULL, error_total INTEGER NOT NULL, received_at TEXT NOT NULL,
    actor TEXT NOT NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('audit',8);
CREATE INDEX delivery_rows_digest ON delivery (project_id, vendor_id, rows_digest);
CREATE INDEX receipt_project_vendor ON receipt (project_id, vendor, id);
COMMIT;
