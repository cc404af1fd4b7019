// Assay — quality control for human-labelled training data.

public import AssayCore

/// Where a buyer's projects live: the embedded SQLite file or a team's PostgreSQL.
///
/// A closed set of implementations (`SQLiteStore`, `PostgresStore`); application code takes
/// `any Store`, and one test suite runs against every implementation. Every change is written in a
/// single transaction and recorded in the append-only audit log. The methods are `async` because a
/// team store is a network service; the embedded one does its work on GRDB's own queue.
public protocol Store: Sendable {
    /// Creates a project. Throws `StoreError.projectExists` when the name is taken.
    func createProject(_ project: NewProject) async throws -> ProjectRecord
    /// Every project, oldest first.
    func projects() async throws -> [ProjectRecord]
    /// The project called `name`. Throws `StoreError.unknownProject` listing the known names.
    func project(named name: String) async throws -> ProjectRecord
    /// Counts of what a project holds.
    func counts(of project: ProjectRecord) async throws -> ProjectCounts
    /// Imports one delivery atomically: wholly present or wholly absent. A delivery whose content
    /// hash the project already has is not imported again (`ImportOutcome.duplicate`), nor, unless
    /// `allowDuplicateRows` is set, one whose rows equal an earlier delivery's of the same vendor
    /// whatever its bytes (`ImportOutcome.sameRows`, by `rowsDigest`).
    /// - Complexity: O(labels + the delivery's distinct ids + the project's items).
    func importDelivery(_ delivery: DeliveryImport, into project: ProjectRecord) async throws -> ImportOutcome
    /// Adds or replaces gold answers (item id → answer as text, checked against the project:
    /// a class name (categorical), `;`-separated class names (multilabel, empty for none), a number
    /// on the scale (rating), the preferred object's id or `tie` (pairwise), the reference (text)).
    func addGold(_ answers: [(item: String, answer: String)], source: String, to project: ProjectRecord)
        async throws -> Int
    /// Every label of the project as the typed set of its type: ids in the project's order (store
    /// ids: new ids of one import in byte order of their names), classes in the project's order, a
    /// rating project's scale.
    /// - Complexity: O(labels) plus the ids.
    func labels(of project: ProjectRecord) async throws -> TypedLabels
    /// The project's gold answers (item id, answer as text in the form `addGold` takes).
    func goldAnswers(of project: ProjectRecord) async throws -> [(item: String, answer: String)]
    /// The project's deliveries, oldest first.
    func deliveries(of project: ProjectRecord) async throws -> [DeliveryRecord]
    /// The delivery each label of `labels(of:)` came from, in that set's label order (by item,
    /// stably; every project type): entry `l` is the position in `deliveries(of:)` of label `l`'s
    /// delivery (per-delivery figures).
    /// - Complexity: O(labels + items).
    func labelDeliveries(of project: ProjectRecord) async throws -> [Int32]
    /// The stored payloads (JSON objects) of those of `items` that have one, by item id.
    func payloads(of items: [String], in project: ProjectRecord) async throws -> [String: String]
    /// The oldest delivery of `project` that `vendor` sent under the name `source`, if any: one
    /// query, whatever the number of deliveries (the server asks it on every push).
    func delivery(named source: String, vendor: String, in project: ProjectRecord) async throws
        -> DeliveryRecord?
    /// The audit log, oldest first.
    func auditLog() async throws -> [AuditEntry]
    /// Stores item payloads (a JSON object per item, for example the text shown to annotators),
    /// creating the items when new.
    func setPayloads(_ payloads: [(item: String, json: String)], in project: ProjectRecord) async throws
    /// Every gold item with its answer, payload and how many batches have shown it to `vendor`.
    func goldExposure(of project: ProjectRecord, vendor: String) async throws -> [GoldExposure]
    /// Records an outgoing batch for `vendor`, the gold items mixed into it and the batch as written
    /// (`rows`: JSON `{"columns": [...], "rows": [[value or null, ...], ...]}`, gold and real items
    /// alike, in the written order).
    func recordBatch(
        name: String, vendor: String, items: Int, gold: [String], rows: String, in project: ProjectRecord
    ) async throws -> Int64
    /// The project's batches, oldest first; only `vendor`'s when given.
    func batches(of project: ProjectRecord, vendor: String?) async throws -> [BatchRecord]
    /// One batch of the project and its rows (the JSON it was recorded with), or nil.
    func batch(id: Int64, in project: ProjectRecord) async throws -> (record: BatchRecord, rows: String)?
    /// Keeps a receipt of a delivery sent to the server.
    func recordReceipt(_ receipt: NewReceipt, in project: ProjectRecord) async throws -> ReceiptRecord
    /// The project's receipts with ids after `after`, oldest first, at most `limit`; only `vendor`'s
    /// when given.
    func receipts(of project: ProjectRecord, vendor: String?, after: Int64, limit: Int) async throws
        -> [ReceiptRecord]
    /// Problems found in the stored data (the database's own integrity checks, deliveries whose row
    /// count differs from their labels, labels pointing at missing rows); empty when consistent.
    /// - Complexity: O(database size).
    func integrityProblems() async throws -> [String]
    /// Stores a token (its secret's hash only) and returns its record.
    func createToken(_ token: NewToken) async throws -> TokenRecord
    /// Every token, oldest first (revoked ones too).
    func tokens() async throws -> [TokenRecord]
    /// The token with this id, or nil.
    func token(id: Int64) async throws -> TokenRecord?
    /// Revokes a token; false when there is no such token or it was revoked already.
    func revokeToken(id: Int64) async throws -> Bool
    /// Releases connections; the store must not be used afterwards.
    func close() async
}

/// Whether a command will write to the store it opens.
public enum StoreAccess: Sendable {
    /// Only reads: a missing store is an error (nothing is created) and a read-only one is fine.
    case read
    /// Writes to a store that must exist already (a missing one is an error, nothing is created).
    case write
    /// Writes, creating a missing embedded store.
    case create
}

/// A gold item as a batch maker sees it.
public struct GoldExposure: Sendable, Equatable {
    /// Item id.
    public var item: String
    /// The gold answer.
    public var answer: String
    /// The item's payload (JSON object), when stored.
    public var payload: String?
    /// Batches that have shown it to the vendor.
    public var shown: Int

    /// A record.
    public init(item: String, answer: String, payload: String?, shown: Int) {
        self.item = item
        self.answer = answer
        self.payload = payload
        self.shown = shown
    }
}

/// A project to create.
public struct NewProject: Sendable {
    /// Unique name.
    public var name: String
    /// The project's type and its settings (classes, scale).
    public var type: ProjectType
    /// Why `init(name:taskType:classes:scale:)` could not build a type from its description;
    /// `validate()` throws it.
    var refusal: StoreError?

    /// A project description.
    public init(name: String, type: ProjectType) {
        self.name = name
        self.type = type
    }

    /// A project described as a command line or an API request gives it: a type name
    /// (`categorical`, `pairwise`, `rating`, `multilabel`, `text`), classes (for categorical and
    /// multilabel) and a scale (for rating). A description that names no type `validate()` refuses.
    public init(name: String, taskType: String, classes: [String], scale: RatingScale? = nil) {
        self.name = name
        do {
            type = try ProjectType.named(taskType, classes: classes, scale: scale)
        } catch {
            type = .categorical(classes: classes)
            refusal = error
        }
    }

    /// The type's name.
    public var taskType: String { type.name }
    /// The classes of a categorical or multi-label project; empty for the other types.
    public var classes: [String] { type.classes }
}

/// A stored project.
public struct ProjectRecord: Sendable, Equatable {
    /// Store id.
    public var id: Int64
    /// Unique name.
    public var name: String
    /// The project's type and its settings.
    public var type: ProjectType
    /// When it was created (ISO 8601, UTC).
    public var createdAt: String

    /// A record.
    public init(id: Int64, name: String, type: ProjectType, createdAt: String) {
        self.id = id
        self.name = name
        self.type = type
        self.createdAt = createdAt
    }

    /// The type's name (`categorical`, `pairwise`, `rating`, `multilabel`, `text`).
    public var taskType: String { type.name }
    /// The classes of a categorical or multi-label project; empty for the other types.
    public var classes: [String] { type.classes }
    /// The scale of a rating project; nil for the other types.
    public var scale: RatingScale? { type.scale }
}

/// What a project holds.
public struct ProjectCounts: Sendable, Equatable {
    /// Items.
    public var items: Int
    /// Labels.
    public var labels: Int
    /// Annotators.
    public var annotators: Int
    /// Vendors.
    public var vendors: Int
    /// Deliveries.
    public var deliveries: Int
    /// Gold items.
    public var gold: Int

    /// Counts.
    public init(items: Int, labels: Int, annotators: Int, vendors: Int, deliveries: Int, gold: Int) {
        self.items = items
        self.labels = labels
        self.annotators = annotators
        self.vendors = vendors
        self.deliveries = deliveries
        self.gold = gold
    }
}

/// One delivery to import: validated labels of one project type (their values must fit the
/// project: classes, scale) and provenance.
public struct DeliveryImport: Sendable {
    /// Vendor name (created when new).
    public var vendor: String
    /// The delivery's name (file name by default).
    public var source: String
    /// SHA-256 of the delivery's content, hex.
    public var sha256: String
    /// Cost per label, when the buyer states one (used where rows carry no cost).
    public var costPerLabel: Double?
    /// The labels, of the project's type; annotator ids are scoped by `vendor`.
    public var labels: TypedLabels
    /// Called now and then with (labels written, labels in all) while the delivery is written.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// A digest of the rows whatever their order and the file's bytes (`RowsDigest`).
    public var rowsDigest: String
    /// Import even when an earlier delivery of this vendor has the same rows.
    public var allowDuplicateRows = false

    /// A delivery of any project type.
    public init(
        vendor: String, source: String, sha256: String, costPerLabel: Double?, labels: TypedLabels
    ) {
        self.vendor = vendor
        self.source = source
        self.sha256 = sha256
        self.costPerLabel = costPerLabel
        self.labels = labels
        self.rowsDigest = RowsDigest.of(labels)
    }

    /// A delivery of categorical labels.
    public init(vendor: String, source: String, sha256: String, costPerLabel: Double?, labels: LabelSet) {
        self.init(
            vendor: vendor, source: source, sha256: sha256, costPerLabel: costPerLabel,
            labels: .categorical(labels))
    }
}

/// What an import did.
public enum ImportOutcome: Sendable, Equatable {
    /// Written as a new delivery with this many labels.
    case imported(delivery: Int64, labels: Int)
    /// The same content was imported before, as this delivery; nothing was written.
    case duplicate(of: DeliveryRecord)
    /// The same rows (in any order, with any line ends or quoting) came from this vendor before, as
    /// this delivery; nothing was written.
    case sameRows(as: DeliveryRecord)
}

/// A stored delivery.
public struct DeliveryRecord: Sendable, Equatable {
    /// Store id.
    public var id: Int64
    /// Vendor name.
    public var vendor: String
    /// Source name.
    public var source: String
    /// Content hash.
    public var sha256: String
    /// Labels written.
    public var rows: Int
    /// When (ISO 8601, UTC).
    public var importedAt: String
    /// Total cost, when known.
    public var cost: Double?

    /// A record.
    public init(
        id: Int64, vendor: String, source: String, sha256: String, rows: Int, importedAt: String,
        cost: Double?
    ) {
        self.id = id
        self.vendor = vendor
        self.source = source
        self.sha256 = sha256
        self.rows = rows
        self.importedAt = importedAt
        self.cost = cost
    }
}

/// One audit-log entry.
public struct AuditEntry: Sendable, Equatable {
    /// When (ISO 8601, UTC).
    public var at: String
    /// What happened (`project.create`, `delivery.import`, `gold.add`, `token.create`…).
    public var action: String
    /// Details in plain words.
    public var detail: String
    /// Who did it: `cli` for a terminal, `token:ID` for a request to the server.
    public var actor: String

    /// An entry.
    public init(at: String, action: String, detail: String, actor: String = "cli") {
        self.at = at
        self.action = action
        self.detail = detail
        self.actor = actor
    }
}
