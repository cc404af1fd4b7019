// Assay — quality control for human-labelled training data.

/// An EWMA control chart over deliveries: each delivery's observed value (hollow), the EWMA (a
/// line of filled points) between its lower and upper control limits (dashed, per delivery since
/// they allow for each delivery's count), the baseline as a horizontal line, and the alarm's first
/// crossing ringed.
struct ControlChart: Sendable {
    /// One delivery.
    struct Point: Sendable {
        /// Its name.
        var label: String
        /// The value observed in it (its gold accuracy); nil when it has none.
        var observed: Double?
        /// The EWMA after it; nil while the baseline forms.
        var ewma: Double?
        /// Lower control limit.
        var lower: Double?
        /// Upper control limit.
        var upper: Double?
    }

    /// What the chart shows, as a sentence.
    var title: String
    /// The deliveries in order.
    var points: [Point]
    /// The baseline, when there is one.
    var center: Double?
    /// The point where the alarm first crossed, if any.
    var alarm: Int?
    /// Values never drawn outside this.
    var clip: ClosedRange<Double>? = 0...1
    /// Decimals of the numbers shown.
    var digits = 3

    /// The SVG.
    /// - Complexity: O(points).
    func svg() -> HTML {
        // The frame of the delivery charts beside it.
        typealias F = SeriesChart
        let values = points.flatMap { [$0.observed, $0.ewma, $0.lower, $0.upper].compactMap { $0 } }
        let y = LinearScale(
            domain: LinearScale.domain(of: values, including: center.map { [$0] } ?? [], clip: clip),
            range: (F.height - F.bottom, F.top))
        let slot = (F.width - F.left - F.right) / Double(max(1, points.count))
        let c = ChartStyle.c
        let x = { (j: Int) in F.left + slot * (Double(j) + 0.5) }
        var body: HTML = ChartStyle.yAxis(
            y, x: F.left, right: F.width - F.right, format: { NumberText.fixed($0, 2) })
        if let center {
            body += """
                <g>\(ChartStyle.tip("baseline: \(NumberText.fixed(center, digits))"))<line class="reference" \
                x1="\(c(F.left))" x2="\(c(F.width - F.right))" y1="\(c(y(center)))" y2="\(c(y(center)))"/></g>
                """
        }
        // The limits and the EWMA as lines through the points that have them.
        for (path, color, dash) in [
            (
                points.indices.compactMap { j in points[j].lower.map { "\(c(x(j))),\(c(y($0)))" } },
                "#7f7f7f", true
            ),
            (
                points.indices.compactMap { j in points[j].upper.map { "\(c(x(j))),\(c(y($0)))" } },
                "#7f7f7f", true
            ),
            (
                points.indices.compactMap { j in points[j].ewma.map { "\(c(x(j))),\(c(y($0)))" } },
                ChartStyle.color(0), false
            ),
        ] where path.count > 1 {
            body += """
                <polyline points="\(path.joined(separator: " "))" fill="none" stroke="\(color)" stroke-width="1.5"\
                \(dash ? " stroke-dasharray=\"4 3\"" : "")/>
                """
        }
        let labelEvery = max(1, Int((Double(points.count) * 44 / (F.width - F.left)).rounded(.up)))
        for (j, p) in points.enumerated() {
            if j % labelEvery == 0 {
                let shown = p.label.count > 12 ? String(p.label.prefix(11)) + "…" : p.label
                body += """
                    <text class="tick-label" x="\(c(x(j)))" y="\(c(F.height - F.bottom + 16))" \
                    text-anchor="middle">\(shown)</text>
                    """
            }
            var mark: HTML = ChartStyle.tip(describe(j))
            if let o = p.observed {
                mark += """
                    <circle cx="\(c(x(j)))" cy="\(c(y(o)))" r="3.5" fill="#fff" stroke="\(ChartStyle.color(1))" \
                    stroke-width="1.5"/>
                    """
            }
            if let e = p.ewma {
                mark +=
                    "<circle cx=\"\(c(x(j)))\" cy=\"\(c(y(e)))\" r=\"4\" fill=\"\(ChartStyle.color(0))\"/>"
                if j == alarm {
                    mark += """
                        <circle class="alarm" cx="\(c(x(j)))" cy="\(c(y(e)))" r="9" fill="none" stroke="#D55E00" \
                        stroke-width="2.5"/>
                        """
                }
            }
            body += "<g class=\"mark\">\(mark)</g>"
        }
        body += """
            <line class="axis" x1="\(c(F.left))" x2="\(c(F.width - F.right))" \
            y1="\(c(F.height - F.bottom))" y2="\(c(F.height - F.bottom))"/>
            """
        return ChartStyle.svg(width: F.width, height: F.height, label: title, body)
    }

    /// The tooltip and table sentence of point `j`.
    func describe(_ j: Int) -> String {
        let p = points[j]
        let f = { (x: Double?) in x.map { NumberText.fixed($0, digits) } ?? "—" }
        var s = "\(p.label): observed \(f(p.observed)), EWMA \(f(p.ewma))"
        if p.lower != nil || p.upper != nil { s += " (limits \(f(p.lower)) to \(f(p.upper)))" }
        if j == alarm { s += "; alarm: first crossing" }
        return s
    }

    /// The numbers.
    func table() -> HTML {
        ChartStyle.table(
            ["delivery", "observed", "EWMA", "lower limit", "upper limit", "alarm"],
            points.enumerated().map { j, p in
                [
                    "\(p.label)", ChartStyle.cell(p.observed, digits), ChartStyle.cell(p.ewma, digits),
                    ChartStyle.cell(p.lower, digits), ChartStyle.cell(p.upper, digits),
                    j == alarm ? "first crossing" : "",
                ]
            }, text: [0, 5])
    }

    /// The chart beside its table.
    func figure() -> HTML { ChartStyle.figure(caption: title, chart: svg(), table: table()) }
}
