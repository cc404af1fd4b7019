// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation

extension NewProject {
    /// Checks what every backend requires of a new project: a non-empty name, a supported task
    /// type and at least two distinct, non-empty classes.
    public func validate() throws {
        guard !name.isEmpty else { throw StoreError.invalidProject("the name is empty") }
        // Names and classes appear in tables, file names and URLs: no control characters (tabs,
        // newlines, NUL), which no table can show.
        for text in [name] + classes {
            if let c = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw StoreError.invalidProject(
                    "'\(text.debugDescription.dropFirst().dropLast())' holds the control character U+\(String(format: "%04X", c.value)); names and classes cannot"
                )
            }
        }
        guard taskType == "categorical" else {
            throw StoreError.invalidProject(
                "task type '\(taskType)' is not supported yet; expected categorical")
        }
        guard classes.count >= 2, Set(classes).count == classes.count, !classes.contains("") else {
            throw StoreError.invalidProject(
                "expected at least two distinct, non-empty classes, got \(classes)")
        }
    }
}

extension ProjectRecord {
    /// The project class index of each class name; throws `StoreError.unknownClass` for a name the
    /// project does not have.
    /// - Complexity: O(names × classes).
    public func classIndices(of names: [String]) throws -> [Int] {
        try names.map { name in
            guard let k = classes.firstIndex(of: name) else {
                throw StoreError.unknownClass(name, classes: classes)
            }
            return k
        }
    }
}

extension DeliveryImport {
    /// For each class of the delivery's label set, its index among the project's classes.
    /// Throws `StoreError.unknownClass` for a class the project does not have.
    public func projectClassIndex(in p: ProjectRecord) throws -> [Int32] {
        try labels.classes.map { c in
            guard let k = p.classes.firstIndex(of: c) else {
                throw StoreError.unknownClass(c, classes: p.classes)
            }
            return Int32(k)
        }
    }

    /// The cost of label `l`: the row's own cost, else the buyer's stated cost per label.
    @inline(__always)
    public func cost(ofLabel l: Int) -> Double? {
        let costs = labels.extras.cost
        return costs.isEmpty || costs[l].isNaN ? costPerLabel : costs[l]
    }

    /// The delivery's total cost, or nil when no label has a cost.
    /// - Complexity: O(labels).
    public var totalCost: Double? {
        if labels.extras.cost.isEmpty { return costPerLabel.map { $0 * Double(labels.count) } }
        var total = 0.0
        var any = false
        for l in 0..<labels.count {
            if let c = cost(ofLabel: l) {
                total += c
                any = true
            }
        }
        return any ? total : nil
    }
}

extension Store {
    /// What loading each project finds wrong with its labels (row counts, ids outside the project).
    /// - Complexity: O(labels).
    public func labelProblems() async throws -> [String] {
        var problems: [String] = []
        for p in try await projects() {
            do { _ = try await labelSet(of: p) } catch let e as StoreError { problems.append(e.description) }
        }
        return problems
    }
}
