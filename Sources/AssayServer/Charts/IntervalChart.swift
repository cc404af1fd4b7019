// Assay — quality control for human-labelled training data.

/// Estimates with their 95% intervals as whiskers, one row per subject (a vendor, a metric) and
/// one mark per series in it (gold and estimated accuracy), on a common horizontal axis, with
/// optional reference lines. An estimate without an interval is drawn as a hollow mark and its
/// tooltip and table say why.
struct IntervalChart: Sendable {
    /// One estimate.
    struct Mark: Sendable {
        /// Which series (index into `series`).
        var series: Int
        /// The estimate.
        var value: Double
        /// Lower end of the interval.
        var low: Double?
        /// Upper end.
        var high: Double?
        /// Why there is no interval.
        var reason: String?
    }

    /// One subject.
    struct Row: Sendable {
        /// Its name.
        var label: String
        /// Its estimates.
        var marks: [Mark]
    }

    /// What the chart shows, as a sentence (the figure's caption and the SVG's label).
    var title: String
    /// Series names.
    var series: [String]
    /// The subjects.
    var rows: [Row]
    /// The axis range; from the data when nil.
    var domain: ClosedRange<Double>? = nil
    /// Values never drawn outside this (accuracies within 0…1).
    var clip: ClosedRange<Double>? = nil
    /// Decimals of the numbers shown.
    var digits = 3
    /// Reference lines: (value, what it is).
    var references: [(Double, String)] = []
    /// The intervals' level, as the table and tooltips name it.
    var level = "95%"

    static let width = 640.0
    static let left = 150.0
    static let right = 20.0

    /// The SVG.
    /// - Complexity: O(rows × series).
    func svg() -> HTML {
        let s = max(1, series.count)
        let band = Double(s) * 14 + 12
        let top = series.count > 1 ? 30.0 : 10.0
        let height = top + Double(rows.count) * band + 30
        let values = rows.flatMap { $0.marks.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 } } }
        let scale = LinearScale(
            domain: domain ?? LinearScale.domain(of: values, including: references.map(\.0), clip: clip),
            range: (Self.left, Self.width - Self.right))
        let fmt: (Double) -> String = { NumberText.fixed($0, digits >= 3 ? 2 : digits) }
        var body: HTML = ChartStyle.xGrid(scale, top: top - 4, bottom: height - 26)
        if series.count > 1 { body += ChartStyle.legend(series, x: Self.left, y: 16) }
        for (j, row) in rows.enumerated() {
            let y0 = top + Double(j) * band
            let shown = row.label.count > 22 ? String(row.label.prefix(21)) + "…" : row.label
            body += """
                <text class="row-label" x="\(ChartStyle.c(Self.left - 8))" y="\(ChartStyle.c(y0 + band / 2))" \
                dy="0.32em" text-anchor="end"><title>\(row.label)</title>\(shown)</text>
                """
            for (k, m) in row.marks.enumerated() {
                let y = ChartStyle.c(y0 + 6 + Double(k) * 14 + 7)
                let color = ChartStyle.color(m.series)
                var mark: HTML = ChartStyle.tip(
                    Self.describe(row.label, series[safe: m.series], m, digits, level))
                if let lo = m.low, let hi = m.high {
                    let a = ChartStyle.c(scale(lo))
                    let b = ChartStyle.c(scale(hi))
                    mark += """
                        <line x1="\(a)" x2="\(b)" y1="\(y)" y2="\(y)" stroke="\(color)" stroke-width="2"/>\
                        <path d="M\(a) \(y)m0 -5v10M\(b) \(y)m0 -5v10" stroke="\(color)" stroke-width="2"/>\
                        <circle cx="\(ChartStyle.c(scale(m.value)))" cy="\(y)" r="4.5" fill="\(color)"/>
                        """
                } else {
                    mark += """
                        <circle cx="\(ChartStyle.c(scale(m.value)))" cy="\(y)" r="4.5" fill="#fff" \
                        stroke="\(color)" stroke-width="2"/>
                        """
                }
                body += "<g class=\"mark\" data-series=\"\(series[safe: m.series])\">\(mark)</g>"
            }
        }
        for (value, name) in references {
            let x = ChartStyle.c(scale(value))
            body += """
                <g>\(ChartStyle.tip("\(name): \(NumberText.fixed(value, digits))"))\
                <line class="reference" x1="\(x)" x2="\(x)" y1="\(ChartStyle.c(top - 6))" \
                y2="\(ChartStyle.c(height - 26))"/></g>
                """
        }
        body += ChartStyle.xAxis(scale, y: height - 24, format: fmt)
        return ChartStyle.svg(width: Self.width, height: height, label: title, body)
    }

    /// The tooltip and table sentence of one mark.
    static func describe(_ row: String, _ series: String, _ m: Mark, _ digits: Int, _ level: String = "95%")
        -> String
    {
        ChartStyle.describe(
            "\(row) — \(series)", m.value, low: m.low, high: m.high, reason: m.reason, digits: digits,
            level: level)
    }

    /// The numbers: one table row per subject and series.
    func table() -> HTML {
        ChartStyle.table(
            ["", "series", "estimate", "\(level) low", "\(level) high", "no interval because"],
            rows.flatMap { row in
                row.marks.map { m in
                    [
                        "\(row.label)", "\(series[safe: m.series])", ChartStyle.cell(m.value, digits),
                        ChartStyle.cell(m.low, digits), ChartStyle.cell(m.high, digits), "\(m.reason ?? "")",
                    ]
                }
            }, text: [0, 1, 5])
    }

    /// The chart beside its table.
    func figure() -> HTML { ChartStyle.figure(caption: title, chart: svg(), table: table()) }
}

extension Array where Element == String {
    /// The element at `j`, or "" beyond the end.
    subscript(safe j: Int) -> String { indices.contains(j) ? self[j] : "" }
}
