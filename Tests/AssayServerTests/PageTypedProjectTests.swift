// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport
import AssayStore
import AssayTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AssayServer

/// Pairwise, rating, multi-label and text projects open on every page with the panels of their
/// type, whose figures are the cached typed report's (exactly in `data-value`, rounded as text);
/// names are escaped; a vendor gets 404; rating, multi-label and text projects have no labelling
/// queue (pairwise ones do: `PageQueuePairwiseTests`).
@Suite struct PageTypedProjectTests {
    /// Deliveries of `rows` (CSV lines after `header`) per vendor into a new project `name` of `type`.
    static func project(
        _ store: any Store, _ name: String, _ type: ProjectType, header: String, _ rows: [String: [String]]
    ) async throws -> ProjectRecord {
        let p = try await store.createProject(NewProject(name: name, type: type))
        let kind: LabelKind =
            switch type {
            case .categorical: .categorical
            case .pairwise: .pairwise
            case .rating(let s): .rating(s)
            case .multilabel(let c): .multilabel(classes: c)
            case .text: .text
            }
        let dir = try Scratch.folder("typed").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (vendor, lines) in rows.sorted(by: { $0.key < $1.key }) {
            let file = "\(dir)/\(vendor).csv"
            try ([header] + lines).joined(separator: "\n").appending("\n").write(
                toFile: file, atomically: true, encoding: .utf8)
            let (labels, _) = try TypedLabelReader.read(
                file, type: kind, options: LabelReadOptions(format: .csv, defaultVendor: vendor))
            let stored: AssayStore.TypedLabels =
                switch labels {
                case .categorical(let s): .categorical(s)
                case .pairwise(let s): .pairwise(s)
                case .rating(let s): .rating(s)
                case .multilabel(let s): .multilabel(s)
                case .text(let s): .text(s)
                }
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: vendor, source: "\(vendor).csv", sha256: name + vendor, costPerLabel: nil,
                    labels: stored), into: p)
        }
        return p
    }

    /// A store with one project of each typed kind; vendor B of the rating project is named
    /// `<script>` to check escaping.
    static func typedStore() async throws -> (AssayServer, any Store, [String: String]) {
        let (server, store, tokens) = try await PageSupport.simulated()
        // Pairwise: objects o0…o5 with strength by index; judges j0–j2 of Acme follow it, judge
        // l0 of Judge-LLM mostly picks the left one.
        var acme: [String] = []
        var llm: [String] = []
        var pair = 0
        for a in 0..<6 {
            for b in 0..<6 where a != b {
                for rep in 0..<2 {
                    let item = "p\(pair)-\(rep)"
                    for j in 0..<3 {
                        let wrong = (pair + j + rep) % 5 == 0
                        acme.append("\(item),j\(j),o\(a),o\(b),\((a > b) != wrong ? "left" : "right")")
                    }
                    llm.append("\(item),l0,o\(a),o\(b),\(pair % 4 == 0 ? "right" : "left")")
                }
                pair += 1
            }
        }
        _ = try await project(
            store, "prefs", .pairwise, header: "item,worker,left,right,label",
            ["Acme": acme, "Judge-LLM": llm])
        // Ratings on 1…5: Acme's raters near the item's value, <script>'s rater one point harsher.
        var good: [String] = []
        var harsh: [String] = []
        for i in 0..<40 {
            let value = 2 + i % 3
            for r in 0..<3 { good.append("i\(i),r\(r),\(min(5, value + (i + r) % 2))") }
            harsh.append("i\(i),h0,\(max(1, value - 1))")
        }
        _ = try await project(
            store, "stars", .rating(scale: try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)),
            header: "item,worker,label", ["Acme": good, "<script>": harsh])
        // Multi-label: classes x, y, z.
        var tags: [String] = []
        for i in 0..<30 {
            for a in 0..<3 {
                let set = ["x", i % 2 == 0 ? "y" : "", (i + a) % 5 == 0 ? "z" : ""].filter { !$0.isEmpty }
                tags.append("t\(i),m\(a),\(set.joined(separator: ";"))")
            }
        }
        _ = try await project(
            store, "tags", .multilabel(classes: ["x", "y", "z"]), header: "item,worker,labels", ["Acme": tags]
        )
        // Text: three writers per item, one with a typo; w2 pastes the same answer everywhere.
        var texts: [String] = []
        for i in 0..<20 {
            texts.append("s\(i),w0,the cat number \(i) sat on the mat")
            texts.append("s\(i),w1,the cat numbr \(i) sat on the mat")
            texts.append("s\(i),w2,lorem ipsum dolor sit amet consectetur adipiscing")
        }
        _ = try await project(store, "notes", .text, header: "item,worker,label", ["Acme": texts])
        return (server, store, tokens)
    }

    /// The cached report of a project.
    static func report(_ server: AssayServer, _ store: any Store, _ name: String) async throws -> TypedReport
    {
        try await server.typedReport(try await store.project(named: name))!.0.value
    }

    /// `data-value="x"` and the rounded text of a figure appear in `html`.
    static func shows(_ f: Figure?, _ html: String, digits: Int = 3, _ what: String) {
        guard let f else { return }
        #expect(html.contains("data-value=\"\(NumberText.exact(f.value))\""), "\(what) \(f.value)")
        #expect(html.contains(">\(NumberText.fixed(f.value, digits))</span>"), "\(what) rounded")
        if let lo = f.low, let hi = f.high {
            #expect(html.contains("data-low=\"\(NumberText.exact(lo))\""), "\(what) low")
            #expect(html.contains("data-high=\"\(NumberText.exact(hi))\""), "\(what) high")
        }
    }

    @Test func typedPagesShowTheirReportsFigures() async throws {
        let (server, store, tokens) = try await Self.typedStore()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let b = try await PageSupport.signIn(client, token: tokens["viewer"]!)
            func get(_ path: String) async throws -> String {
                try await client.execute(uri: path, method: .get, headers: b.headers) {
                    #expect($0.status == .ok, "\(path)")
                    return String(buffer: $0.body)
                }
            }
            // Pairwise: the leaderboard, the judges (the LLM judge beside the humans), their biases.
            guard case .pairwise(let pr) = try await Self.report(server, store, "prefs") else {
                Issue.record("prefs is not pairwise")
                return
            }
            let prefs = try await get("/projects/prefs")
            let board = PageFiguresTests.table("leaderboard", in: prefs)
            #expect(board.components(separatedBy: "<tr>").count - 2 == pr.objects.count)
            for o in pr.objects { Self.shows(o.score, board, "score of \(o.object)") }
            #expect(pr.objects.first?.object == "o5")
            let judges = PageFiguresTests.table("judges", in: prefs)
            let more = PageFiguresTests.table("judges-more", in: prefs)
            #expect(pr.vendors.map(\.vendor).sorted() == ["Acme", "Judge-LLM"])
            // No judge saw a pair in both orders and no cost is known: those columns and the order
            // series are left out, the others stay; the main table keeps the figures that fit
            // 1280 px, the rest opens below it (<details>).
            #expect(pr.vendors.allSatisfy { $0.orderInconsistency == nil && $0.costPerLabel == nil })
            #expect(!more.contains(">order pairs</th>") && !more.contains(">cost / vote</th>"))
            #expect(judges.contains(">position bias</th>") && more.contains(">marked inconsistent</th>"))
            #expect(!judges.contains(">left share</th>") && more.contains(">left share</th>"))
            #expect(!prefs.contains("reliability and order inconsistency"))
            for v in pr.vendors {
                #expect(judges.contains(">\(v.vendor)</td>"))
                Self.shows(v.positionBias, judges, "position bias of \(v.vendor)")
                Self.shows(v.agreementWithConsensus, judges, "agreement of \(v.vendor)")
                Self.shows(v.reliability, judges, "reliability of \(v.vendor)")
            }
            #expect(prefs.contains("role=\"img\"") && prefs.contains("aria-label=\"Object scores"))
            let llm = pr.vendors.first { $0.vendor == "Judge-LLM" }!
            #expect(pr.positionsKnown && llm.positionBias != nil)
            if let bias = llm.positionBias {
                #expect(bias.value > 0.6)
                #expect(
                    prefs.contains("<title>Judge-LLM — position bias: \(NumberText.fixed(bias.value, 3))"))
            }
            for j in pr.judges {
                Self.shows(j.withTies, PageFiguresTests.table("judge-comparisons", in: prefs), j.vendor)
            }
            let annotators = try await get("/projects/prefs/annotators")
            for a in pr.annotators {
                Self.shows(a.reliability, annotators, "reliability of \(a.annotator ?? "")")
            }

            // Rating: the vendors' and raters' severity with intervals; the vendor name escaped.
            guard case .rating(let rr) = try await Self.report(server, store, "stars") else {
                Issue.record("stars is not a rating project")
                return
            }
            let stars = try await get("/projects/stars")
            #expect(!stars.contains("<script>"))
            #expect(stars.contains("&lt;script&gt;"))
            #expect(!stars.contains("<a href=\"/projects/stars/vendors/%3Cscript%3E\"><script>"))
            for v in rr.vendors {
                Self.shows(
                    v.severity, PageFiguresTests.table("vendors", in: stars), digits: 2,
                    "severity of \(v.vendor)")
            }
            let harsh = rr.raters.first!
            #expect(harsh.annotator == "h0" && harsh.severity.value < 0)
            #expect(
                stars.contains(
                    "<title>h0 (&lt;script&gt;) — severity: \(NumberText.fixed(harsh.severity.value, 2))"))
            let raters = try await get("/projects/stars/annotators")
            for a in rr.raters {
                Self.shows(
                    a.severity, PageFiguresTests.table("raters", in: raters), digits: 2,
                    "rater \(a.annotator)")
            }
            let vendorPage = try await get("/projects/stars/vendors/%3Cscript%3E")
            #expect(vendorPage.contains("<h1>&lt;script&gt;</h1>") && !vendorPage.contains("<h1><script>"))
            Self.shows(
                harsh.severity, PageFiguresTests.table("raters", in: vendorPage), digits: 2,
                "h0 on its vendor page")

            // Multi-label: per-class consensus and α.
            guard case .multilabel(let mr) = try await Self.report(server, store, "tags") else {
                Issue.record("tags is not multi-label")
                return
            }
            let classes = PageFiguresTests.table("classes", in: try await get("/projects/tags"))
            for c in mr.perClass {
                #expect(classes.contains(">\(c.className)</td>"))
                #expect(classes.contains("data-value=\"\(c.consensusItems)\""))
                Self.shows(c.alpha, classes, "α of \(c.className)")
            }

            // Text: writers, the least confident answers with their consensus, near-duplicates.
            guard case .text(let tr) = try await Self.report(server, store, "notes") else {
                Issue.record("notes is not text")
                return
            }
            let notes = try await get("/projects/notes")
            let vendors = PageFiguresTests.table("vendors", in: notes)
            for v in tr.vendors {
                #expect(vendors.contains("data-value=\"\(NumberText.exact(v.wordErrorRate))\""))
            }
            #expect(notes.contains("lorem ipsum dolor sit amet consectetur adipiscing"))
            #expect(notes.contains("data-value=\"\(NumberText.exact(Double(tr.nearDuplicates.pairs)))\""))
            #expect(notes.contains("Consensus by <b>\(tr.method)</b>"))
            #expect(tr.nearDuplicates.pairs > 0)
            let review = try await get("/projects/notes/review")
            #expect(review.contains("class=\"consensus\">the cat number"))
            let writers = PageFiguresTests.table(
                "annotators", in: try await get("/projects/notes/annotators"))
            for w in tr.annotators {
                #expect(
                    writers.contains("data-value=\"\(NumberText.exact(w.wordErrorRate))\""),
                    "\(w.annotator ?? "")")
            }

            // Every section of every typed project opens; agreement rows are the report's.
            for name in ["prefs", "stars", "tags", "notes"] {
                for suffix in ["/vendors/Acme", "/annotators", "/agreement", "/review", "/gold"] {
                    let html = try await get("/projects/\(name)" + suffix)
                    #expect(!html.contains("The dashboard has no panels"), "\(name)\(suffix)")
                }
                let agreement = PageFiguresTests.table(
                    "agreement", in: try await get("/projects/\(name)/agreement"))
                let rows = TypedProjectPage.agreementRows(try await Self.report(server, store, name))
                #expect(agreement.components(separatedBy: "<tr>").count - 2 == rows.count, "\(name)")
                for r in rows where r.value != nil {
                    #expect(
                        agreement.contains("data-value=\"\(NumberText.exact(r.value!))\""),
                        "\(name) \(r.metric)")
                }
            }
        }
    }

    @Test func vendorsAndAnnotatorsCannotOpenTypedPages() async throws {
        let (server, _, tokens) = try await Self.typedStore()
        try await server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "t")).test(.router) {
            client in
            let v = try await PageSupport.signIn(client, token: tokens["vendor"]!)
            for path in [
                "/projects/prefs", "/projects/stars/annotators", "/projects/notes/review",
                "/projects/tags/agreement",
            ] {
                try await client.execute(uri: path, method: .get, headers: v.headers) {
                    #expect($0.status == .notFound, "\(path)")
                }
            }
            let a = try await PageSupport.signIn(client, token: tokens["annotator"]!)
            try await client.execute(uri: "/queue/stars", method: .get, headers: a.headers) {
                #expect($0.status == .notFound)
            }
            let b = try await PageSupport.signIn(client, token: tokens["admin"]!)
            try await client.execute(uri: "/projects/stars/vendors/Nobody", method: .get, headers: b.headers)
            {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/projects", method: .get, headers: b.headers) {
                let html = String(buffer: $0.body)
                #expect($0.status == .ok && html.contains("stars") && html.contains("rating"))
            }
        }
    }
}
