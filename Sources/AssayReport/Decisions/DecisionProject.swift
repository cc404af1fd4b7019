// Assay — quality control for human-labelled training data.

public import AssayCore

/// A categorical project loaded for the decisions (`plan`, `next`, `accept`, `drift`, `fraud`): its
/// labels, its gold matched to them, its deliveries in import order and, when a decision needs it,
/// the delivery of each label. The command line and the server build it from the store the same
/// way and call the same decision functions on it.
public struct DecisionProject: Sendable {
    /// One delivery, as the decisions need it.
    public struct Delivery: Sendable, Equatable {
        /// Store id.
        public var id: Int64
        /// The vendor's name.
        public var vendor: String
        /// The delivery's name (its source file or the name it was put under).
        public var name: String
        /// Labels it wrote.
        public var rows: Int
        /// Its total cost, when known.
        public var cost: Double?

        /// A delivery.
        public init(id: Int64, vendor: String, name: String, rows: Int, cost: Double?) {
            self.id = id
            self.vendor = vendor
            self.name = name
            self.rows = rows
            self.cost = cost
        }
    }

    /// The project's name (for messages).
    public var name: String
    /// Its labels.
    public var set: LabelSet
    /// Its gold, matched to `set`; nil when it has none.
    public var gold: GoldAnswers?
    /// Its deliveries in import order.
    public var deliveries: [Delivery]
    /// Per label, its index into `deliveries`; empty when not loaded (only `accept` and `drift` need it).
    public var labelDelivery: [Int32]

    /// A loaded project; throws when it has no labels.
    public init(
        name: String, set: LabelSet, gold: GoldAnswers?, deliveries: [Delivery], labelDelivery: [Int32] = []
    ) throws(DecisionProblem) {
        guard set.count > 0 else { throw DecisionProblem("project \(name) has no labels yet (assay import)") }
        self.name = name
        self.set = set
        self.gold = gold
        self.deliveries = deliveries
        self.labelDelivery = labelDelivery
    }

    /// The problem of a project whose type the decisions do not handle.
    public static func unsupported(project: String, type: String) -> DecisionProblem {
        DecisionProblem("project \(project) is \(type); the decisions work on categorical projects")
    }
}
