// Assay — quality control for human-labelled training data.

/// What every chart shares: the palette (Okabe–Ito, distinguishable with the common colour-vision
/// deficiencies), coordinates as SVG writes them, and the accessible frame: an `<svg>` with
/// `role="img"`, an `aria-label` sentence and a `<title>`, beside a table of the same numbers.
enum ChartStyle {
    /// Series colours.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7f7f7f"]

    /// The colour of series `j`.
    static func color(_ j: Int) -> String { palette[j % palette.count] }

    /// A coordinate with one decimal (what SVG needs; shorter pages).
    static func c(_ x: Double) -> String { NumberText.fixed(x, 1).replacingOccurrences(of: "−", with: "-") }

    /// An `<svg>` of `width` × `height` user units that scales to its container, labelled for
    /// screen readers by `label`, holding `body`.
    static func svg(width: Double, height: Double, label: String, _ body: HTML) -> HTML {
        """
        <svg class="chart" viewBox="0 0 \(c(width)) \(c(height))" width="\(c(width))" height="\(c(height))" \
        role="img" aria-label="\(label)" \
        xmlns="http://www.w3.org/2000/svg"><title>\(label)</title>\(body)</svg>
        """
    }

    /// A chart and the table of its numbers, side by side on a wide screen and stacked on a
    /// narrow one; the table can be folded away.
    static func figure(caption: String, chart: HTML, table: HTML, tableOpen: Bool = true) -> HTML {
        """
        <figure class="figure"><figcaption>\(caption)</figcaption><div class="figure-body">\
        <div class="figure-chart">\(chart)</div>\
        <details class="figure-table"\(tableOpen ? " open" : "")><summary>Numbers</summary>\
        <div class="scroll">\(table)</div></details></div></figure>
        """
    }

    /// A tooltip: `<title>` text for the mark it precedes.
    static func tip(_ text: String) -> HTML { "<title>\(text)</title>" }

    /// An x axis at `y` with ticks from `scale` written by `format`.
    static func xAxis(_ scale: LinearScale, y: Double, format: (Double) -> String) -> HTML {
        var out: HTML = """
            <line class="axis" x1="\(c(scale.range.0))" x2="\(c(scale.range.1))" y1="\(c(y))" y2="\(c(y))"/>
            """
        for t in scale.ticks() {
            let x = c(scale(t))
            out += """
                <line class="tick" x1="\(x)" x2="\(x)" y1="\(c(y))" y2="\(c(y + 4))"/>\
                <text class="tick-label" x="\(x)" y="\(c(y + 16))" text-anchor="middle">\(format(t))</text>
                """
        }
        return out
    }

    /// Vertical grid lines at the ticks of `scale`, from `top` to `bottom`.
    static func xGrid(_ scale: LinearScale, top: Double, bottom: Double) -> HTML {
        HTML(
            scale.ticks().map { t in
                let x = c(scale(t))
                return "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(c(top))\" y2=\"\(c(bottom))\"/>"
            })
    }

    /// A y axis at `x` with horizontal grid lines to `right`.
    static func yAxis(_ scale: LinearScale, x: Double, right: Double, format: (Double) -> String) -> HTML {
        var out: HTML = ""
        for t in scale.ticks(4) {
            let y = c(scale(t))
            out += """
                <line class="grid" x1="\(c(x))" x2="\(c(right))" y1="\(y)" y2="\(y)"/>\
                <text class="tick-label" x="\(c(x - 6))" y="\(y)" dy="0.32em" text-anchor="end">\(format(t))</text>
                """
        }
        return out
    }

    /// A legend row of coloured keys at (`x`, `y`).
    static func legend(_ names: [String], x: Double, y: Double) -> HTML {
        var out: HTML = ""
        var at = x
        for (j, name) in names.enumerated() {
            out += """
                <rect x="\(c(at))" y="\(c(y - 9))" width="10" height="10" fill="\(color(j))"/>\
                <text class="legend" x="\(c(at + 14))" y="\(c(y))">\(name)</text>
                """
            at += 24 + Double(name.count) * 6.6
        }
        return out
    }

    /// A table with a header row and body rows (cells already markup); columns other than `text`
    /// hold numbers and are aligned right.
    static func table(
        _ header: [String], _ rows: [[HTML]], text: Set<Int> = [0], sortable: Bool = false, id: String? = nil
    ) -> HTML {
        let head = HTML(
            header.enumerated().map { j, h in
                text.contains(j) ? "<th>\(h)</th>" : "<th class=\"num\">\(h)</th>"
            })
        let body = HTML(
            rows.map { row in
                "<tr>"
                    + HTML(
                        row.enumerated().map { j, cell in
                            text.contains(j) ? "<td>\(cell)</td>" : "<td class=\"num\">\(cell)</td>"
                        }) + "</tr>"
            })
        let idAttribute: HTML = id.map { " id=\"\($0)\"" } ?? ""
        return """
            <table class="data\(sortable ? " sortable" : "")"\(idAttribute)><thead><tr>\(head)</tr></thead>\
            <tbody>\(body)</tbody></table>
            """
    }

    /// A figure cell: the rounded number shown, the exact one in `data-value`.
    static func cell(_ x: Double?, _ digits: Int) -> HTML {
        guard let x, x.isFinite else { return "—" }
        return "<span data-value=\"\(NumberText.exact(x))\">\(NumberText.fixed(x, digits))</span>"
    }

    /// A count cell: thousands separated, the exact count in `data-value`.
    static func count(_ n: Int) -> HTML { "<span data-value=\"\(n)\">\(NumberText.count(n))</span>" }

    /// "`subject`: value (95% interval low to high)" (or another `level`), or with the reason there
    /// is no interval.
    static func describe(
        _ subject: String, _ value: Double, low: Double?, high: Double?, reason: String?, digits: Int,
        level: String = "95%"
    ) -> String {
        var s = "\(subject): \(NumberText.fixed(value, digits))"
        if let low, let high {
            s += " (\(level) interval \(NumberText.fixed(low, digits)) to \(NumberText.fixed(high, digits)))"
        } else if let reason {
            s += " (no interval: \(reason))"
        }
        return s
    }

    /// A p-value cell: "<0.001" or three decimals shown, the exact value in `data-value`.
    static func p(_ x: Double?) -> HTML {
        guard let x else { return "—" }
        return "<span data-value=\"\(NumberText.exact(x))\">\(NumberText.p(x))</span>"
    }
}
