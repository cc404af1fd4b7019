// Assay — quality control for human-labelled training data.

import Foundation

/// A simulated labelling campaign for proving the decisions: vendors whose annotators' accuracies
/// scatter around the vendor's (Beta with the vendor's strength), annotators whose volumes follow a
/// heavy tail (most give few labels), deliveries in time order, gold items, and the anomalies the
/// decisions must find: a vendor whose accuracy drops from some delivery on, clones (one person
/// under two ids, copying with noise, at lined-up times), bots (random answers, fast and regular)
/// and honeypot leakers (right on gold, poor elsewhere). Errors are spread evenly over the other
/// classes, so an annotator's true accuracy is the same for every class prior.
public struct CampaignSimulation: Sendable {
    /// One vendor's make-up.
    public struct Vendor: Sendable {
        /// Name.
        public var name: String
        /// Annotators.
        public var annotators: Int
        /// Mean accuracy of its annotators.
        public var accuracy: Double
        /// Strength of the Beta its annotators' accuracies are drawn from (larger: more alike).
        public var strength: Double
        /// Price of a label.
        public var price: Double
        /// Relative volume: the vendor's share of the labels is its volume over the total.
        public var volume: Double
        /// Median seconds a label takes.
        public var seconds: Double

        /// A vendor.
        public init(
            name: String, annotators: Int, accuracy: Double, strength: Double = 30, price: Double = 0.05,
            volume: Double = 1, seconds: Double = 20
        ) {
            self.name = name
            self.annotators = annotators
            self.accuracy = accuracy
            self.strength = strength
            self.price = price
            self.volume = volume
            self.seconds = seconds
        }
    }

    /// A planted clone: annotator `copy` of vendor `copyVendor` is the same person as annotator
    /// `source` of vendor `sourceVendor`: on a share `coverage` of the source's items the copy
    /// labels too, giving the source's answer except with probability `noise` (then a random
    /// class), a few seconds after it.
    public struct Clone: Sendable {
        /// Vendor of the original.
        public var sourceVendor: Int
        /// Annotator (within its vendor) of the original.
        public var source: Int
        /// Vendor of the copy.
        public var copyVendor: Int
        /// Annotator (within its vendor) of the copy; it gives no labels of its own.
        public var copy: Int
        /// Probability of a random answer instead of the copied one.
        public var noise: Double
        /// Share of the source's items the copy also labels.
        public var coverage: Double

        /// A clone.
        public init(
            sourceVendor: Int, source: Int, copyVendor: Int, copy: Int, noise: Double, coverage: Double = 1
        ) {
            self.sourceVendor = sourceVendor
            self.source = source
            self.copyVendor = copyVendor
            self.copy = copy
            self.noise = noise
            self.coverage = coverage
        }
    }

    /// Vendors.
    public var vendors: [Vendor]
    /// Items.
    public var items: Int
    /// Classes.
    public var classes: Int
    /// Labels per item (distinct annotators, across vendors by volume).
    public var overlap: Int
    /// Share of gold items.
    public var goldRate: Double
    /// Deliveries per vendor (consecutive stretches of the items, in time order).
    public var deliveries: Int
    /// Pareto exponent of the annotators' volumes (smaller: heavier tail; 1.2 gives most
    /// annotators a handful of labels and a few hundreds).
    public var volumeTail: Double
    /// Drops in accuracy: vendor, first delivery affected, and the absolute drop of every one of its
    /// annotators.
    public var drifts: [(vendor: Int, from: Int, drop: Double)]
    /// Planted clones.
    public var clones: [Clone]
    /// Bots: (vendor, annotator) pairs answering at random in about a second, very regularly.
    public var bots: [(vendor: Int, annotator: Int)]
    /// Leakers: (vendor, annotator) pairs always right on gold items, at `leakerAccuracy` elsewhere.
    public var leakers: [(vendor: Int, annotator: Int)]
    /// Accuracy of a leaker on items that are not gold.
    public var leakerAccuracy: Double
    /// Seed of the population (annotators' accuracies and volumes).
    public var seed: UInt64
    /// Seed of the labels, so that one population can give several campaigns.
    public var labelSeed: UInt64

    /// A campaign with no anomalies.
    public init(
        vendors: [Vendor], items: Int, classes: Int = 2, overlap: Int = 3, goldRate: Double = 0.05,
        deliveries: Int = 1, volumeTail: Double = 1.2, seed: UInt64, labelSeed: UInt64? = nil
    ) {
        self.vendors = vendors
        self.items = items
        self.classes = classes
        self.overlap = overlap
        self.goldRate = goldRate
        self.deliveries = deliveries
        self.volumeTail = volumeTail
        self.drifts = []
        self.clones = []
        self.bots = []
        self.leakers = []
        self.leakerAccuracy = 0.55
        self.seed = seed
        self.labelSeed = labelSeed ?? seed &+ 1
    }

    /// What a campaign produced.
    public struct Output: Sendable {
        /// The labels, with vendors, times, durations and costs.
        public var set: LabelSet
        /// True class per item.
        public var truth: [Int32]
        /// Gold answers (the truth of the gold items).
        public var gold: GoldAnswers
        /// True accuracy per annotator (label-set order; before any drift).
        public var trueAccuracy: [Double]
        /// Delivery of each label (label-set order): `vendor × deliveries + d`.
        public var delivery: [Int32]
        /// Clone pairs as (source, copy) annotator indices of the set.
        public var clonePairs: [(Int, Int)]
        /// Bots and leakers as annotator indices of the set.
        public var bots: [Int]
        /// Leakers as annotator indices of the set.
        public var leakers: [Int]

        /// Vendor v's workforce accuracy: its annotators' true accuracies weighted by their labels
        /// (what `VendorAccuracy.accuracy` estimates).
        public func workforceAccuracy(vendor v: Int) -> Double? {
            var sum = 0.0
            var n = 0
            for a in 0..<set.annotatorCount where set.annotatorVendor[a] == Int32(v) {
                let labels = set.annotatorOffsets[a + 1] - set.annotatorOffsets[a]
                sum += Double(labels) * trueAccuracy[a]
                n += labels
            }
            return n > 0 ? sum / Double(n) : nil
        }
    }

    /// The population: per vendor, per annotator, the true accuracy and the volume weight.
    /// Deterministic under `seed`.
    public func population() -> (accuracy: [[Double]], volume: [[Double]]) {
        var rng = SeededGenerator(seed: seed)
        var accuracy: [[Double]] = []
        var volume: [[Double]] = []
        for vendor in vendors {
            let m = min(max(vendor.accuracy, 1e-3), 1 - 1e-3)
            accuracy.append(
                (0..<vendor.annotators).map { _ in
                    rng.nextBeta(m * vendor.strength, (1 - m) * vendor.strength)
                })
            volume.append((0..<vendor.annotators).map { _ in pow(rng.nextOpenUnit(), -1 / volumeTail) })
        }
        return (accuracy, volume)
    }

    /// Runs the campaign. Deterministic under `seed` and `labelSeed`.
    /// - Complexity: O(items × overlap × log annotators).
    public func run() -> Output {
        let k = max(classes, 2)
        let (accuracy, volume) = population()
        var rng = SeededGenerator(seed: labelSeed)
        // Global annotator index per (vendor, annotator).
        var base: [Int] = []
        var annotatorIDs: [String] = []
        var annotatorVendor: [Int32] = []
        for (v, vendor) in vendors.enumerated() {
            base.append(annotatorIDs.count)
            for a in 0..<vendor.annotators {
                annotatorIDs.append("\(vendor.name)-w\(a)")
                annotatorVendor.append(Int32(v))
            }
        }
        var trueAccuracy = [Double](repeating: 0, count: annotatorIDs.count)
        for v in vendors.indices {
            for a in 0..<vendors[v].annotators { trueAccuracy[base[v] + a] = accuracy[v][a] }
        }
        let isBot = Set(bots.map { base[$0.vendor] + $0.annotator })
        let isLeaker = Set(leakers.map { base[$0.vendor] + $0.annotator })
        let copies = Set(clones.map { base[$0.copyVendor] + $0.copy })
        for b in isBot { trueAccuracy[b] = 1 / Double(k) }
        // Cumulative volumes for drawing vendors, then annotators within the vendor (copies and
        // nothing else excluded: a copy labels only after its source).
        let vendorMass = vendors.map(\.volume)
        let vendorTotal = vendorMass.reduce(0, +)
        var cumulative: [[Double]] = []
        for v in vendors.indices {
            var c: [Double] = []
            var s = 0.0
            for a in 0..<vendors[v].annotators {
                s += copies.contains(base[v] + a) ? 0 : volume[v][a]
                c.append(s)
            }
            cumulative.append(c)
        }
        let span = 86_400.0 * 30
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        var created: [Double] = []
        var duration: [Double] = []
        var cost: [Double] = []
        var delivery: [Int32] = []
        var truth = [Int32](repeating: 0, count: items)
        var goldAnswer = [Int32](repeating: -1, count: items)
        let want = min(overlap, annotatorIDs.count - copies.count)
        for i in 0..<items {
            let t = Int(rng.next(below: UInt64(k)))
            truth[i] = Int32(t)
            let isGold = rng.nextUnit() < goldRate
            if isGold { goldAnswer[i] = Int32(t) }
            let window = min(deliveries - 1, i * deliveries / max(items, 1))
            let start = span * Double(i) / Double(max(items, 1))
            var chosen: [Int] = []
            var guardCount = 0
            while chosen.count < want && guardCount < 1000 {
                guardCount += 1
                var u = rng.nextUnit() * vendorTotal
                var v = 0
                while v < vendors.count - 1 && u >= vendorMass[v] {
                    u -= vendorMass[v]
                    v += 1
                }
                guard let last = cumulative[v].last, last > 0 else { continue }
                let target = rng.nextUnit() * last
                var lo = 0
                var hi = cumulative[v].count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cumulative[v][mid] <= target { lo = mid + 1 } else { hi = mid }
                }
                let a = base[v] + lo
                if !chosen.contains(a) { chosen.append(a) }
            }
            var given: [(annotator: Int, value: Int, time: Double)] = []
            for a in chosen {
                let v = Int(annotatorVendor[a])
                var acc = trueAccuracy[a]
                for drift in drifts where drift.vendor == v && window >= drift.from {
                    acc = max(acc - drift.drop, 1 / Double(k))
                }
                if isLeaker.contains(a) { acc = isGold ? 1 : leakerAccuracy }
                let answer: Int
                if isBot.contains(a) {
                    answer = Int(rng.next(below: UInt64(k)))
                } else if rng.nextUnit() < acc {
                    answer = t
                } else {
                    answer = (t + 1 + Int(rng.next(below: UInt64(k - 1)))) % k
                }
                let seconds =
                    isBot.contains(a)
                    ? 1 + 0.02 * rng.nextNormal() : vendors[v].seconds * exp(0.5 * rng.nextNormal())
                let time = start + rng.nextUnit() * span / Double(max(items, 1)) * 0.5
                given.append((a, answer, time))
                item.append(Int32(i))
                annotator.append(Int32(a))
                value.append(Int32(answer))
                created.append(time)
                duration.append(max(seconds, 0.1))
                cost.append(vendors[v].price)
                delivery.append(Int32(v * deliveries + window))
            }
            for clone in clones {
                let source = base[clone.sourceVendor] + clone.source
                guard let original = given.first(where: { $0.annotator == source }),
                    rng.nextUnit() < clone.coverage
                else { continue }
                let copy = base[clone.copyVendor] + clone.copy
                let answer = rng.nextUnit() < clone.noise ? Int(rng.next(below: UInt64(k))) : original.value
                item.append(Int32(i))
                annotator.append(Int32(copy))
                value.append(Int32(answer))
                created.append(original.time + 5 + 10 * rng.nextUnit())
                duration.append(max(vendors[clone.copyVendor].seconds * exp(0.5 * rng.nextNormal()), 0.1))
                cost.append(vendors[clone.copyVendor].price)
                delivery.append(Int32(clone.copyVendor * deliveries + window))
            }
        }
        for clone in clones {
            trueAccuracy[base[clone.copyVendor] + clone.copy] =
                trueAccuracy[base[clone.sourceVendor] + clone.source]
        }
        let set = LabelSet(
            itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: annotatorIDs,
            annotatorVendor: annotatorVendor,
            vendorIDs: vendors.map(\.name), classes: (0..<k).map { "c\($0)" }, item: item,
            annotator: annotator,
            value: value, extras: LabelExtras(createdAt: created, durationSeconds: duration, cost: cost))
        return Output(
            set: set, truth: truth, gold: GoldAnswers(answer: goldAnswer), trueAccuracy: trueAccuracy,
            delivery: delivery,
            clonePairs: clones.map { (base[$0.sourceVendor] + $0.source, base[$0.copyVendor] + $0.copy) },
            bots: isBot.sorted(), leakers: isLeaker.sorted())
    }
}
