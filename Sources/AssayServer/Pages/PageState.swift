// Assay — quality control for human-labelled training data.

/// How the dashboard is served.
public struct PageOptions: Sendable {
    /// Mark cookies `Secure` (the server is reached over TLS, through a proxy that terminates it);
    /// they are marked so as well whenever a request says `X-Forwarded-Proto: https`.
    public var secureCookies: Bool

    /// Options.
    public init(secureCookies: Bool = false) { self.secureCookies = secureCookies }
}

/// What the dashboard keeps in memory: sessions and sign-in links, and the queue's open rounds.
final class PageState: Sendable {
    /// Sessions and one-time links.
    let sessions = SessionStore()
    /// Rounds of the labelling queue being worked on.
    let rounds = QueueRounds()
    /// Options.
    let options: PageOptions

    init(options: PageOptions) { self.options = options }
}
