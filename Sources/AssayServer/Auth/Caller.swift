// Assay — quality control for human-labelled training data.

public import AssayStore
import Foundation

/// Who is calling: the token a request presented, checked.
public struct Caller: Sendable {
    /// The token's record.
    public let token: TokenRecord

    /// The token's role.
    public var role: TokenRole { token.role }

    /// The vendor a vendor token speaks for.
    public var vendor: String? { role == .vendor ? token.subject : nil }

    /// The audit log's name for this caller.
    public var actor: String { "token:\(token.id)" }

    /// Whether the token reaches `project` (an empty list reaches every project).
    public func mayReach(project: String) -> Bool {
        token.projects.isEmpty || token.projects.contains(project)
    }

    /// Whether the token reads everything (gold, consensus, scorecards).
    public var readsEverything: Bool { role == .admin || role == .viewer }
}

/// What a route demands of its caller.
public enum Access: String, Sendable, CaseIterable {
    /// Anyone, without a token.
    case open
    /// Any valid token; the route shows each caller only what it may see.
    case anyToken
    /// Admin or viewer: reading everything.
    case reader
    /// Admin only: changes.
    case admin
    /// A vendor pushing its own work, or an admin naming the vendor.
    case vendorOrAdmin
    /// Admin, viewer, or a vendor reading its own (the route filters to the vendor's own).
    case readerOrVendor

    /// Whether a caller with `role` passes this gate (project scope is checked by the route).
    public func admits(_ role: TokenRole) -> Bool {
        switch self {
        case .open, .anyToken: true
        case .reader: role == .admin || role == .viewer
        case .admin: role == .admin
        case .vendorOrAdmin: role == .admin || role == .vendor
        case .readerOrVendor: role == .admin || role == .viewer || role == .vendor
        }
    }
}
