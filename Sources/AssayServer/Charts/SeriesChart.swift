// Assay — quality control for human-labelled training data.

/// Values over an ordered sequence (deliveries in time), drawn as bars or as a line of points
/// with 95% whiskers, against horizontal limits (an overall figure, an acceptance level).
struct SeriesChart: Sendable {
    /// Bars from zero, or a line of points.
    enum Kind: Sendable {
        case bars
        case line
    }

    /// One position on the x axis.
    struct Point: Sendable {
        /// Its name (a delivery).
        var label: String
        /// The value; nil when there is none (drawn as a gap).
        var value: Double?
        /// Lower end of its interval.
        var low: Double? = nil
        /// Upper end.
        var high: Double? = nil
        /// Why there is no interval (or no value).
        var reason: String? = nil
    }

    /// What the chart shows, as a sentence.
    var title: String
    /// The name of the value (the table's column).
    var valueName: String
    /// Bars or line.
    var kind: Kind
    /// The points, in order.
    var points: [Point]
    /// Decimals of the numbers shown.
    var digits = 3
    /// Horizontal lines: (value, what it is).
    var limits: [(Double, String)] = []
    /// Values never drawn outside this.
    var clip: ClosedRange<Double>? = nil
    /// Series colour index.
    var color = 0

    static let width = 640.0
    static let height = 220.0
    static let left = 56.0
    static let right = 16.0
    static let top = 14.0
    static let bottom = 46.0

    /// The SVG.
    /// - Complexity: O(points).
    func svg() -> HTML {
        let values = points.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 } }
        var domain = LinearScale.domain(of: values, including: limits.map(\.0), clip: clip)
        if kind == .bars { domain = 0...max(domain.upperBound, 1e-9) }
        let y = LinearScale(domain: domain, range: (Self.height - Self.bottom, Self.top))
        let slot = (Self.width - Self.left - Self.right) / Double(max(1, points.count))
        let color = ChartStyle.color(self.color)
        let c = ChartStyle.c
        var body: HTML = ChartStyle.yAxis(
            y, x: Self.left, right: Self.width - Self.right,
            format: { NumberText.fixed($0, kind == .bars && digits == 0 ? 0 : min(digits, 2)) })
        var line: [String] = []
        let labelEvery = max(1, Int((Double(points.count) * 44 / (Self.width - Self.left)).rounded(.up)))
        for (j, p) in points.enumerated() {
            let x = Self.left + slot * (Double(j) + 0.5)
            if j % labelEvery == 0 {
                let shown = p.label.count > 12 ? String(p.label.prefix(11)) + "…" : p.label
                body += """
                    <text class="tick-label" x="\(c(x))" y="\(c(Self.height - Self.bottom + 16))" \
                    text-anchor="middle">\(shown)</text>
                    """
            }
            guard let v = p.value else {
                // A gap, said so where the mark would be.
                line.append("")
                body += """
                    <g class="mark">\(ChartStyle.tip(describe(p)))<text class="tick-label" x="\(c(x))" \
                    y="\(c(Self.height - Self.bottom - 6))" text-anchor="middle">n/a</text></g>
                    """
                continue
            }
            var mark: HTML = ChartStyle.tip(describe(p))
            switch kind {
            case .bars:
                let w = min(40, slot * 0.7)
                let top = y(v)
                mark += """
                    <rect x="\(c(x - w / 2))" y="\(c(top))" width="\(c(w))" \
                    height="\(c(max(0.5, y(0) - top)))" fill="\(color)"/>
                    """
            case .line:
                if let lo = p.low, let hi = p.high {
                    mark += """
                        <path d="M\(c(x)) \(c(y(lo)))V\(c(y(hi)))M\(c(x - 4)) \(c(y(lo)))h8M\(c(x - 4)) \
                        \(c(y(hi)))h8" stroke="\(color)" stroke-width="1.5" fill="none"/>\
                        <circle cx="\(c(x))" cy="\(c(y(v)))" r="4" fill="\(color)"/>
                        """
                } else {
                    mark += """
                        <circle cx="\(c(x))" cy="\(c(y(v)))" r="4" fill="#fff" stroke="\(color)" \
                        stroke-width="2"/>
                        """
                }
                line.append("\(c(x)),\(c(y(v)))")
            }
            body += "<g class=\"mark\">\(mark)</g>"
        }
        if kind == .line {
            // A gap where a point has no value.
            let runs = line.split(separator: "", omittingEmptySubsequences: true).filter { $0.count > 1 }
            for run in runs {
                body += """
                    <polyline points="\(run.joined(separator: " "))" fill="none" stroke="\(color)" \
                    stroke-width="1.5" stroke-opacity="0.6"/>
                    """
            }
        }
        for (k, (value, name)) in limits.enumerated() {
            let ly = c(y(value))
            body += """
                <g>\(ChartStyle.tip("\(name): \(NumberText.fixed(value, digits))"))\
                <line class="reference" x1="\(c(Self.left))" x2="\(c(Self.width - Self.right))" y1="\(ly)" \
                y2="\(ly)"/><text class="legend" x="\(c(Self.width - Self.right - 4))" y="\(ly)" \
                dy="\(k % 2 == 0 ? "-0.4em" : "1.1em")" text-anchor="end">\(name)</text></g>
                """
        }
        body += """
            <line class="axis" x1="\(c(Self.left))" x2="\(c(Self.width - Self.right))" \
            y1="\(c(Self.height - Self.bottom))" y2="\(c(Self.height - Self.bottom))"/>
            """
        return ChartStyle.svg(width: Self.width, height: Self.height, label: title, body)
    }

    /// The tooltip and table sentence of one point.
    func describe(_ p: Point) -> String {
        guard let v = p.value else {
            return "\(p.label): no \(valueName)" + (p.reason.map { " (\($0))" } ?? "")
        }
        return ChartStyle.describe(
            "\(p.label) — \(valueName)", v, low: p.low, high: p.high, reason: p.reason, digits: digits)
    }

    /// The numbers.
    func table() -> HTML {
        let withInterval = kind == .line
        return ChartStyle.table(
            withInterval ? ["", valueName, "95% low", "95% high", "no interval because"] : ["", valueName],
            points.map { p in
                withInterval
                    ? [
                        "\(p.label)", ChartStyle.cell(p.value, digits), ChartStyle.cell(p.low, digits),
                        ChartStyle.cell(p.high, digits), "\(p.reason ?? "")",
                    ] : ["\(p.label)", ChartStyle.cell(p.value, digits)]
            }, text: [0, 4])
    }

    /// The chart beside its table.
    func figure() -> HTML { ChartStyle.figure(caption: title, chart: svg(), table: table()) }
}
