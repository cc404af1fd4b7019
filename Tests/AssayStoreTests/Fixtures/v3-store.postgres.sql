--
-- PostgreSQL database dump
--

\restrict T1K0PcQOuMIol8dAlsMYaCBAKLz0Z6u2Yb4GdtOwwfqp7F9OQp6X44598s4RcaV

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: annotator; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.annotator (
    id bigint NOT NULL,
    vendor_id bigint NOT NULL,
    external_id text NOT NULL COLLATE pg_catalog."C"
);


--
-- Name: audit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    action text NOT NULL,
    detail text NOT NULL,
    actor text DEFAULT 'cli'::text NOT NULL
);


--
-- Name: audit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_id_seq OWNED BY public.audit.id;


--
-- Name: batch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    vendor_id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    items integer NOT NULL,
    gold integer NOT NULL,
    rows text DEFAULT '[]'::text NOT NULL
);


--
-- Name: batch_gold; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_gold (
    batch_id bigint NOT NULL,
    item_id bigint NOT NULL
);


--
-- Name: batch_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: batch_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.batch_id_seq OWNED BY public.batch.id;


--
-- Name: delivery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.delivery (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    vendor_id bigint NOT NULL,
    source text NOT NULL,
    sha256 text NOT NULL,
    rows bigint NOT NULL,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    cost double precision,
    rows_digest text
);


--
-- Name: delivery_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.delivery_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: delivery_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.delivery_id_seq OWNED BY public.delivery.id;


--
-- Name: gold; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gold (
    project_id bigint NOT NULL,
    item_id bigint NOT NULL,
    answer integer NOT NULL,
    source text NOT NULL
);


--
-- Name: id_allocator; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.id_allocator (
    name text NOT NULL,
    next bigint NOT NULL
);


--
-- Name: item; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.item (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    external_id text NOT NULL COLLATE pg_catalog."C",
    payload json
);


--
-- Name: label_chunk; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.label_chunk (
    delivery_id bigint NOT NULL,
    seq integer NOT NULL,
    rows integer NOT NULL,
    item bytea NOT NULL,
    annotator bytea NOT NULL,
    value bytea NOT NULL,
    created_at bytea,
    duration bytea,
    cost bytea
);
ALTER TABLE ONLY public.label_chunk ALTER COLUMN item SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.label_chunk ALTER COLUMN annotator SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.label_chunk ALTER COLUMN value SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.label_chunk ALTER COLUMN created_at SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.label_chunk ALTER COLUMN duration SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.label_chunk ALTER COLUMN cost SET STORAGE EXTERNAL;


--
-- Name: label; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.label AS
 SELECT c.delivery_id,
    g.j AS "position",
    (((((((get_byte(c.item, (4 * g.j)) | get_byte(c.item, ((4 * g.j) + 1))) << 8) | get_byte(c.item, ((4 * g.j) + 2))) << 16) | get_byte(c.item, ((4 * g.j) + 3))) << 24))::bigint AS item_id,
    (((((((get_byte(c.annotator, (4 * g.j)) | get_byte(c.annotator, ((4 * g.j) + 1))) << 8) | get_byte(c.annotator, ((4 * g.j) + 2))) << 16) | get_byte(c.annotator, ((4 * g.j) + 3))) << 24))::bigint AS annotator_id,
    ((get_byte(c.value, (4 * g.j)) | get_byte(c.value, ((4 * g.j) + 1))) << 8) AS value
   FROM public.label_chunk c,
    LATERAL generate_series(0, (c.rows - 1)) g(j);


--
-- Name: project; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project (
    id bigint NOT NULL,
    name text NOT NULL,
    task_type text NOT NULL,
    classes jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: project_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_id_seq OWNED BY public.project.id;


--
-- Name: receipt; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.receipt (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    vendor text NOT NULL,
    name text NOT NULL,
    sha256 text NOT NULL,
    status text NOT NULL,
    labels integer NOT NULL,
    items integer NOT NULL,
    delivery_id bigint,
    errors text NOT NULL,
    error_total integer NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL
);


--
-- Name: receipt_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.receipt_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: receipt_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.receipt_id_seq OWNED BY public.receipt.id;


--
-- Name: schema_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migration (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.token (
    id bigint NOT NULL,
    role text NOT NULL,
    subject text,
    projects jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    secret_hash text NOT NULL,
    note text DEFAULT ''::text NOT NULL
);


--
-- Name: token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.token_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.token_id_seq OWNED BY public.token.id;


--
-- Name: vendor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vendor (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    name text NOT NULL
);


--
-- Name: vendor_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.vendor_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: vendor_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.vendor_id_seq OWNED BY public.vendor.id;


--
-- Name: audit id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit ALTER COLUMN id SET DEFAULT nextval('public.audit_id_seq'::regclass);


--
-- Name: batch id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch ALTER COLUMN id SET DEFAULT nextval('public.batch_id_seq'::regclass);


--
-- Name: delivery id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery ALTER COLUMN id SET DEFAULT nextval('public.delivery_id_seq'::regclass);


--
-- Name: project id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project ALTER COLUMN id SET DEFAULT nextval('public.project_id_seq'::regclass);


--
-- Name: receipt id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipt ALTER COLUMN id SET DEFAULT nextval('public.receipt_id_seq'::regclass);


--
-- Name: token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token ALTER COLUMN id SET DEFAULT nextval('public.token_id_seq'::regclass);


--
-- Name: vendor id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vendor ALTER COLUMN id SET DEFAULT nextval('public.vendor_id_seq'::regclass);


--
-- Data for Name: annotator; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.annotator (id, vendor_id, external_id) FROM stdin;
1	1	w1
2	1	w2
3	2	w1
4	2	w9
\.


--
-- Data for Name: audit; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit (id, at, action, detail, actor) FROM stdin;
1	2026-12-01 06:40:07.80424+00	project.create	project old: categorical, classes neg, pos, neutral	cli
2	2026-12-01 06:40:07.901081+00	project.create	project empty: categorical, classes a, b	cli
3	2026-12-01 06:40:08.038783+00	delivery.import	project old: 4 labels from vendor Acme, source acme.csv, sha256 96863ce919e6e2b513459ae6a002eaae18d80517495d8fe0653f723c375bc469	cli
4	2026-12-01 06:40:08.202816+00	delivery.import	project old: 3 labels from vendor Beta, source beta.csv, sha256 07d0a687ccbb45ca6504a39b8ee45eb59c3f7493cb9ec9abe03daec201875780	cli
5	2026-12-01 06:40:08.35403+00	gold.add	project old: 2 gold answers from gold.csv	cli
6	2026-12-01 06:40:08.375135+00	item.payload	project old: payloads for 2 items	cli
7	2026-12-01 06:40:08.459393+00	batch.make	project old: batch batch-fixture.csv for Acme, 4 items with 2 gold	cli
8	2026-12-01 06:40:08.557158+00	token.create	token 1: viewer, projects old	cli
\.


--
-- Data for Name: batch; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.batch (id, project_id, vendor_id, name, created_at, items, gold, rows) FROM stdin;
1	1	1	batch-fixture.csv	2026-12-01 06:40:08.459393+00	4	2	{"columns":["item","text"],"rows":[["n1","so so"],["g1","bad film"],["n2","fine"],["i4","good film"]]}
\.


--
-- Data for Name: batch_gold; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.batch_gold (batch_id, item_id) FROM stdin;
1	4
1	5
\.


--
-- Data for Name: delivery; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.delivery (id, project_id, vendor_id, source, sha256, rows, imported_at, cost, rows_digest) FROM stdin;
1	1	1	acme.csv	96863ce919e6e2b513459ae6a002eaae18d80517495d8fe0653f723c375bc469	4	2026-12-01 06:40:08.038783+00	0.4	rows1:4:daf70250d1962fdab530c7f2304ba319
2	1	2	beta.csv	07d0a687ccbb45ca6504a39b8ee45eb59c3f7493cb9ec9abe03daec201875780	3	2026-12-01 06:40:08.202816+00	0.15000000000000002	rows1:3:7affb232490579f4800f724304b6b697
\.


--
-- Data for Name: gold; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.gold (project_id, item_id, answer, source) FROM stdin;
1	4	1	gold.csv
1	5	0	gold.csv
\.


--
-- Data for Name: id_allocator; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.id_allocator (name, next) FROM stdin;
annotator	5
item	6
\.


--
-- Data for Name: item; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.item (id, project_id, external_id, payload) FROM stdin;
1	1	i1	\N
2	1	i2	\N
3	1	i3	\N
4	1	i4	{"text":"good film"}
5	1	g1	{"text":"bad film"}
\.


--
-- Data for Name: label_chunk; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.label_chunk (delivery_id, seq, rows, item, annotator, value, created_at, duration, cost) FROM stdin;
1	0	4	\\x01000000010000000200000003000000	\\x01000000020000000100000002000000	\\x01000000000000000200000001000000	\\x000000406e55da41000000000000f87f000000406e55da41000000000000f87f	\\x0000000000000c40000000000000f87f000000000000f87f0000000000002840	\\x9a9999999999b93f9a9999999999b93f000000000000f87f9a9999999999c93f
2	0	3	\\x020000000400000001000000	\\x030000000400000004000000	\\x000000000100000001000000	\N	\N	\\x9a9999999999a93f9a9999999999a93f9a9999999999a93f
\.


--
-- Data for Name: project; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.project (id, name, task_type, classes, created_at) FROM stdin;
1	old	categorical	["neg", "pos", "neutral"]	2026-12-01 06:40:07.80424+00
2	empty	categorical	["a", "b"]	2026-12-01 06:40:07.901081+00
\.


--
-- Data for Name: receipt; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.receipt (id, project_id, vendor, name, sha256, status, labels, items, delivery_id, errors, error_total, received_at, actor) FROM stdin;
\.


--
-- Data for Name: schema_migration; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migration (version, name, applied_at) FROM stdin;
1	projects, vendors, annotators, items, deliveries, labels, gold, batches, audit	2026-12-01 06:40:07.606777+00
2	a digest of each delivery's rows, to refuse the same rows twice	2026-12-01 06:40:07.606777+00
3	tokens, receipts and batch rows for the server, and who did each audited write	2026-12-01 06:40:07.606777+00
\.


--
-- Data for Name: token; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.token (id, role, subject, projects, created_at, expires_at, revoked_at, secret_hash, note) FROM stdin;
1	viewer	\N	["old"]	2026-12-01 06:40:08.557158+00	\N	\N	ae4d9d9f489829686c5aef0bce627426a2824975687553848b39f3cac22c8c58	
\.


--
-- Data for Name: vendor; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.vendor (id, project_id, name) FROM stdin;
1	1	Acme
2	1	Beta
\.


--
-- Name: audit_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_id_seq', 8, true);


--
-- Name: batch_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_id_seq', 1, true);


--
-- Name: delivery_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.delivery_id_seq', 2, true);


--
-- Name: project_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.project_id_seq', 2, true);


--
-- Name: receipt_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.receipt_id_seq', 1, false);


--
-- Name: token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.token_id_seq', 1, true);


--
-- Name: vendor_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vendor_id_seq', 3, true);


--
-- Name: annotator annotator_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.annotator
    ADD CONSTRAINT annotator_pkey PRIMARY KEY (id);


--
-- Name: annotator annotator_vendor_id_external_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.annotator
    ADD CONSTRAINT annotator_vendor_id_external_id_key UNIQUE (vendor_id, external_id);


--
-- Name: audit audit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);


--
-- Name: batch_gold batch_gold_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_gold
    ADD CONSTRAINT batch_gold_pkey PRIMARY KEY (batch_id, item_id);


--
-- Name: batch batch_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch
    ADD CONSTRAINT batch_pkey PRIMARY KEY (id);


--
-- Name: delivery delivery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery
    ADD CONSTRAINT delivery_pkey PRIMARY KEY (id);


--
-- Name: delivery delivery_project_id_sha256_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery
    ADD CONSTRAINT delivery_project_id_sha256_key UNIQUE (project_id, sha256);


--
-- Name: gold gold_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gold
    ADD CONSTRAINT gold_pkey PRIMARY KEY (project_id, item_id);


--
-- Name: id_allocator id_allocator_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.id_allocator
    ADD CONSTRAINT id_allocator_pkey PRIMARY KEY (name);


--
-- Name: item item_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item
    ADD CONSTRAINT item_pkey PRIMARY KEY (id);


--
-- Name: item item_project_id_external_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.item
    ADD CONSTRAINT item_project_id_external_id_key UNIQUE (project_id, external_id);


--
-- Name: label_chunk label_chunk_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_chunk
    ADD CONSTRAINT label_chunk_pkey PRIMARY KEY (delivery_id, seq);


--
-- Name: project project_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project
    ADD CONSTRAINT project_name_key UNIQUE (name);


--
-- Name: project project_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project
    ADD CONSTRAINT project_pkey PRIMARY KEY (id);


--
-- Name: receipt receipt_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipt
    ADD CONSTRAINT receipt_pkey PRIMARY KEY (id);


--
-- Name: schema_migration schema_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migration
    ADD CONSTRAINT schema_migration_pkey PRIMARY KEY (version);


--
-- Name: token token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.token
    ADD CONSTRAINT token_pkey PRIMARY KEY (id);


--
-- Name: vendor vendor_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vendor
    ADD CONSTRAINT vendor_pkey PRIMARY KEY (id);


--
-- Name: vendor vendor_project_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vendor
    ADD CONSTRAINT vendor_project_id_name_key UNIQUE (project_id, name);


--
-- Name: delivery_rows_digest; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX delivery_rows_digest ON public.delivery USING btree (project_id, vendor_id, rows_digest);


--
-- Name: receipt_project_vendor; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX receipt_project_vendor ON public.receipt USING btree (project_id, vendor, id);


--
-- Name: annotator annotator_vendor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.annotator
    ADD CONSTRAINT annotator_vendor_id_fkey FOREIGN KEY (vendor_id) REFERENCES public.vendor(id);


--
-- Name: batch_gold batch_gold_batch_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_gold
    ADD CONSTRAINT batch_gold_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.batch(id);


--
-- Name: batch_gold batch_gold_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_gold
    ADD CONSTRAINT batch_gold_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.item(id);


--
-- Name: batch batch_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch
    ADD CONSTRAINT batch_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(id);


--
-- Name: batch batch_vendor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch
    ADD CONSTRAINT batch_vendor_id_fkey FOREIGN KEY (vendor_id) REFERENCES public.vendor(id);


--
-- Name: delivery delivery_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery
    ADD CONSTRAINT delivery_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(id);


--
-- Name: delivery delivery_vendor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.delivery
    ADD CONSTRAINT delivery_vendor_id_fkey FOREIGN KEY (vendor_id) REFERENCES public.vendor(id);


--
-- Name: gold gold_item_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gold
    ADD CONSTRAINT gold_item_id_fkey FOREIGN KEY (item_id) REFERENCES public.item(id);


--
-- Name: gold gold_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gold
    ADD CONSTRAINT gold_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(id);


--
-- Name: label_chunk label_chunk_delivery_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.label_chunk
    ADD CONSTRAINT label_chunk_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.delivery(id);


--
-- Name: receipt receipt_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.receipt
    ADD CONSTRAINT receipt_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(id);


--
-- Name: vendor vendor_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vendor
    ADD CONSTRAINT vendor_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.project(id);


--
-- PostgreSQL database dump complete
--

\unrestrict T1K0PcQOuMIol8dAlsMYaCBAKLz0Z6u2Yb4GdtOwwfqp7F9OQp6X44598s4RcaV

