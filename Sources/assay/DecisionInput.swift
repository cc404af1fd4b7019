// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayStore
import Foundation

/// What every decision command reads: a project in the store, its labels (with the delivery of
/// each when asked), its gold and its deliveries.
struct DecisionInput: ParsableArguments {
    @Argument(help: "The project in the store.")
    var project: String

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// The loaded project.
    struct Loaded {
        var record: ProjectRecord
        var set: LabelSet
        var gold: GoldAnswers?
        var deliveries: [DeliveryRecord]
        /// Per label, its index into `deliveries` (empty unless asked for).
        var delivery: [Int32]
    }

    /// Loads the project; `byDelivery` also reads which delivery each label came from.
    func load(byDelivery: Bool = false) async throws -> Loaded {
        guard store.exists else {
            throw InputProblem(message: "no store at \(store.resolved) to read project \(project) from")
        }
        let s = try await store.open(.read)
        do {
            let p = try await s.project(named: project)
            guard p.taskType == "categorical" else {
                throw InputProblem(
                    message: "project \(p.name) is \(p.taskType); the decisions work on categorical projects")
            }
            let set = try await s.labelSet(of: p)
            let delivery = byDelivery ? try await s.labelDeliveries(of: p) : []
            guard set.count > 0 else {
                throw InputProblem(message: "project \(p.name) has no labels yet (assay import)")
            }
            let stored = try await s.goldAnswers(of: p)
            let gold = stored.isEmpty ? nil : AnswerReader.match(stored, to: set).gold
            return Loaded(
                record: p, set: set, gold: gold, deliveries: try await s.deliveries(of: p), delivery: delivery
            )
        } catch let e as StoreError {
            throw e.asInput
        }
    }
}

extension DecisionInput.Loaded {
    /// Mean price per label of each vendor: from the labels' cost column where it has values, else
    /// from the deliveries' recorded costs; nil where neither says.
    /// - Complexity: O(labels).
    func prices() -> [Double?] {
        let nV = set.vendorIDs.count
        var sum = [Double](repeating: 0, count: nV)
        var n = [Double](repeating: 0, count: nV)
        let cost = set.extras.cost
        if !cost.isEmpty {
            for l in 0..<set.count where cost[l].isFinite {
                let v = Int(set.annotatorVendor[Int(set.annotator[l])])
                sum[v] += cost[l]
                n[v] += 1
            }
        }
        let fromLabels = n.map { $0 > 0 }
        for d in deliveries {
            guard let v = set.vendorIDs.firstIndex(of: d.vendor), !fromLabels[v], let c = d.cost, d.rows > 0
            else { continue }
            sum[v] += c
            n[v] += Double(d.rows)
        }
        return (0..<nV).map { n[$0] > 0 ? sum[$0] / n[$0] : nil }
    }

    /// The hierarchy fitted for a decision that must answer quickly: on a sample of 500k labels
    /// when the project has more (every item still gets its posterior), for at most 6 iterations then.
    func hierarchy(seed: UInt64) -> VendorHierarchyFit {
        var options = VendorHierarchy.Options()
        options.sampleLabels = VendorHierarchy.Options.quickSample
        if set.count > VendorHierarchy.Options.quickSample {
            options.maxIterations = VendorHierarchy.Options.quickIterations
        }
        options.seed = seed
        return VendorHierarchy(options: options).fit(set, gold: gold)
    }
}

/// A number for a text table.
func fixed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
