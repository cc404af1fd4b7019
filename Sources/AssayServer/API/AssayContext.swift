// Assay — quality control for human-labelled training data.

public import Hummingbird

/// The request context of every route: Hummingbird's core storage and the authenticated caller.
public struct AssayContext: RequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once its token has been checked (nil on open routes).
    public var caller: Caller?

    /// A context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// JSON bodies the server decodes (project creation, batches) are small.
    public var maxUploadSize: Int { 8 << 20 }
}
