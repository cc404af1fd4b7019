// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension NewProject {
    /// Checks what every backend requires of a new project: a non-empty name, a known type, and for
    /// categorical and multi-label projects at least two (multi-label: one) distinct, non-empty
    /// classes; no control characters in the name or a class; no `;` in a multi-label class (the
    /// separator of a label's classes in files and gold answers).
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
        if let refusal { throw refusal }
        switch type {
        case .categorical(let classes):
            guard classes.count >= 2, Set(classes).count == classes.count, !classes.contains("") else {
                throw StoreError.invalidProject(
                    "expected at least two distinct, non-empty classes, got \(classes)")
            }
        case .multilabel(let classes):
            guard !classes.isEmpty, Set(classes).count == classes.count, !classes.contains("") else {
                throw StoreError.invalidProject(
                    "expected at least one class and distinct, non-empty classes, got \(classes)")
            }
            if let c = classes.first(where: { $0.contains(";") }) {
                throw StoreError.invalidProject(
                    "multilabel class '\(c)' holds ';', which separates the classes of a label")
            }
        case .pairwise, .rating, .text:
            break
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
    /// The cost of label `l`: the row's own cost, else the buyer's stated cost per label.
    @inline(__always)
    public func cost(ofLabel l: Int, costs: [Double]) -> Double? {
        costs.isEmpty || costs[l].isNaN ? costPerLabel : costs[l]
    }

    /// The delivery's total cost, or nil when no label has a cost.
    /// - Complexity: O(labels).
    public var totalCost: Double? {
        let costs = labels.extras.cost
        let n = labels.count
        if costs.isEmpty { return costPerLabel.map { $0 * Double(n) } }
        var total = 0.0
        var any = false
        for l in 0..<n {
            if let c = cost(ofLabel: l, costs: costs) {
                total += c
                any = true
            }
        }
        return any ? total : nil
    }
}

extension Store {
    /// Every label of a categorical project as a label set (classes in the project's order).
    /// Throws `StoreError.wrongType` for a project of another type, before reading any label.
    /// - Complexity: O(labels) plus the ids.
    public func labelSet(of project: ProjectRecord) async throws -> LabelSet {
        guard case .categorical = project.type else {
            throw StoreError.wrongType(
                project: project.name, type: project.taskType,
                expected: "a categorical project (load it with labels(of:))")
        }
        guard let set = try await labels(of: project).labelSet else {
            throw StoreError.inconsistent("project \(project.name) did not load as categorical labels")
        }
        return set
    }

    /// What loading each project finds wrong with its labels (row counts, ids outside the project,
    /// values the project's type cannot hold).
    /// - Complexity: O(labels).
    public func labelProblems() async throws -> [String] {
        var problems: [String] = []
        for p in try await projects() {
            do { _ = try await labels(of: p) } catch let e as StoreError { problems.append(e.description) }
        }
        return problems
    }
}
