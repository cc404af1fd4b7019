// Assay — quality control for human-labelled training data.

import Foundation

/// A signed-in browser: the token it signed in with and the secret its forms must carry.
struct Session: Sendable {
    /// The cookie's value (256 random bits).
    let id: String
    /// The token behind the session; checked again on every request, so revoking the token ends
    /// the session.
    let tokenID: Int64
    /// The CSRF token every form of this session carries (256 random bits).
    let csrf: String
    /// When it began.
    let created: Date
    /// When it was last used.
    var lastSeen: Date
}

/// The server's sessions and one-time sign-in links, kept in memory: a restart signs everyone
/// out (they sign in again with their token), and several server processes behind one address
/// need sticky sessions. A session ends after `idle` without a request, after `lifetime` in any
/// case, or when its token is revoked or expires.
actor SessionStore {
    private var sessions: [String: Session] = [:]
    private var links: [String: (tokenID: Int64, expires: Date)] = [:]
    /// Time without a request after which a session ends.
    let idle: TimeInterval
    /// Time after which a session ends however busy.
    let lifetime: TimeInterval
    /// Sessions kept at most; the least recently used go first.
    let capacity: Int

    /// A store of sessions.
    init(idle: TimeInterval = 8 * 3600, lifetime: TimeInterval = 7 * 24 * 3600, capacity: Int = 100_000) {
        self.idle = idle
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// 256 random bits in base64url: a session id, a CSRF token, a link code.
    static func secret() -> String { TokenSecret.generate() }

    /// A new session for the token `tokenID`.
    func create(tokenID: Int64, now: Date = Date()) -> Session {
        if sessions.count >= capacity {
            let drop = sessions.values.sorted { $0.lastSeen < $1.lastSeen }.prefix(sessions.count / 10 + 1)
            for s in drop { sessions[s.id] = nil }
        }
        let s = Session(id: Self.secret(), tokenID: tokenID, csrf: Self.secret(), created: now, lastSeen: now)
        sessions[s.id] = s
        return s
    }

    /// The live session with this id, marked as used; nil when unknown or over its time.
    func session(id: String, now: Date = Date()) -> Session? {
        guard var s = sessions[id] else { return nil }
        guard now.timeIntervalSince(s.lastSeen) < idle, now.timeIntervalSince(s.created) < lifetime else {
            sessions[id] = nil
            return nil
        }
        s.lastSeen = now
        sessions[id] = s
        return s
    }

    /// Ends a session.
    func remove(id: String) { sessions[id] = nil }

    /// Sessions alive.
    var count: Int { sessions.count }

    /// A code that signs a browser in as `tokenID` once, within `lifetime` seconds.
    func link(tokenID: Int64, lifetime: TimeInterval = 3600, now: Date = Date()) -> String {
        links = links.filter { $0.value.expires > now }
        let code = Self.secret()
        links[code] = (tokenID, now.addingTimeInterval(lifetime))
        return code
    }

    /// The token a link code signs in as, consuming the code; nil when unknown, used or expired.
    func redeem(code: String, now: Date = Date()) -> Int64? {
        guard let entry = links.removeValue(forKey: code), entry.expires > now else { return nil }
        return entry.tokenID
    }
}
