// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayStore
import Foundation

/// `assay project`: create, list and show projects.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Create, list and show projects.",
        subcommands: [Create.self, List.self, Show.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a project of one label type.",
            discussion: """
                categorical and multilabel projects take --classes; a rating project takes --scale MIN..MAX \
                (with --step for a stepped scale and --level ordinal|interval, interval by default); pairwise \
                and text projects take neither. Deliveries are checked against these settings on import.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var name: String
        @Option(help: "Label type: categorical, pairwise, rating, multilabel or text.") var type =
            "categorical"
        @Option(help: "Comma-separated class names, in their order (categorical, multilabel).")
        var classes: String?
        @Option(
            help: """
                Rating scale as MIN..MAX (for example 1..5 or 0..100; an open end may be left empty; write \
                --scale=-3..1 when the minimum is negative).
                """)
        var scale: String?
        @Option(help: "Step of the rating scale (for example 1); without it the scale is continuous.")
        var step: DecimalNumber?
        @Option(help: "Level of the rating scale: ordinal or interval (default interval).")
        var level: RatingScale.Level?

        func run() async throws {
            let names =
                classes?.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                } ?? []
            if scale == nil, step != nil || level != nil {
                throw ValidationError("--step and --level describe a rating scale: give --scale MIN..MAX")
            }
            let ratingScale = try scale.map {
                try TypeOptions.parseScale($0, step: step?.value, level: level ?? .interval)
            }
            do {
                // Checked before the store is opened, so that a refused project creates no file.
                let project = NewProject(name: name, taskType: type, classes: names, scale: ratingScale)
                try project.validate()
                let p = try await store.open(.create).createProject(project)
                let what =
                    p.type.labelType == .categorical
                    ? "\(p.taskType); classes \(p.classes.map(quotedIfNeeded).joined(separator: ", "))"
                    : p.type.labelType == .multilabel
                        ? "multilabel; classes \(p.classes.map(quotedIfNeeded).joined(separator: ", "))"
                        : p.type.description
                print("created project \(quotedIfNeeded(p.name)) (\(what)) in \(store.resolved)")
            } catch let e as StoreError { throw e.asInput }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List projects.",
            discussion: "--json prints an array of the objects `project show --json` prints.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let s = try await store.open(.read)
            var summaries: [ProjectSummary] = []
            for p in try await s.projects() { summaries.append(ProjectSummary(p, try await s.counts(of: p))) }
            if json {
                print(try ProjectSummary.json(summaries))
                return
            }
            for p in summaries {
                print(
                    "\(quotedIfNeeded(p.name))\t\(p.type)\t\(p.classes.count) classes\t\(p.labels) labels\t\(p.deliveries) deliveries"
                )
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a project's counts.",
            discussion:
                "--json prints {name, type, classes, created_at, items, labels, annotators, vendors, deliveries, gold} (keys sorted)."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let s = try await store.open(.read)
            let p: ProjectRecord
            do { p = try await s.project(named: name) } catch let e as StoreError { throw e.asInput }
            let c = try await s.counts(of: p)
            if json {
                print(try ProjectSummary.json(ProjectSummary(p, c)))
                return
            }
            let type =
                p.type.labelType == .categorical || p.type.labelType == .multilabel
                ? "\(p.taskType), classes \(p.classes.map(quotedIfNeeded).joined(separator: ", "))"
                : p.type.description
            print("project \(quotedIfNeeded(p.name)): \(type), created \(p.createdAt)")
            print(
                "items \(c.items), labels \(c.labels), annotators \(c.annotators), vendors \(c.vendors), deliveries \(c.deliveries), gold \(c.gold)"
            )
            for d in try await s.deliveries(of: p) {
                print(
                    "  delivery \(d.id): \(quotedIfNeeded(d.vendor)) \(quotedIfNeeded(d.source)) \(d.rows) labels, \(d.importedAt), sha256 \(d.sha256.prefix(12))…"
                )
            }
        }
    }
}

/// A project and its counts as `project show --json` and `project list --json` print them.
struct ProjectSummary: Encodable {
    var name: String
    var type: String
    var classes: [String]
    var createdAt: String
    var items: Int
    var labels: Int
    var annotators: Int
    var vendors: Int
    var deliveries: Int
    var gold: Int

    enum CodingKeys: String, CodingKey {
        case name, type, classes
        case createdAt = "created_at"
        case items, labels, annotators, vendors, deliveries, gold
    }

    init(_ p: ProjectRecord, _ c: ProjectCounts) {
        name = p.name
        type = p.taskType
        classes = p.classes
        createdAt = p.createdAt
        items = c.items
        labels = c.labels
        annotators = c.annotators
        vendors = c.vendors
        deliveries = c.deliveries
        gold = c.gold
    }

    /// One line of JSON, through the one encoder every JSON document of the CLI uses.
    static func json(_ value: some Encodable) throws -> String { try JSONOutput.line(value) }
}
