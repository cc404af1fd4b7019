// Assay — quality control for human-labelled training data.

public import AssayCore

/// A figure with its 95% interval, or with the reason it has none (`"too few items (n)"`).
public struct Figure: Codable, Sendable, Equatable {
    /// The estimate.
    public var value: Double
    /// Lower end of the interval, when there is one.
    public var low: Double?
    /// Upper end.
    public var high: Double?
    /// Why there is no interval.
    public var reason: String?

    /// A figure.
    public init(value: Double, low: Double? = nil, high: Double? = nil, reason: String? = nil) {
        self.value = value
        self.low = low
        self.high = high
        self.reason = reason
    }

    /// The figure of a scorecard estimate.
    public init(_ e: VendorScorecard.Estimate) {
        self.init(value: e.value, low: e.low, high: e.high, reason: e.reason)
    }

    /// A proportion or rate with a formula interval (Wilson, normal): nil when there is no value.
    public init?(_ value: Double?, interval: (low: Double, high: Double)?) {
        guard let value else { return nil }
        self.init(value: value, low: interval?.low, high: interval?.high)
    }

    /// An agreement estimate as a figure: nil when it is undefined.
    public init?(_ e: AgreementEstimate) {
        guard let value = e.value else { return nil }
        self.init(value: value, low: e.ciLow, high: e.ciHigh, reason: e.intervalReason)
    }

    /// The interval, when both ends are there.
    public var interval: (low: Double, high: Double)? {
        guard let low, let high else { return nil }
        return (low, high)
    }

    enum CodingKeys: String, CodingKey { case value, low, high, reason }

    /// Encodes absent ends and reason as `null` (a reader sees every key).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(low, forKey: .low)
        try c.encode(high, forKey: .high)
        try c.encode(reason, forKey: .reason)
    }
}
