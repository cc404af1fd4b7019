// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayStore
import Foundation

/// `assay project`: create, list and show projects.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Create, list and show projects.",
        subcommands: [Create.self, List.self, Show.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a project with a fixed set of classes.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var name: String
        @Option(help: "Task type (categorical).") var type = "categorical"
        @Option(help: "Comma-separated class names, in their order.") var classes: String

        func run() async throws {
            let names = classes.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            do {
                let p = try await store.open().createProject(
                    NewProject(name: name, taskType: type, classes: names))
                print(
                    "created project \(p.name) (\(p.taskType); classes \(p.classes.joined(separator: ", "))) in \(store.resolved)"
                )
            } catch let e as StoreError { throw e.asInput }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let s = try await store.open()
            for p in try await s.projects() {
                let c = try await s.counts(of: p)
                print(
                    "\(p.name)\t\(p.taskType)\t\(p.classes.count) classes\t\(c.labels) labels\t\(c.deliveries) deliveries"
                )
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a project's counts.",
            discussion:
                "--json prints {name, type, classes, created_at, items, labels, annotators, vendors, deliveries, gold}."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Project name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let s = try await store.open()
            let p: ProjectRecord
            do { p = try await s.project(named: name) } catch let e as StoreError { throw e.asInput }
            let c = try await s.counts(of: p)
            if json {
                let classes = p.classes.map { "\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }
                print(
                    "{\"name\":\"\(p.name)\",\"type\":\"\(p.taskType)\",\"classes\":[\(classes.joined(separator: ","))],"
                        + "\"created_at\":\"\(p.createdAt)\",\"items\":\(c.items),\"labels\":\(c.labels),"
                        + "\"annotators\":\(c.annotators),\"vendors\":\(c.vendors),\"deliveries\":\(c.deliveries),"
                        + "\"gold\":\(c.gold)}")
                return
            }
            print(
                "project \(p.name): \(p.taskType), classes \(p.classes.joined(separator: ", ")), created \(p.createdAt)"
            )
            print(
                "items \(c.items), labels \(c.labels), annotators \(c.annotators), vendors \(c.vendors), deliveries \(c.deliveries), gold \(c.gold)"
            )
            for d in try await s.deliveries(of: p) {
                print(
                    "  delivery \(d.id): \(d.vendor) \(d.source) \(d.rows) labels, \(d.importedAt), sha256 \(d.sha256.prefix(12))…"
                )
            }
        }
    }
}
