// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

extension TypedProjectPage {
    /// A section page (vendor, annotators, agreement, review, gold) of a pairwise, rating,
    /// multi-label or text project, from its cached report.
    static func section(
        _ section: Layout.Section, _ server: AssayServer, _ p: ProjectRecord, vendor: String? = nil
    ) async throws -> HTML {
        let title: String =
            switch section {
            case .vendor: vendor ?? ""
            case .annotators: "Annotators"
            case .agreement: "Agreement"
            case .review: "Review"
            case .gold: "Gold"
            default: p.name
            }
        let head: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            \(title.lowercased())</p><h1>\(title)</h1>
            """
        guard try await server.counts(of: p).labels > 0 else {
            return head + "<p class=\"card\">No labels yet.</p>"
        }
        guard let (typed, _) = try await server.typedReport(p) else { return head + ProjectPage.noPanels(p) }
        if section == .vendor, let vendor, !vendors(typed.value).contains(vendor) {
            throw Problem.notFound("vendor \(vendor) in project \(p.name)")
        }
        switch (section, typed.value) {
        case (.agreement, _):
            return head
                + "<p class=\"lede\">Agreement among the \(p.taskType) labels, over all of them, then within "
                + "each vendor (and between vendors where the type has it), with 95% bootstrap intervals over items.</p>"
                + AgreementPage.metrics(agreementRows(typed.value))
        case (.annotators, .pairwise(let r)):
            return head
                + judges(r.annotators, id: "annotators", title: "annotator", positionsKnown: r.positionsKnown)
        case (.annotators, .rating(let r)):
            return head + raterChart(r.raters) + raterTable(r.raters)
        case (.annotators, .multilabel(let r)):
            return head + multilabelTable(r.annotators, id: "annotators")
        case (.annotators, .text(let r)):
            return head + writerTable(r.annotators, id: "annotators")
        case (.vendor, .pairwise(let r)):
            return head
                + judges(
                    r.vendors.filter { $0.vendor == vendor }, id: "vendor", title: "vendor",
                    positionsKnown: r.positionsKnown)
                + "<h2>Its annotators</h2>"
                + judges(
                    r.annotators.filter { $0.vendor == vendor }, id: "annotators", title: "annotator",
                    positionsKnown: r.positionsKnown)
        case (.vendor, .rating(let r)):
            let raters = r.raters.filter { $0.vendor == vendor }
            return head
                + (r.vendors.first { $0.vendor == vendor }.map { v in
                    "<div class=\"tiles\">"
                        + Layout.tile(
                            NumberText.fixed(v.severity.value, 2), "severity", exact: v.severity.value)
                        + Layout.tile(NumberText.fixed(v.noise, 2), "noise", exact: v.noise)
                        + Layout.tile("\(v.raters)", "raters") + "</div>"
                } ?? "") + raterChart(raters) + raterTable(raters)
        case (.vendor, .multilabel(let r)):
            return head + multilabelTable(r.vendors.filter { $0.vendor == vendor }, id: "vendor")
                + "<h2>Its annotators</h2>"
                + multilabelTable(r.annotators.filter { $0.vendor == vendor }, id: "annotators")
        case (.vendor, .text(let r)):
            return head + writerTable(r.vendors.filter { $0.vendor == vendor }, id: "vendor")
                + "<h2>Its writers</h2>"
                + writerTable(r.annotators.filter { $0.vendor == vendor }, id: "annotators")
        case (.review, .text):
            return head
                + "<p class=\"lede\">The 50 least confident items: the consensus, its confidence and every answer.</p>"
                + (try await answersPanel(server, p, count: 50))
        case (.review, _), (.gold, _):
            return head
                + "<p class=\"note\">This page lists categorical projects' items and gold; for a \(p.taskType) "
                + "project the consensus of every item is at <code>GET /v1/projects/\(p.name)/consensus</code>.</p>"
        default:
            return head + ProjectPage.noPanels(p)
        }
    }

    /// The vendors of a typed report.
    static func vendors(_ r: TypedReport) -> [String] {
        switch r {
        case .pairwise(let r): r.vendors.map(\.vendor)
        case .rating(let r): r.vendors.map(\.vendor)
        case .multilabel(let r): r.vendors.map(\.vendor)
        case .text(let r): r.vendors.map(\.vendor)
        }
    }

    /// The agreement rows of a typed report.
    static func agreementRows(_ r: TypedReport) -> [AgreementReport.Row] {
        switch r {
        case .pairwise(let r): r.agreement
        case .rating(let r): r.agreement
        case .multilabel(let r): r.agreement
        case .text(let r): r.agreement
        }
    }
}
