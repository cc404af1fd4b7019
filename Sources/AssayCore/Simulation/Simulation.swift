// Assay — quality control for human-labelled training data.

/// A synthetic labelling campaign with known truth: vendors of given quality and price, each with a
/// pool of annotators (some spammers answering at random, some constant answerers), items labelled
/// by `overlap` annotators drawn from across vendors, and a share of gold items.
public struct Simulation: Sendable {
    /// One vendor's make-up.
    public struct Vendor: Sendable {
        /// Vendor name.
        public var name: String
        /// Number of annotators.
        public var annotators: Int
        /// Accuracy of a diligent annotator (errors spread evenly over the other classes).
        public var accuracy: Double
        /// Share of annotators answering uniformly at random.
        public var spammerShare: Double
        /// Share of annotators always giving the same class.
        public var constantShare: Double
        /// Price of one label.
        public var costPerLabel: Double
        /// Mean seconds a diligent annotator spends on a label (spammers take a fifth of it).
        public var secondsPerLabel: Double

        /// A vendor.
        public init(
            name: String, annotators: Int, accuracy: Double, spammerShare: Double = 0,
            constantShare: Double = 0,
            costPerLabel: Double = 0.05, secondsPerLabel: Double = 20
        ) {
            self.name = name
            self.annotators = annotators
            self.accuracy = accuracy
            self.spammerShare = spammerShare
            self.constantShare = constantShare
            self.costPerLabel = costPerLabel
            self.secondsPerLabel = secondsPerLabel
        }
    }

    /// One simulated label.
    public struct Label: Sendable {
        /// Item index.
        public var item: Int
        /// Vendor index.
        public var vendor: Int
        /// Annotator index within the vendor.
        public var annotator: Int
        /// Class index given.
        public var value: Int
        /// Seconds spent.
        public var seconds: Double
        /// Cost.
        public var cost: Double
        /// Seconds since the campaign started.
        public var createdAt: Double
    }

    /// Vendors.
    public var vendors: [Vendor]
    /// Number of items.
    public var items: Int
    /// Number of classes.
    public var classes: Int
    /// Labels per item.
    public var overlap: Int
    /// Share of items that are gold.
    public var goldRate: Double
    /// Seed of every random draw.
    public var seed: UInt64

    /// A campaign.
    public init(vendors: [Vendor], items: Int, classes: Int, overlap: Int, goldRate: Double, seed: UInt64) {
        self.vendors = vendors
        self.items = items
        self.classes = classes
        self.overlap = overlap
        self.goldRate = goldRate
        self.seed = seed
    }

    /// What a run produced: truth per item, which items are gold, every label, and each annotator's
    /// kind and true accuracy.
    public struct Output: Sendable {
        /// True class per item.
        public var truth: [Int]
        /// Whether each item is a gold item.
        public var isGold: [Bool]
        /// Labels in creation order.
        public var labels: [Label]
        /// Per vendor, per annotator: "diligent", "spammer" or "constant".
        public var kinds: [[String]]
        /// Per vendor, per annotator: probability of a correct label.
        public var trueAccuracy: [[Double]]
    }

    /// Runs the simulation. Deterministic under `seed`.
    /// - Complexity: O(items × overlap).
    public func run() -> Output {
        var rng = SeededGenerator(seed: seed)
        let k = max(classes, 2)
        let truth = (0..<items).map { _ in Int(rng.next() % UInt64(k)) }
        let isGold = (0..<items).map { _ in rng.nextUnit() < goldRate }
        var kinds: [[String]] = []
        var accuracy: [[Double]] = []
        var constant: [[Int]] = []
        var pool: [(Int, Int)] = []
        for (v, vendor) in vendors.enumerated() {
            var kv: [String] = []
            var av: [Double] = []
            var cv: [Int] = []
            let spammers = Int((Double(vendor.annotators) * vendor.spammerShare).rounded())
            let constants = Int((Double(vendor.annotators) * vendor.constantShare).rounded())
            for a in 0..<vendor.annotators {
                pool.append((v, a))
                cv.append(Int(rng.next() % UInt64(k)))
                if a < spammers {
                    kv.append("spammer")
                    av.append(1 / Double(k))
                } else if a < spammers + constants {
                    kv.append("constant")
                    av.append(1 / Double(k))
                } else {
                    kv.append("diligent")
                    // Individual accuracies spread ±0.05 around the vendor's.
                    av.append(min(max(vendor.accuracy + (rng.nextUnit() - 0.5) * 0.1, 1 / Double(k)), 1))
                }
            }
            kinds.append(kv)
            accuracy.append(av)
            constant.append(cv)
        }
        var labels: [Label] = []
        labels.reserveCapacity(items * overlap)
        var clock = 0.0
        for i in 0..<items {
            // Distinct annotators for this item.
            var chosen: [(Int, Int)] = []
            let want = min(overlap, pool.count)
            while chosen.count < want {
                let pick = pool[Int(rng.next() % UInt64(pool.count))]
                if !chosen.contains(where: { $0 == pick }) { chosen.append(pick) }
            }
            for (v, a) in chosen {
                let vendor = vendors[v]
                let value: Int
                var seconds = vendor.secondsPerLabel * (0.5 + rng.nextUnit())
                switch kinds[v][a] {
                case "spammer":
                    value = Int(rng.next() % UInt64(k))
                    seconds /= 5
                case "constant":
                    value = constant[v][a]
                    seconds /= 5
                default:
                    if rng.nextUnit() < accuracy[v][a] {
                        value = truth[i]
                    } else {
                        value = (truth[i] + 1 + Int(rng.next() % UInt64(k - 1))) % k
                    }
                }
                clock += 1
                labels.append(
                    Label(
                        item: i, vendor: v, annotator: a, value: value, seconds: seconds,
                        cost: vendor.costPerLabel,
                        createdAt: clock))
            }
        }
        return Output(truth: truth, isGold: isGold, labels: labels, kinds: kinds, trueAccuracy: accuracy)
    }
}
