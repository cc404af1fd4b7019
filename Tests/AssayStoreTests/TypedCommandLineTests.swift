// Assay — quality control for human-labelled training data.

import AssayCore
import AssayTestSupport
import Foundation
import Testing

/// The command line on pairwise, rating, multi-label and text labels (issue 13 §6), through the
/// built executable: the output contracts the checks use, each output naming its method, and a
/// message naming the type when a method or option does not apply.
@Suite(.enabled(if: assayExecutable != nil, "the assay executable is not built next to the tests"))
struct TypedCommandLineTests {
    func folder() throws -> String {
        try Scratch.folder("assay-typed").path
    }

    @discardableResult
    func assay(_ arguments: [String], stdout: String? = nil) throws -> Spawn.Outcome {
        try Spawn.run(
            assayExecutable!, arguments, stdin: "/dev/null", stdout: stdout, directory: nil, environment: [:])
    }

    /// A CSV file's header and rows (no quoted commas in what these tests read).
    func csv(_ path: String) throws -> (header: [String], rows: [[String]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let split = { (l: String) in
            l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return (split(lines[0]), lines.dropFirst().map(split))
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// A simulated campaign of `type` in a fresh folder.
    func simulate(_ type: String, _ extra: [String] = []) throws -> String {
        let dir = try folder()
        let r = try assay(["simulate", "--type", type, "--out", dir, "--seed", "3"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    @Test func pairwiseInferWritesObjectsAndComparisons() throws {
        let dir = try simulate("pairwise", ["--items", "3000", "--objects", "30", "--vendors", "2"])
        let objects = dir + "/objects.csv"
        let comparisons = dir + "/comparisons.csv"
        let r = try assay(
            [
                "infer", dir + "/labels.csv", "--type", "pairwise", "--objects-out", objects, "--out",
                comparisons,
            ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("method auto") && r.stderr.contains("chose"))
        let (header, rows) = try csv(objects)
        #expect(Array(header.prefix(4)) == ["object", "score", "low", "high"] && header.last == "method")
        #expect(rows.count == 30 && rows.allSatisfy { $0.last == "auto" })
        #expect(rows.allSatisfy { Double($0[2])! <= Double($0[1])! && Double($0[1])! <= Double($0[3])! })
        // Higher = preferred: the scores follow the simulated truth.
        let truth = Dictionary(
            uniqueKeysWithValues: try csv(dir + "/truth.csv").rows.map { ($0[0], Double($0[1])!) })
        let rho = RatingMetrics.spearman(rows.map { truth[$0[0]]! }, rows.map { Double($0[1])! })!
        #expect(rho > 0.9)
        let (cHeader, cRows) = try csv(comparisons)
        #expect(
            cHeader == [
                "item", "first", "second", "outcome", "preferred", "confidence", "p_first", "p_second",
                "p_tie", "votes",
                "method",
            ])
        #expect(cRows.count == 3000 && cRows.allSatisfy { $0.last == "pds" })
        // A file of winner,loser: the type is read from its columns and said.
        let winners = dir + "/winners.csv"
        try "worker,winner,loser\nw1,a,b\nw2,a,b\nw1,b,c\nw2,a,c\n".write(
            toFile: winners, atomically: true, encoding: .utf8)
        let guessed = try assay(["infer", winners, "--objects-out", dir + "/o2.csv", "--method", "bt"])
        #expect(guessed.status == 0 && guessed.stderr.contains("as pairwise labels"), "\(guessed.stderr)")
        #expect(try csv(dir + "/o2.csv").rows.first?.first == "a")
    }

    @Test func ratingAndTextInferContracts() throws {
        let ratings = try simulate("rating", ["--items", "200", "--vendors", "2"])
        let items = ratings + "/items.csv"
        let raters = ratings + "/raters.csv"
        let r = try assay([
            "infer", ratings + "/labels.csv", "--type", "rating", "--scale", "1..5", "--step", "1", "--out",
            items,
            "--annotators-out", raters, "--method", "additive",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let (header, rows) = try csv(items)
        #expect(Array(header.prefix(4)) == ["item", "value", "low", "high"] && rows.count == 200)
        #expect(rows.allSatisfy { $0.last == "additive" })
        let (rHeader, rRows) = try csv(raters)
        #expect(rHeader.contains("severity") && rHeader.contains("noise") && rRows.count == 40)
        let texts = try simulate("text", ["--items", "60"])
        let t = try assay(["infer", texts + "/labels.csv", "--type", "text"])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.hasPrefix("item,text,confidence,") && t.stdout.contains(",rover\n"))
        #expect(t.stdout.split(separator: "\n").count == 61)
    }

    @Test func evalJSONContracts() throws {
        let pairwise = try simulate("pairwise", ["--items", "2000", "--objects", "20"])
        let p = try json(
            try assay([
                "eval", pairwise + "/labels.csv", "--truth", pairwise + "/truth.csv", "--type", "pairwise",
                "--json",
            ])
            .stdout)
        #expect(p.map { $0["method"] as? String } == ["auto", "bt", "crowdbt"])
        #expect(p.allSatisfy { ($0["pair_accuracy"] as? Double ?? 0) > 0.7 && $0["kendall_tau"] is Double })
        let ratings = try simulate("rating", ["--items", "150", "--scale", "0..100", "--step", "1"])
        let r = try json(
            try assay([
                "eval", ratings + "/labels.csv", "--truth", ratings + "/truth.csv", "--type", "rating",
                "--json",
            ])
            .stdout)
        #expect(r.map { $0["method"] as? String } == ["mean", "median", "additive", "ods", "auto"])
        for row in r where row["status"] as? String == "ok" {
            #expect(row["pearson"] is Double && row["spearman"] is Double && row["mae"] is Double)
        }
        #expect((r.first { $0["method"] as? String == "additive" }?["pearson"] as? Double ?? 0) > 0.8)
        let texts = try simulate("text", ["--items", "80"])
        let t = try json(
            try assay([
                "eval", texts + "/labels.csv", "--truth", texts + "/truth.csv", "--type", "text", "--json",
            ]).stdout)
        #expect(t.map { $0["method"] as? String } == ["rover", "central"])
        #expect(t.allSatisfy { ($0["wer"] as? Double).map { $0 < 0.3 } ?? false })
        let tags = try simulate("multilabel", ["--items", "150", "--classes", "4"])
        let m = try json(
            try assay([
                "eval", tags + "/labels.csv", "--truth", tags + "/truth.csv", "--type", "multilabel",
                "--json",
                "--methods", "mv,ds",
            ]).stdout)
        #expect(
            m.map { $0["method"] as? String } == ["mv", "ds"] && m.allSatisfy { $0["micro_f1"] is Double })
    }

    @Test func methodsAndOptionsThatDoNotApplyNameTheType() throws {
        let dir = try simulate("pairwise", ["--items", "100"])
        let labels = dir + "/labels.csv"
        let ds = try assay(["infer", labels, "--type", "pairwise", "--method", "ds"])
        #expect(
            ds.status == 2
                && ds.stderr.contains(
                    "method 'ds' does not apply to pairwise labels; methods: auto, bt, crowdbt")
        )
        let fleiss = try assay(["agreement", labels, "--type", "pairwise", "--metric", "fleiss"])
        #expect(
            fleiss.status == 1 && fleiss.stderr.contains("metric 'fleiss' does not apply to pairwise labels"))
        let byAnnotator = try assay(["agreement", labels, "--type", "pairwise", "--by", "annotator"])
        #expect(byAnnotator.status == 1 && byAnnotator.stderr.contains("pairwise labels"))
        let ratings = try simulate("rating", ["--items", "50"])
        let objects = try assay([
            "infer", ratings + "/labels.csv", "--type", "rating", "--objects-out", dir + "/o.csv",
        ])
        #expect(
            objects.status == 1
                && objects.stderr.contains("--objects-out applies to pairwise labels; these are rating"))
        let scale = try assay(["infer", labels, "--type", "pairwise", "--scale", "1..5"])
        #expect(scale.status == 2 && scale.stderr.contains("--type is pairwise"))
        let rover = try assay(["infer", ratings + "/labels.csv", "--type", "rating", "--method", "rover"])
        #expect(rover.status == 2 && rover.stderr.contains("does not apply to rating labels"))
    }

    @Test func agreementReportExportAndWriteErrors() throws {
        let dir = try simulate("pairwise", ["--items", "600", "--vendors", "2", "--overlap", "4"])
        let labels = dir + "/labels.csv"
        let rows = try json(
            try assay([
                "agreement", labels, "--type", "pairwise", "--by", "vendor", "--json", "--bootstrap", "50",
            ]).stdout)
        #expect(rows.map { $0["group"] as? String } == ["A", "A", "A", "B", "B", "B", "A vs B", "A vs B"])
        #expect(rows.allSatisfy { $0.keys.contains("n_pairs") && $0["value"] is Double })
        let report = try assay([
            "report", labels, "--type", "pairwise", "--format", "json", "--bootstrap", "0",
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "pairwise" && object["method"] as? String == "auto")
        // B's judges are position-biased: the report says so.
        let text = try assay(["report", labels, "--type", "pairwise", "--bootstrap", "0"])
        #expect(text.status == 0 && text.stdout.contains("position bias: when indifferent, picks the left"))
        let exported = dir + "/clean.jsonl"
        let e = try assay([
            "export", labels, "--type", "pairwise", "--out", exported, "--min-confidence", "0.9",
        ])
        #expect(e.status == 0 && e.stderr.contains("with method pds"), "\(e.stderr)")
        let first = try #require(
            try String(contentsOfFile: exported, encoding: .utf8).split(separator: "\n").first)
        #expect(first.contains(#""method":"pds""#) && first.contains(#""preferred":"#))
        let ratings = try simulate("rating", ["--items", "40"])
        let full = try assay(["infer", ratings + "/labels.csv", "--type", "rating", "--out", "/dev/full"])
        #expect(full.status == 1 && full.stderr.contains("/dev/full"))
        let stdout = try assay(["report", ratings + "/labels.csv", "--type", "rating"], stdout: "/dev/full")
        #expect(stdout.status == 1)
        let texts = try simulate("text", ["--items", "30"])
        let annotators = try assay([
            "infer", texts + "/labels.csv", "--type", "text", "--out", dir + "/t.csv",
            "--annotators-out", "/dev/full",
        ])
        #expect(annotators.status == 1)
    }

    /// `project create --type`, a typed `import` checked against the project's settings, and the
    /// typed commands reading a project by name as its type says.
    @Test func typedProjectsCreateImportAndRead() throws {
        let dir = try folder()
        let store = dir + "/s.db"
        let noScale = try assay(["project", "create", "r", "--type", "rating", "--store", store])
        #expect(
            noScale.status == 1 && noScale.stderr.contains("a rating project needs a scale"),
            "\(noScale.stderr)")
        let classes = try assay([
            "project", "create", "p", "--type", "pairwise", "--classes", "a,b", "--store", store,
        ])
        #expect(classes.status == 1 && classes.stderr.contains("a pairwise project has no classes"))
        let create = try assay([
            "project", "create", "r", "--type", "rating", "--scale", "1..5", "--step", "1", "--level",
            "ordinal",
            "--store", store,
        ])
        #expect(create.status == 0 && create.stdout.contains("rating, scale"), "\(create.stderr)")
        #expect(try assay(["project", "show", "r", "--store", store]).stdout.contains("(ordinal)"))
        let ratings = try simulate("rating", ["--items", "60", "--vendors", "1"])
        let imported = try assay(["import", "r", ratings + "/labels.csv", "--store", store])
        #expect(imported.status == 0 && imported.stdout.contains("180 rating labels"), "\(imported.stderr)")
        // A rating off the project's scale is refused, naming the value and the scale; nothing is written.
        let off = dir + "/off.csv"
        try "item,worker,label\ni1,w1,3\ni1,w2,7\n".write(toFile: off, atomically: true, encoding: .utf8)
        let refused = try assay(["import", "r", off, "--vendor", "V", "--store", store])
        #expect(
            refused.status == 1 && refused.stderr.contains("7") && refused.stderr.contains("1 to 5"),
            "\(refused.stderr)")
        // Several vendors in one typed file: one delivery per vendor, as for categorical projects.
        let two = try simulate("rating", ["--items", "20", "--vendors", "2"])
        let split = try assay(["import", "r", two + "/labels.csv", "--store", store])
        #expect(split.status == 0, "\(split.stderr)")
        let lines = split.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines.contains { $0.contains("from A: 31 rating labels") })
        #expect(lines.contains { $0.contains("from B: 29 rating labels") })
        let shown = try assay(["project", "show", "r", "--store", store]).stdout
        #expect(shown.contains("labels 240") && shown.contains("deliveries 3"), "\(shown)")
        // The project is read as ratings by name: the rating contract, and --type must agree.
        let inferred = try assay(["infer", "r", "--store", store, "--method", "mean"])
        #expect(
            inferred.status == 0 && inferred.stdout.hasPrefix("item,value,low,high,"), "\(inferred.stderr)")
        #expect(inferred.stdout.split(separator: "\n").count == 61)
        let wrong = try assay(["infer", "r", "--store", store, "--type", "pairwise"])
        #expect(
            wrong.status == 1 && wrong.stderr.contains("project r is a rating project; --type says pairwise"))
        let report = try assay(["report", "r", "--store", store, "--format", "json", "--bootstrap", "0"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "rating")
        // A multi-label project takes only its classes.
        #expect(
            try assay([
                "project", "create", "m", "--type", "multilabel", "--classes", "x,y", "--store", store,
            ]).status == 0)
        let tags = dir + "/tags.csv"
        try "item,worker,labels\ni1,w1,x;y\ni2,w1,z\n".write(toFile: tags, atomically: true, encoding: .utf8)
        let unknown = try assay(["import", "m", tags, "--vendor", "V", "--store", store])
        #expect(unknown.status == 1 && unknown.stderr.contains("z"), "\(unknown.stderr)")
        // A pairwise project, read back by name with its comparisons.
        #expect(try assay(["project", "create", "pw", "--type", "pairwise", "--store", store]).status == 0)
        let pairs = try simulate("pairwise", ["--items", "300", "--objects", "10", "--vendors", "2"])
        let p = try assay(["import", "pw", pairs + "/labels.csv", "--store", store])
        #expect(p.status == 0 && p.stdout.split(separator: "\n").count == 2, "\(p.stderr)")
        // Every comparison landed, split between the two vendors' deliveries.
        let rowsInFile = try csv(pairs + "/labels.csv").rows.count
        let pairsShown = try assay(["project", "show", "pw", "--store", store]).stdout
        #expect(pairsShown.contains("labels \(rowsInFile),"), "\(pairsShown)")
        let objects = dir + "/objects.csv"
        let fit = try assay([
            "infer", "pw", "--store", store, "--objects-out", objects, "--out", dir + "/c.csv", "--method",
            "bt",
        ])
        #expect(fit.status == 0, "\(fit.stderr)")
        let fromStore = try csv(objects).rows
        #expect(fromStore.count == 10)
        // The stored comparisons keep their orientation: Bradley–Terry (whose fit does not depend on
        // the order of the labels) gives the file's scores.
        let fileObjects = dir + "/file-objects.csv"
        let fromFile = try assay([
            "infer", pairs + "/labels.csv", "--type", "pairwise", "--objects-out", fileObjects, "--method",
            "bt",
        ])
        #expect(fromFile.status == 0)
        let fileScore = Dictionary(
            uniqueKeysWithValues: try csv(fileObjects).rows.map { ($0[0], Double($0[1])!) })
        #expect(fromStore.allSatisfy { abs(Double($0[1])! - fileScore[$0[0]]!) < 1e-9 })
    }

    @Test func simulateIsDeterministicForEveryType() throws {
        for type in ["pairwise", "rating", "multilabel", "text"] {
            let a = try simulate(type, ["--items", "40"])
            let b = try simulate(type, ["--items", "40"])
            for file in ["labels.csv", "truth.csv", "annotators.csv"] {
                let x = try String(contentsOfFile: a + "/" + file, encoding: .utf8)
                #expect(x == (try String(contentsOfFile: b + "/" + file, encoding: .utf8)), "\(type) \(file)")
                #expect(x.split(separator: "\n").count > 1)
            }
        }
    }
}
