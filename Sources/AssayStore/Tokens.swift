// Assay — quality control for human-labelled training data.

/// Who is acting, for the audit log: the server sets it to the request's token for the length of
/// the request; commands run in a terminal leave it as `cli`.
public enum AuditActor {
    /// The actor every write of the current task is recorded under.
    @TaskLocal public static var current = "cli"
}

/// What a token may do.
public enum TokenRole: String, Sendable, CaseIterable, Codable {
    /// Everything.
    case admin
    /// Reads everything (gold, consensus, scorecards); changes nothing.
    case viewer
    /// Pushes deliveries as its vendor and reads its own deliveries and batches; nothing else.
    case vendor
    /// Labels in the in-house queue as its annotator; nothing else.
    case annotator
}

/// A token to store: its role, whom it speaks for, where, until when, and the hash of its secret.
public struct NewToken: Sendable {
    /// The role.
    public var role: TokenRole
    /// The vendor (role vendor) or annotator (role annotator) it acts as; nil otherwise.
    public var subject: String?
    /// Projects it may reach; empty means every project.
    public var projects: [String]
    /// When it stops working (ISO 8601, UTC), if ever.
    public var expiresAt: String?
    /// Hex SHA-256 of the secret (the secret itself is never stored).
    public var secretHash: String
    /// A note for people (who holds it).
    public var note: String

    /// A token description.
    public init(
        role: TokenRole, subject: String?, projects: [String], expiresAt: String?, secretHash: String,
        note: String = ""
    ) {
        self.role = role
        self.subject = subject
        self.projects = projects
        self.expiresAt = expiresAt
        self.secretHash = secretHash
        self.note = note
    }
}

/// A stored token (never its secret).
public struct TokenRecord: Sendable, Equatable {
    /// Store id; part of the token text.
    public var id: Int64
    /// The role.
    public var role: TokenRole
    /// The vendor or annotator it acts as.
    public var subject: String?
    /// Projects it may reach; empty means every project.
    public var projects: [String]
    /// When it was made (ISO 8601, UTC).
    public var createdAt: String
    /// When it stops working, if ever.
    public var expiresAt: String?
    /// When it was revoked, if it was.
    public var revokedAt: String?
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    /// A note for people.
    public var note: String

    /// A record.
    public init(
        id: Int64, role: TokenRole, subject: String?, projects: [String], createdAt: String,
        expiresAt: String?,
        revokedAt: String?, secretHash: String, note: String
    ) {
        self.id = id
        self.role = role
        self.subject = subject
        self.projects = projects
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.secretHash = secretHash
        self.note = note
    }

    /// The role as people write it: `admin`, `viewer`, `vendor:NAME`, `annotator:NAME`.
    public var roleText: String { subject.map { "\(role.rawValue):\($0)" } ?? role.rawValue }
}
