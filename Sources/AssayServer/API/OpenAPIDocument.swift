// Assay — quality control for human-labelled training data.

/// The API's OpenAPI 3.1 description, written by hand and served at `/openapi.yaml`. A test checks
/// that its paths and methods are exactly the route table's (`AssayServer.routes`).
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Assay
          version: 0.7.0
          description: |
            Vendor-neutral quality control for human-labelled training data. Vendors push deliveries
            with their own token; admins and viewers read gold, consensus and scorecards. Every
            request except /healthz, /metrics and /openapi.yaml needs `Authorization: Bearer
            assay_<id>_<secret>` (`assay token create`). An object that does not exist and one the
            caller may not see get the same 404.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /healthz:
            get:
              summary: The server and its store answer.
              security: []
              responses:
                "200":
                  description: Healthy.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status]
                        properties:
                          status: {type: string, const: ok}
                default: {$ref: "#/components/responses/Problem"}
          /metrics:
            get:
              summary: Prometheus metrics (requests and latency per route, labels ingested, deliveries rejected, analysis time, cache hits).
              security: []
              responses:
                "200":
                  description: Prometheus text format 0.0.4.
                  content:
                    text/plain:
                      schema: {type: string}
          /openapi.yaml:
            get:
              summary: This document.
              security: []
              responses:
                "200":
                  description: OpenAPI 3.1 in YAML.
                  content:
                    application/yaml:
                      schema: {type: object}
          /v1/projects:
            get:
              summary: Projects the token reaches; counts for admins and viewers only.
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: A page of projects.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items: {$ref: "#/components/schemas/Project"}
                          next_cursor: {type: [string, "null"]}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: Create a project (admin).
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, classes]
                      properties:
                        name: {type: string, minLength: 1, pattern: "^[^\\x00-\\x1f\\x7f]+$"}
                        type: {type: [string, "null"], enum: [categorical, null]}
                        classes:
                          type: array
                          items: {type: string, minLength: 1, pattern: "^[^\\x00-\\x1f\\x7f]+$"}
                          minItems: 2
                          uniqueItems: true
              responses:
                "201":
                  description: Created.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Project"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: One project; counts for admins and viewers only.
              responses:
                "200":
                  description: The project.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Project"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/deliveries:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Delivery receipts, oldest first (a vendor sees only its own).
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: A page of receipts.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items: {$ref: "#/components/schemas/Receipt"}
                          next_cursor: {type: [string, "null"]}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: Push a delivery named by its Idempotency-Key (same as PUT …/deliveries/{name}).
              parameters:
                - name: Idempotency-Key
                  in: header
                  required: true
                  schema: {type: string, minLength: 1, maxLength: 200}
                - $ref: "#/components/parameters/vendor"
              requestBody: {$ref: "#/components/requestBodies/Delivery"}
              responses:
                "200": {$ref: "#/components/responses/Replayed"}
                "201": {$ref: "#/components/responses/Accepted"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/deliveries/{name}:
            parameters:
              - $ref: "#/components/parameters/project"
              - name: name
                in: path
                required: true
                schema: {type: string, minLength: 1, maxLength: 200}
            put:
              summary: |
                Push a delivery: streamed CSV, TSV or JSON Lines (gzip allowed), read as the project's type
                (categorical, pairwise, rating, multilabel or text: the columns `assay import` takes for that
                type) and validated like `assay import`, against the project's classes or rating scale, all
                or nothing. Same name and same content replays (200); same name and other content is a
                conflict (409); invalid rows give 422 with the row errors. A vendor token pushes as its own
                vendor (a vendor column, if any, must name it); an admin names the vendor with ?vendor=.
              parameters:
                - $ref: "#/components/parameters/vendor"
              requestBody: {$ref: "#/components/requestBodies/Delivery"}
              responses:
                "200": {$ref: "#/components/responses/Replayed"}
                "201": {$ref: "#/components/responses/Accepted"}
                default: {$ref: "#/components/responses/Problem"}
            get:
              summary: The receipts of every push under this name (a vendor sees only its own).
              responses:
                "200":
                  description: Receipts.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [name, receipts]
                        properties:
                          name: {type: string}
                          receipts:
                            type: array
                            items: {$ref: "#/components/schemas/Receipt"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/gold:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Gold answers (admins and viewers).
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: A page of gold answers.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items:
                              type: object
                              required: [position, item, answer]
                              properties:
                                position: {type: integer}
                                item: {type: string}
                                answer: {type: string}
                          next_cursor: {type: [string, "null"]}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: Add gold answers from a file with item and gold columns (admin); extra columns become payloads.
              parameters:
                - name: replace
                  in: query
                  required: false
                  schema: {type: string, enum: ["true", "false"]}
              requestBody:
                required: true
                content:
                  text/csv:
                    schema: {type: string}
                  text/tab-separated-values:
                    schema: {type: string}
                  application/x-ndjson:
                    schema: {type: string}
              responses:
                "201":
                  description: Added.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [answers, new, changed, unchanged]
                        properties:
                          answers: {type: integer}
                          new: {type: integer}
                          changed: {type: integer}
                          unchanged: {type: integer}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/batches:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Outgoing batches (a vendor sees only its own).
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: A page of batches.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items: {$ref: "#/components/schemas/Batch"}
                          next_cursor: {type: [string, "null"]}
                default: {$ref: "#/components/responses/Problem"}
            post:
              summary: Make a batch for a vendor with gold honeypots mixed in (admin).
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [vendor, columns, rows]
                      properties:
                        vendor: {type: string, minLength: 1}
                        name: {type: string}
                        gold_rate: {type: number, minimum: 0, exclusiveMaximum: 1}
                        seed: {type: integer, minimum: 0}
                        columns:
                          type: array
                          items: {type: string}
                          contains: {enum: [task, item, question, task_id, item_id, question_id]}
                        rows:
                          type: array
                          minItems: 1
                          items:
                            type: array
                            items: {type: [string, "null"]}
              responses:
                "201":
                  description: Made.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [batch, warnings]
                        properties:
                          batch: {$ref: "#/components/schemas/Batch"}
                          warnings:
                            type: array
                            items: {type: string}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/batches/{batch}:
            parameters:
              - $ref: "#/components/parameters/project"
              - name: batch
                in: path
                required: true
                schema: {type: string}
            get:
              summary: One batch with its rows (a vendor reaches only its own).
              responses:
                "200":
                  description: The batch.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Batch"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/scorecard:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: |
                Vendor and annotator scorecards with the default method (admins and viewers), cached until the
                next delivery or gold change. Every vendor and comparison; the annotators a page at a time
                (`limit`, `cursor`: `annotators_next_cursor` of the previous page). A pairwise, rating,
                multilabel or text project gets the report of its type, its annotators (a rating report's
                raters) paged the same way.
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: The scorecard report (the shape of `assay report --format json`) with one page of annotators, or the report of a typed project's type.
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - {$ref: "#/components/schemas/Scorecard"}
                          - {$ref: "#/components/schemas/TypedReport"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/agreement:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Every agreement coefficient at the nominal level with 95% bootstrap intervals (admins and viewers); a typed project gets its type's coefficients (its report's agreement rows).
              responses:
                "200":
                  description: The agreement report.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [rows]
                        properties:
                          rows:
                            type: array
                            items: {$ref: "#/components/schemas/AgreementRow"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/consensus:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Each item's consensus label, confidence and posterior (admins and viewers), or the consensus row of a typed project's type; ?format=jsonl streams every item.
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
                - name: format
                  in: query
                  required: false
                  schema: {type: string, enum: [json, jsonl]}
              responses:
                "200":
                  description: A page of items, or every item as JSON Lines.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items:
                              oneOf:
                                - {$ref: "#/components/schemas/Consensus"}
                                - {$ref: "#/components/schemas/PairwiseConsensus"}
                                - {$ref: "#/components/schemas/RatingConsensus"}
                                - {$ref: "#/components/schemas/MultiLabelConsensus"}
                                - {$ref: "#/components/schemas/TextConsensus"}
                          next_cursor: {type: [string, "null"]}
                    application/x-ndjson:
                      schema: {type: string}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/plan:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: |
                How to split the next batch's budget across vendors for the most correct labels per dollar
                (admins and viewers; categorical projects): the object `assay plan --json` prints. Vendors
                without a price are left out; 422 when none has one or the caps admit no split.
              parameters:
                - {name: budget, in: query, required: true, schema: {type: number, exclusiveMinimum: 0, maximum: 1000000000000}}
                - {name: max_share, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, maximum: 1, default: 0.5}}
                - {name: min_share, in: query, required: false, schema: {type: number, minimum: 0, maximum: 1, default: 0.05}}
                - {name: samples, in: query, required: false, schema: {type: integer, minimum: 100, maximum: 100000, default: 2000}}
                - $ref: "#/components/parameters/seed"
              responses:
                "200":
                  description: The sourcing plan.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/SourcingPlan"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/next:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: The items below the target confidence, ranked, with the vendor to ask (admins and viewers; categorical projects); the object `assay next --json` prints.
              parameters:
                - {name: target, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95}}
                - {name: budget, in: query, required: false, schema: {type: integer, minimum: 0}}
                - $ref: "#/components/parameters/seed"
              responses:
                "200":
                  description: The redundancy plan.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/RedundancyPlan"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/deliveries/{name}/acceptance:
            parameters:
              - $ref: "#/components/parameters/project"
              - {name: name, in: path, required: true, description: The delivery's id or name (the latest of that name)., schema: {type: string, minLength: 1}}
            get:
              summary: |
                Accept or reject one delivery against a contract (admins and viewers; categorical projects):
                sampling plan, OC curve, decision from its gold labels, SPRT, the vendor's ISO 2859-1
                switching state; the object `assay accept --json` prints. 404 for an unknown delivery.
              parameters:
                - {name: aql, in: query, required: true, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1}}
                - {name: ltpd, in: query, required: true, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1}}
                - {name: alpha, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05}}
                - {name: beta, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.1}}
              responses:
                "200":
                  description: The acceptance.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/DeliveryAcceptance"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/drift:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Drift of each vendor and annotator over deliveries (gold accuracy EWMA, label mix PSI and χ², speed) with alarms (admins and viewers; categorical projects); the object `assay drift --json` prints.
              parameters:
                - {name: lambda, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, maximum: 1, default: 0.5}}
                - {name: baseline, in: query, required: false, schema: {type: integer, minimum: 1, default: 3}}
                - {name: all_annotators, in: query, required: false, schema: {type: boolean, default: false}}
              responses:
                "200":
                  description: The drift report.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/DriftReport"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/projects/{project}/fraud:
            parameters:
              - $ref: "#/components/parameters/project"
            get:
              summary: Clones, collusion, bot-like timing and leaked honeypots, ranked with evidence and Benjamini–Hochberg q (admins and viewers; categorical projects); the object `assay fraud --json` prints.
              parameters:
                - {name: level, in: query, required: false, schema: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05}}
                - {name: min_shared, in: query, required: false, schema: {type: integer, minimum: 2, default: 20}}
                - {name: shown, in: query, required: false, schema: {type: integer, minimum: 0, default: 10}}
              responses:
                "200":
                  description: The fraud report.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/FraudReport"}
                default: {$ref: "#/components/responses/Problem"}
          /v1/audit:
            get:
              summary: The audit log, oldest first (admin).
              parameters:
                - $ref: "#/components/parameters/limit"
                - $ref: "#/components/parameters/cursor"
              responses:
                "200":
                  description: A page of entries.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items, next_cursor]
                        properties:
                          items:
                            type: array
                            items:
                              type: object
                              required: [position, at, action, detail, actor]
                              properties:
                                position: {type: integer}
                                at: {type: string}
                                action: {type: string}
                                detail: {type: string}
                                actor: {type: string}
                          next_cursor: {type: [string, "null"]}
                default: {$ref: "#/components/responses/Problem"}
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          parameters:
            project:
              name: project
              in: path
              required: true
              schema: {type: string, minLength: 1}
            vendor:
              name: vendor
              in: query
              required: false
              description: The vendor an admin pushes for; a vendor token leaves it out.
              schema: {type: string, minLength: 1}
            limit:
              name: limit
              in: query
              required: false
              schema: {type: integer, minimum: 1, maximum: 1000}
            cursor:
              name: cursor
              in: query
              required: false
              schema: {type: string, pattern: "^[0-9]+$"}
            seed:
              name: seed
              in: query
              required: false
              description: Seed of the Thompson draws and of the hierarchy's sample on large projects.
              schema: {type: integer, minimum: 0, maximum: 18446744073709551615, default: 0}
          requestBodies:
            Delivery:
              description: |
                The delivery file, of the project's type: categorical (item, worker, label), pairwise
                (worker with winner and loser, or left, right and winner), rating (item, worker, a number
                on the project's scale), multilabel (item, worker, the classes separated by ';') or text
                (item, worker, the answer); optional vendor, time, duration and cost columns.
              required: true
              content:
                text/csv:
                  schema: {type: string}
                text/tab-separated-values:
                  schema: {type: string}
                application/x-ndjson:
                  schema: {type: string}
          responses:
            Accepted:
              description: Stored as a new delivery.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Receipt"}
            Replayed:
              description: The same content was stored before; nothing new was written.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Receipt"}
            Problem:
              description: An error (RFC 9457).
              content:
                application/problem+json:
                  schema: {$ref: "#/components/schemas/Problem"}
          schemas:
            Project:
              type: object
              required: [id, name, type, classes, created_at]
              properties:
                id: {type: integer}
                name: {type: string}
                type: {type: string}
                classes:
                  type: array
                  items: {type: string}
                created_at: {type: string}
                counts:
                  type: object
                  required: [items, labels, annotators, vendors, deliveries, gold]
                  properties:
                    items: {type: integer}
                    labels: {type: integer}
                    annotators: {type: integer}
                    vendors: {type: integer}
                    deliveries: {type: integer}
                    gold: {type: integer}
            Receipt:
              type: object
              required: [id, vendor, name, sha256, status, labels, items, received_at, errors, error_total]
              properties:
                id: {type: integer}
                delivery_id: {type: [integer, "null"]}
                vendor: {type: string}
                name: {type: string}
                sha256: {type: string}
                status: {type: string, enum: [accepted, replayed, conflict, rejected]}
                labels: {type: integer}
                items: {type: integer}
                received_at: {type: string}
                errors:
                  type: array
                  items: {$ref: "#/components/schemas/RowError"}
                error_total: {type: integer}
            Batch:
              type: object
              required: [id, vendor, name, created_at, items]
              properties:
                id: {type: integer}
                vendor: {type: string}
                name: {type: string}
                created_at: {type: string}
                items: {type: integer}
                content:
                  type: object
                  required: [columns, rows]
                  properties:
                    columns:
                      type: array
                      items: {type: string}
                    rows:
                      type: array
                      items:
                        type: array
                        items: {type: [string, "null"]}
            Figure:
              type: object
              required: [value, low, high, reason]
              properties:
                value: {type: number}
                low: {type: [number, "null"]}
                high: {type: [number, "null"]}
                reason: {type: [string, "null"]}
            TypedReport:
              description: The report of a pairwise, rating, multilabel or text project (AssayReport's PairwiseReport, RatingReport, MultiLabelReport, TextReport); `type` says which.
              type: object
              required: [type, method, bootstrap, seed, summary, vendors, agreement, annotators_total, annotators_next_cursor]
              properties:
                type: {type: string, enum: [pairwise, rating, multilabel, text]}
                annotators_total: {type: integer, description: "Rows in the whole per-annotator list (`annotators`, a rating report's `raters`)."}
                annotators_next_cursor: {type: [string, "null"]}
                method: {type: string}
                bootstrap: {type: integer}
                seed: {type: integer}
                summary: {type: object}
                vendors: {type: array, items: {type: object}}
                agreement:
                  type: array
                  items: {$ref: "#/components/schemas/AgreementRow"}
            PairwiseConsensus:
              type: object
              required: [item, first, second, outcome, preferred, confidence, p_first, p_second, p_tie, votes, vendors, method]
              properties:
                item: {type: string}
                first: {type: string}
                second: {type: string}
                outcome: {type: string}
                preferred: {type: [string, "null"]}
                confidence: {type: number}
                p_first: {type: number}
                p_second: {type: number}
                p_tie: {type: number}
                votes: {type: integer}
                vendors: {type: array, items: {type: string}}
                method: {type: string}
            RatingConsensus:
              type: object
              required: [item, value, low, high, ratings, vendors, method]
              properties:
                item: {type: string}
                value: {type: number}
                low: {type: number}
                high: {type: number}
                ratings: {type: integer}
                vendors: {type: array, items: {type: string}}
                method: {type: string}
            MultiLabelConsensus:
              type: object
              required: [item, classes, posterior, labels, vendors, method]
              properties:
                item: {type: string}
                classes: {type: array, items: {type: string}}
                posterior: {type: object, additionalProperties: {type: number}}
                labels: {type: integer}
                vendors: {type: array, items: {type: string}}
                method: {type: string}
            TextConsensus:
              type: object
              required: [item, text, confidence, answers, vendors, source_annotator, method]
              properties:
                item: {type: string}
                text: {type: string}
                confidence: {type: number}
                answers: {type: integer}
                vendors: {type: array, items: {type: string}}
                source_annotator: {type: [string, "null"]}
                method: {type: string}
            Scorecard:
              type: object
              required: [method, method_notes, warnings, classes, bootstrap, seed, vendors, comparisons, annotators, annotators_total, annotators_next_cursor]
              properties:
                annotators_total: {type: integer}
                annotators_next_cursor: {type: [string, "null"]}
                method: {type: string}
                method_notes:
                  type: array
                  items: {type: string}
                warnings:
                  type: array
                  items: {type: string}
                classes:
                  type: array
                  items: {type: string}
                bootstrap: {type: integer}
                seed: {type: integer}
                vendors:
                  type: array
                  items:
                    type: object
                    required: [vendor, annotators, labels, items, gold_labels, gold_items, gold_accuracy, estimated_accuracy, reading]
                    properties:
                      vendor: {type: string}
                      annotators: {type: integer}
                      labels: {type: integer}
                      items: {type: integer}
                      gold_labels: {type: integer}
                      gold_items: {type: integer}
                      gold_accuracy:
                        oneOf:
                          - {$ref: "#/components/schemas/Figure"}
                          - {type: "null"}
                      estimated_accuracy: {$ref: "#/components/schemas/Figure"}
                      alpha: {type: [number, "null"]}
                      flagged_annotators: {type: integer}
                      median_seconds: {type: [number, "null"]}
                      cost_per_label: {type: [number, "null"]}
                      total_cost: {type: [number, "null"]}
                      cost_per_correct_label:
                        oneOf:
                          - {$ref: "#/components/schemas/Figure"}
                          - {type: "null"}
                      flagged_by_kind:
                        type: object
                        additionalProperties: {type: integer}
                      reading: {type: string}
                comparisons:
                  type: array
                  items:
                    type: object
                    required: [a, b, scope, basis, items, difference, p, p_holm, reason]
                    properties:
                      a: {type: string}
                      b: {type: string}
                      scope: {type: string}
                      basis: {type: string}
                      items: {type: integer}
                      difference:
                        oneOf:
                          - {$ref: "#/components/schemas/Figure"}
                          - {type: "null"}
                      p: {type: [number, "null"]}
                      p_holm: {type: [number, "null"]}
                      reason: {type: [string, "null"]}
                annotators:
                  type: array
                  items:
                    type: object
                    required: [vendor, annotator, labels, items, gold_labels, estimated_accuracy, flags]
                    properties:
                      vendor: {type: string}
                      annotator: {type: string}
                      labels: {type: integer}
                      items: {type: integer}
                      gold_labels: {type: integer}
                      gold_accuracy: {type: [number, "null"]}
                      gold_interval:
                        type: [array, "null"]
                        items: {type: number}
                      estimated_accuracy: {type: number}
                      model_accuracy: {type: number}
                      agreement_with_consensus: {type: number}
                      spammer_score: {type: number}
                      label_entropy: {type: number}
                      median_seconds: {type: [number, "null"]}
                      confusion:
                        type: array
                        items:
                          type: array
                          items: {type: number}
                      flags:
                        type: array
                        items: {type: string}
            AgreementRow:
              type: object
              required: [metric, level, group, value, ci_low, ci_high, ci_reason, n_items, n_labels, interpretation, undefined_reason]
              properties:
                metric: {type: string}
                level: {type: string}
                group: {type: [string, "null"]}
                value: {type: [number, "null"]}
                ci_low: {type: [number, "null"]}
                ci_high: {type: [number, "null"]}
                ci_reason: {type: [string, "null"]}
                n_items: {type: integer}
                n_labels: {type: integer}
                interpretation: {type: string}
                undefined_reason: {type: [string, "null"]}
                seconds: {type: number}
            Consensus:
              type: object
              required: [item, label, confidence, posterior, labels, vendors, method]
              properties:
                item: {type: string}
                label: {type: string}
                confidence: {type: number}
                posterior:
                  type: object
                  additionalProperties: {type: number}
                labels: {type: integer}
                vendors:
                  type: array
                  items: {type: string}
                method: {type: string}
            Interval:
              type: object
              required: [low, high]
              properties:
                low: {type: number}
                high: {type: number}
            SourcingPlan:
              type: object
              required: [budget, max_share, min_share, vendors, expected_correct, expected_correct_interval, price_of_diversification, concentration, reading]
              properties:
                budget: {type: number}
                max_share: {type: number}
                min_share: {type: number}
                samples: {type: integer}
                labels_per_item: {type: number}
                vendors:
                  type: array
                  items:
                    type: object
                    required: [vendor, share, labels, cost, price, accuracy, cost_per_correct, cost_per_correct_interval, probability_best]
                    properties:
                      vendor: {type: string}
                      share: {type: number}
                      labels: {type: number}
                      items: {type: number}
                      cost: {type: number}
                      price: {type: number}
                      accuracy: {type: number}
                      expected_correct: {type: number}
                      expected_correct_interval: {$ref: "#/components/schemas/Interval"}
                      cost_per_correct: {type: number}
                      cost_per_correct_interval: {$ref: "#/components/schemas/Interval"}
                      probability_best: {type: number}
                expected_correct: {type: number}
                expected_correct_interval: {$ref: "#/components/schemas/Interval"}
                price_of_diversification: {type: number}
                price_of_diversification_interval: {$ref: "#/components/schemas/Interval"}
                concentration: {type: number}
                reading: {type: string}
            RedundancyPlan:
              type: object
              required: [target, done, needing, requested, requests, per_vendor]
              properties:
                target: {type: number}
                done: {type: integer}
                needing: {type: integer}
                requested: {type: integer}
                requests:
                  type: array
                  items:
                    type: object
                    required: [item, label, confidence, labels, vendor, expected_confidence]
                    properties:
                      item: {type: string}
                      label: {type: string}
                      confidence: {type: number}
                      labels: {type: integer}
                      vendor: {type: string}
                      expected_confidence: {type: number}
                per_vendor:
                  type: array
                  items:
                    type: object
                    required: [vendor, labels]
                    properties:
                      vendor: {type: string}
                      labels: {type: integer}
            DeliveryAcceptance:
              type: object
              required: [contract, plan, operating_characteristic, decision, audit_more, audited, defects, lot_size, posterior, sequential, switching, reading]
              properties:
                contract: {type: object}
                plan:
                  type: object
                  required: [n, c, model, producer_risk, consumer_risk]
                  properties:
                    n: {type: integer}
                    c: {type: integer}
                    model: {type: string}
                    producer_risk: {type: number}
                    consumer_risk: {type: number}
                operating_characteristic:
                  type: array
                  items:
                    type: object
                    required: [defect_rate, acceptance]
                    properties:
                      defect_rate: {type: number}
                      acceptance: {type: number}
                decision: {type: string}
                audit_more: {type: integer}
                audited: {type: integer}
                defects: {type: integer}
                lot_size: {type: integer}
                acceptance_number: {type: integer}
                posterior:
                  type: object
                  required: [mean, above_aql, above_ltpd]
                  properties:
                    mean: {type: number}
                    above_aql: {type: number}
                    above_ltpd: {type: number}
                    interval: {$ref: "#/components/schemas/Interval"}
                sequential: {type: object}
                switching:
                  type: array
                  items: {type: object}
                reading: {type: string}
            DriftReport:
              type: object
              required: [alarms, series, annotators_examined, options]
              properties:
                alarms:
                  type: array
                  items:
                    type: object
                    required: [kind, message]
                    properties:
                      kind: {type: string}
                      message: {type: string}
                series:
                  type: array
                  items:
                    type: object
                    required: [scope, vendor, points]
                    properties:
                      scope: {type: string}
                      vendor: {type: string}
                      points:
                        type: array
                        items: {type: object}
                annotators_examined: {type: integer}
                options: {type: object}
            FraudReport:
              type: object
              required: [pairs, groups, annotators, flagged, pairs_tested, level]
              properties:
                pairs:
                  type: array
                  items:
                    type: object
                    required: [first_name, second_name, p, q, flagged, evidence]
                    properties:
                      first_name: {type: string}
                      second_name: {type: string}
                      p: {type: number}
                      q: {type: number}
                      flagged: {type: boolean}
                      evidence: {type: string}
                groups:
                  type: array
                  items: {type: object}
                annotators:
                  type: array
                  items: {type: object}
                flagged: {type: object}
                pairs_tested: {type: integer}
                level: {type: number}
            RowError:
              type: object
              required: [line, expected]
              properties:
                line: {type: integer}
                field: {type: [string, "null"]}
                value: {type: [string, "null"]}
                expected: {type: string}
            Problem:
              type: object
              required: [type, status, title, detail]
              properties:
                type: {type: string}
                status: {type: integer}
                title: {type: string}
                detail: {type: string}
                errors:
                  type: array
                  items: {$ref: "#/components/schemas/RowError"}
                error_total: {type: integer}
        """#
}
