// Assay — quality control for human-labelled training data.

/// How values are spread (annotators' median seconds a label): counts in equal-width bins with
/// round edges, and optional marks at chosen values (the threshold below which an annotator is
/// flagged as too fast).
struct Histogram: Sendable {
    /// What the chart shows, as a sentence.
    var title: String
    /// What a value is (`median seconds a label`).
    var valueName: String
    /// What is counted (`annotators`).
    var unitName: String
    /// The values.
    var values: [Double]
    /// Bins wanted (about).
    var bins = 12
    /// Decimals of the bin edges.
    var digits = 0
    /// Vertical lines: (value, what it is).
    var marks: [(Double, String)] = []

    /// Bin edges (round numbers) and counts.
    /// - Complexity: O(values).
    func counts() -> (edges: [Double], counts: [Int]) {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return ([], []) }
        let scale = LinearScale(domain: lo...max(hi, lo + 1e-9), range: (0, 1))
        let ticks = scale.ticks(bins)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : max(1, hi - lo)
        let start = (lo / step).rounded(.down) * step
        let n = max(1, Int(((hi - start) / step).rounded(.down)) + 1)
        var counts = [Int](repeating: 0, count: n)
        for v in finite { counts[min(n - 1, max(0, Int(((v - start) / step).rounded(.down))))] += 1 }
        return ((0...n).map { start + Double($0) * step }, counts)
    }

    /// The SVG.
    func svg() -> HTML {
        let c = ChartStyle.c
        let (edges, counts) = counts()
        let width = 640.0
        let height = 220.0
        let left = 48.0
        let right = 16.0
        let top = 14.0
        let bottom = 40.0
        guard let first = edges.first, let last = edges.last else {
            return ChartStyle.svg(
                width: width, height: 40, label: title, "<text x=\"10\" y=\"24\">no values</text>")
        }
        let x = LinearScale(domain: first...last, range: (left, width - right))
        let y = LinearScale(domain: 0...Double(max(1, counts.max() ?? 1)), range: (height - bottom, top))
        var body: HTML = ChartStyle.yAxis(
            y, x: left, right: width - right, format: { NumberText.fixed($0, 0) })
        for (j, n) in counts.enumerated() where n > 0 {
            let a = x(edges[j])
            let b = x(edges[j + 1])
            body += """
                <g class="mark">\(ChartStyle.tip("\(NumberText.fixed(edges[j], digits))–\(NumberText.fixed(edges[j + 1], digits)) \(valueName): \(n) \(unitName)"))\
                <rect x="\(c(a + 1))" y="\(c(y(Double(n))))" width="\(c(max(1, b - a - 2)))" \
                height="\(c(y(0) - y(Double(n))))" fill="\(ChartStyle.color(0))"/></g>
                """
        }
        for (value, name) in marks where value >= first && value <= last {
            let mx = c(x(value))
            body += """
                <g>\(ChartStyle.tip("\(name): \(NumberText.fixed(value, 1))"))<line class="reference" \
                x1="\(mx)" x2="\(mx)" y1="\(c(top))" y2="\(c(height - bottom))"/>\
                <text class="legend" x="\(mx)" y="\(c(top + 10))" dx="4">\(name)</text></g>
                """
        }
        body += ChartStyle.xAxis(x, y: height - bottom, format: { NumberText.fixed($0, digits) })
        return ChartStyle.svg(width: width, height: height, label: title, body)
    }

    /// The numbers.
    func table() -> HTML {
        let (edges, counts) = counts()
        return ChartStyle.table(
            ["\(valueName) from", "to", unitName],
            counts.enumerated().map { j, n in
                [
                    "\(NumberText.fixed(edges[j], digits))", "\(NumberText.fixed(edges[j + 1], digits))",
                    "\(n)",
                ]
            }, text: [])
    }

    /// The chart beside its table.
    func figure() -> HTML { ChartStyle.figure(caption: title, chart: svg(), table: table()) }
}
