// Assay — quality control for human-labelled training data.

/// What happened to one delivery sent to the server: accepted, replayed, refused or rejected, with
/// its row errors. Receipts are kept for every attempt (a rejected delivery writes no label, but
/// its sender can read why).
public struct NewReceipt: Sendable {
    /// The vendor the delivery came from.
    public var vendor: String
    /// The delivery's name (the path's last part).
    public var name: String
    /// SHA-256 of the bytes received.
    public var sha256: String
    /// `accepted`, `replayed`, `conflict` or `rejected`.
    public var status: String
    /// Labels in the delivery (0 when rejected).
    public var labels: Int
    /// Items in the delivery.
    public var items: Int
    /// The stored delivery, when there is one.
    public var deliveryID: Int64?
    /// The first row errors as a JSON array of `{line, field, value, expected}`.
    public var errors: String
    /// How many rows were invalid in all.
    public var errorTotal: Int

    /// A receipt.
    public init(
        vendor: String, name: String, sha256: String, status: String, labels: Int, items: Int,
        deliveryID: Int64?,
        errors: String = "[]", errorTotal: Int = 0
    ) {
        self.vendor = vendor
        self.name = name
        self.sha256 = sha256
        self.status = status
        self.labels = labels
        self.items = items
        self.deliveryID = deliveryID
        self.errors = errors
        self.errorTotal = errorTotal
    }
}

/// A stored receipt.
public struct ReceiptRecord: Sendable, Equatable {
    /// Store id (increasing; the key of keyset paging).
    public var id: Int64
    /// The vendor.
    public var vendor: String
    /// The delivery's name.
    public var name: String
    /// SHA-256 of the bytes received.
    public var sha256: String
    /// `accepted`, `replayed`, `conflict` or `rejected`.
    public var status: String
    /// Labels.
    public var labels: Int
    /// Items.
    public var items: Int
    /// The stored delivery, if any.
    public var deliveryID: Int64?
    /// The first row errors (JSON array).
    public var errors: String
    /// Invalid rows in all.
    public var errorTotal: Int
    /// When it was received (ISO 8601, UTC).
    public var receivedAt: String
    /// Who sent it (`token:ID`).
    public var actor: String

    /// A record.
    public init(
        id: Int64, vendor: String, name: String, sha256: String, status: String, labels: Int, items: Int,
        deliveryID: Int64?, errors: String, errorTotal: Int, receivedAt: String, actor: String
    ) {
        self.id = id
        self.vendor = vendor
        self.name = name
        self.sha256 = sha256
        self.status = status
        self.labels = labels
        self.items = items
        self.deliveryID = deliveryID
        self.errors = errors
        self.errorTotal = errorTotal
        self.receivedAt = receivedAt
        self.actor = actor
    }
}

/// An outgoing batch as stored.
public struct BatchRecord: Sendable, Equatable {
    /// Store id.
    public var id: Int64
    /// The vendor it was made for.
    public var vendor: String
    /// Its name.
    public var name: String
    /// When it was made (ISO 8601, UTC).
    public var createdAt: String
    /// Rows in it (gold included).
    public var items: Int

    /// A record.
    public init(id: Int64, vendor: String, name: String, createdAt: String, items: Int) {
        self.id = id
        self.vendor = vendor
        self.name = name
        self.createdAt = createdAt
        self.items = items
    }
}

/// A batch as the store keeps it and the server hands it to its vendor: the columns and the rows in
/// the written order (honeypots and real items alike).
public struct BatchContent: Codable, Sendable, Equatable {
    /// Column names.
    public var columns: [String]
    /// Values, null where the row had none.
    public var rows: [[String?]]

    /// A batch's content.
    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }
}
