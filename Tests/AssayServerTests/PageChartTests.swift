// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayServer

/// The charts: accessible (role, label, a title on every mark), drawing what they are given, and
/// each with the table of its numbers; the number formats pages use.
@Suite struct PageChartTests {
    @Test func intervalChartIsAccessibleAndItsTableHoldsEveryFigure() {
        let chart = IntervalChart(
            title: "Accuracy by vendor", series: ["gold", "estimated"],
            rows: [
                .init(
                    label: "Acme",
                    marks: [
                        .init(series: 0, value: 0.91, low: 0.88, high: 0.94),
                        .init(series: 1, value: 0.87, low: nil, high: nil, reason: "too few items (12)"),
                    ]),
                .init(label: "<Budget>", marks: [.init(series: 1, value: 0.7, low: 0.6, high: 0.8)]),
            ], clip: 0...1)
        let svg = chart.svg().markup
        #expect(svg.hasPrefix("<svg class=\"chart\""))
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-label=\"Accuracy by vendor\""))
        #expect(svg.contains("<title>Accuracy by vendor</title>"))
        #expect(svg.contains("<title>Acme — gold: 0.910 (95% interval 0.880 to 0.940)</title>"))
        #expect(svg.contains("<title>Acme — estimated: 0.870 (no interval: too few items (12))</title>"))
        #expect(svg.contains("&lt;Budget&gt;") && !svg.contains("<Budget>"))
        // Three marks: two with whiskers (filled), one without (hollow).
        #expect(svg.components(separatedBy: "<g class=\"mark\"").count - 1 == 3)
        #expect(svg.components(separatedBy: "fill=\"#fff\"").count - 1 == 1)
        let table = chart.table().markup
        for v in ["0.91", "0.88", "0.94", "0.87", "0.7", "0.6", "0.8"] {
            #expect(table.contains("data-value=\"\(v)\""), "\(v)")
        }
        #expect(table.contains("too few items (12)"))
        // Positions follow values linearly.
        let scale = LinearScale(domain: 0.5...1, range: (150, 620))
        #expect(scale(0.5) == 150 && scale(1) == 620 && scale(0.75) == 385)
    }

    @Test func ticksAreRoundAndCoverTheDomain() {
        #expect(LinearScale(domain: 0...1, range: (0, 1)).ticks(5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        // Steps of 11 round up to 20.
        #expect(LinearScale(domain: 3...47, range: (0, 1)).ticks(4) == [20, 40])
        #expect(LinearScale(domain: -0.3...0.3, range: (0, 1)).ticks(3) == [-0.2, 0, 0.2])
    }

    @Test func heatmapWritesEveryCellAndItsTable() {
        let h = Heatmap(
            title: "Confusion", rowLabels: ["a", "b"], columnLabels: ["a", "b"], rowAxis: "true class",
            columnAxis: "class given", values: [[0.9, 0.1], [0.25, nil]], scale: .sequential(maximum: 1))
        let svg = h.svg().markup
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>a × b: 0.10</title>") && svg.contains("<title>b × a: 0.25</title>"))
        #expect(svg.contains("class=\"cell-empty\""))
        #expect(h.fill(1) == "#08519c" && h.fill(0) == "#ffffff")
        #expect(Heatmap.isDark(h.fill(0.9)) && !Heatmap.isDark(h.fill(0.1)))
        let diverging = Heatmap(
            title: "d", rowLabels: ["x"], columnLabels: ["y"], rowAxis: "", columnAxis: "", values: [[-0.2]],
            scale: .diverging(magnitude: 0.2))
        #expect(diverging.fill(-0.2) == "#ca5c00" && diverging.fill(0.2) == "#08519c")
        let table = h.table().markup
        #expect(
            table.contains("data-value=\"0.9\"") && table.contains("data-value=\"0.25\"")
                && table.contains("—"))
    }

    /// Seven values, by hand: the ticks of 1…23 in about 12 steps are 2, 4, …, so bins are 2 wide from
    /// 0: [0,2) holds 1 and 1.5, [2,4) holds 2, [4,6) holds 5, [8,10) holds 9.9, [22,24) holds 22 and 23.
    @Test func histogramCountsByHand() {
        let h = Histogram(
            title: "speed", valueName: "seconds", unitName: "annotators",
            values: [1, 1.5, 2, 5, 9.9, 22, 23], bins: 12)
        let (edges, counts) = h.counts()
        #expect(edges.first == 0 && edges.last == 24 && edges.count == 13)
        #expect(counts == [2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 2])
        let svg = h.svg().markup
        #expect(svg.contains("<title>0–2 seconds: 2 annotators</title>"))
        #expect(svg.components(separatedBy: "<g class=\"mark\"").count - 1 == 5)
    }

    @Test func seriesChartDrawsGapsAndLimits() {
        let s = SeriesChart(
            title: "per delivery", valueName: "accuracy", kind: .line,
            points: [
                .init(label: "#1", value: 0.9, low: 0.85, high: 0.95),
                .init(label: "#2", value: nil, reason: "no gold"),
                .init(label: "#3", value: 0.8), .init(label: "#4", value: 0.82, low: 0.7, high: 0.9),
            ], limits: [(0.85, "overall")], clip: 0...1)
        let svg = s.svg().markup
        // Points 3 and 4 join; point 1 stands alone after the gap.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.contains("<title>#2: no accuracy (no gold)</title>"))
        #expect(svg.contains("<title>overall: 0.850</title>"))
        #expect(s.table().markup.contains("data-value=\"0.82\""))
    }

    @Test func numbersAsPagesWriteThem() {
        #expect(NumberText.fixed(0.91234, 3) == "0.912")
        #expect(NumberText.fixed(-0.5, 2) == "−0.50")
        #expect(NumberText.fixed(-0.0004, 3) == "0.000")
        #expect(NumberText.fixed(12.5, 0) == "13" && NumberText.fixed(0.05, 1) == "0.1")
        #expect(NumberText.fixed(Double.nan, 2) == "—")
        #expect(NumberText.count(1_234_567) == "1,234,567" && NumberText.count(12) == "12")
        #expect(NumberText.p(0.0004) == "<0.001" && NumberText.p(0.0312) == "0.031")
        #expect(NumberText.signed(0.0312, 3) == "+0.031" && NumberText.signed(-0.0312, 3) == "−0.031")
        #expect(NumberText.exact(0.1 + 0.2) == "0.30000000000000004")
    }
}
