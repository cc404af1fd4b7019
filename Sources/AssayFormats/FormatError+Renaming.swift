// Assay — quality control for human-labelled training data.

extension FormatError {
    /// The same error naming `display` where it named the file at `path` (a temporary copy, a
    /// spooled upload) — users see the name they gave.
    public func renamed(from path: String, to display: String) -> FormatError {
        var e = self
        if e.file == path { e.file = display }
        return e
    }
}

extension InputErrors {
    /// The same errors naming `display` where they named the file at `path`.
    public func renamed(from path: String, to display: String) -> InputErrors {
        InputErrors(errors: errors.map { $0.renamed(from: path, to: display) }, total: total)
    }
}
