// Assay — quality control for human-labelled training data.

import Foundation
import Hummingbird

/// Keyset paging: `?limit=&cursor=` in, `{items, next_cursor}` out. The cursor is the last id of
/// the page, as text; a page is everything with a greater id.
struct Page: Sendable {
    /// Items a page holds at most.
    let limit: Int
    /// The limit when the request names none.
    static let defaultLimit = 100
    /// Items with ids above this follow.
    let after: Int64

    /// The paging of a request; 400 for a limit outside 1…1000 or a cursor that is not one.
    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let n = Int(text), (1...1000).contains(n) else {
                throw Problem(.badRequest, "limit takes a count from 1 to 1000, got '\(text)'")
            }
            limit = n
        } else {
            limit = Self.defaultLimit
        }
        if let text = query["cursor"] {
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw Problem(.badRequest, "cursor takes the next_cursor of an earlier page, got '\(text)'")
            }
            // A cursor past every id (too large for an id) is the end: an empty page.
            after = Int64(text) ?? .max
        } else {
            after = 0
        }
    }
}

/// One page of a list.
struct PageOf<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items.
    var items: [Item]
    /// The cursor of the next page, or null on the last.
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    /// Writes `next_cursor` as `null` on the last page.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
    }

    /// The page of `all` (sorted by id) that `page` asks for.
    init(_ all: [Item], id: (Item) -> Int64, page: Page) {
        let rest = all.filter { id($0) > page.after }
        items = Array(rest.prefix(page.limit))
        nextCursor = rest.count > page.limit ? items.last.map { "\(id($0))" } : nil
    }

    /// A page already cut by the store, fetched with one item more than the limit.
    init(fetched: [Item], id: (Item) -> Int64, page: Page) {
        items = Array(fetched.prefix(page.limit))
        nextCursor = fetched.count > page.limit ? items.last.map { "\(id($0))" } : nil
    }
}
