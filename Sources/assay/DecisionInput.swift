// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
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

    /// Loads the project; `byDelivery` also reads which delivery each label came from.
    func load(byDelivery: Bool = false) async throws -> DecisionProject {
        guard store.exists else {
            throw InputProblem(message: "no store at \(store.resolved) to read project \(project) from")
        }
        let s = try await store.open(.read)
        do {
            let p = try await s.project(named: project)
            guard p.taskType == "categorical" else {
                throw DecisionProject.unsupported(project: p.name, type: p.taskType).asInput
            }
            let set = try await s.labelSet(of: p)
            let delivery = byDelivery ? try await s.labelDeliveries(of: p) : []
            let stored = try await s.goldAnswers(of: p)
            let gold = stored.isEmpty || set.count == 0 ? nil : AnswerReader.match(stored, to: set).gold
            let deliveries = try await s.deliveries(of: p).map {
                DecisionProject.Delivery(
                    id: $0.id, vendor: $0.vendor, name: $0.source, rows: $0.rows, cost: $0.cost)
            }
            do {
                return try DecisionProject(
                    name: p.name, set: set, gold: gold, deliveries: deliveries, labelDelivery: delivery)
            } catch { throw error.asInput }
        } catch let e as StoreError {
            throw e.asInput
        }
    }
}

extension DecisionProblem {
    /// The problem as the command line reports it, parameters spelt as options (`--max-share`).
    var asInput: InputProblem { InputProblem(message: text(spell: DecisionProblem.option)) }

    /// The problem as an option's validation error.
    var asValidation: ValidationError { ValidationError(text(spell: DecisionProblem.option)) }

    /// An API parameter name as its option: `max_share` → `--max-share`.
    static func option(_ name: String) -> String { "--" + name.replacingOccurrences(of: "_", with: "-") }
}

/// A number for a text table.
func fixed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
