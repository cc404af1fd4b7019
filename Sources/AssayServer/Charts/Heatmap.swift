// Assay — quality control for human-labelled training data.

import Foundation

/// A matrix of values as coloured cells with their numbers written in: a confusion matrix (rows =
/// true class, columns = class given), or the vendor comparison matrix (differences on a
/// diverging scale).
struct Heatmap: Sendable {
    /// Colours from white to blue over 0…`maximum`, or orange–white–blue over −m…m.
    enum Scale: Sendable {
        case sequential(maximum: Double)
        case diverging(magnitude: Double)
    }

    /// What the chart shows, as a sentence.
    var title: String
    /// Row names.
    var rowLabels: [String]
    /// Column names.
    var columnLabels: [String]
    /// What the rows are (`true class`).
    var rowAxis: String
    /// What the columns are (`class given`).
    var columnAxis: String
    /// `values[r][c]`; nil cells are left blank.
    var values: [[Double?]]
    /// Colour scale.
    var scale: Scale
    /// Decimals written in the cells.
    var digits = 2
    /// The tooltip of a cell (defaults to row, column and value).
    var describe: (@Sendable (Int, Int) -> String)? = nil
    /// Extra text in a cell under the value (a p-value), when given.
    var note: (@Sendable (Int, Int) -> String?)? = nil

    /// The fill of a value.
    func fill(_ v: Double) -> String {
        func mix(_ t: Double, _ to: (Double, Double, Double)) -> String {
            let u = min(1, max(0, t))
            let r = Int((255 + (to.0 - 255) * u).rounded())
            let g = Int((255 + (to.1 - 255) * u).rounded())
            let b = Int((255 + (to.2 - 255) * u).rounded())
            return String(format: "#%02x%02x%02x", r, g, b)
        }
        switch scale {
        case .sequential(let maximum):
            return mix(maximum > 0 ? v / maximum : 0, (8, 81, 156))
        case .diverging(let m):
            return v >= 0 ? mix(m > 0 ? v / m : 0, (8, 81, 156)) : mix(m > 0 ? -v / m : 0, (202, 92, 0))
        }
    }

    /// The SVG.
    /// - Complexity: O(rows × columns).
    func svg() -> HTML {
        let c = ChartStyle.c
        let longest = rowLabels.map(\.count).max() ?? 4
        let left = min(140, 22 + Double(longest) * 7)
        let top = 46.0
        let cell = min(64, max(30, (560 - left) / Double(max(1, columnLabels.count))))
        let width = left + cell * Double(columnLabels.count) + 10
        let height = top + cell * Double(rowLabels.count) + 10
        var body: HTML = """
            <text class="axis-name" x="\(c(left + cell * Double(columnLabels.count) / 2))" y="12" \
            text-anchor="middle">\(columnAxis) →</text>\
            <text class="axis-name" x="10" y="\(c(top + cell * Double(rowLabels.count) / 2))" \
            text-anchor="middle" transform="rotate(-90 10 \(c(top + cell * Double(rowLabels.count) / 2)))">\
            \(rowAxis) →</text>
            """
        for (j, name) in columnLabels.enumerated() {
            let shown = name.count > 9 ? String(name.prefix(8)) + "…" : name
            body += """
                <text class="tick-label" x="\(c(left + cell * (Double(j) + 0.5)))" y="\(c(top - 8))" \
                text-anchor="middle"><title>\(name)</title>\(shown)</text>
                """
        }
        for (r, name) in rowLabels.enumerated() {
            let y = top + cell * Double(r)
            let shown = name.count > 18 ? String(name.prefix(17)) + "…" : name
            body += """
                <text class="row-label" x="\(c(left - 6))" y="\(c(y + cell / 2))" dy="0.32em" \
                text-anchor="end"><title>\(name)</title>\(shown)</text>
                """
            for (k, value) in values[r].enumerated() {
                let x = left + cell * Double(k)
                guard let value else {
                    body += """
                        <rect x="\(c(x))" y="\(c(y))" width="\(c(cell))" height="\(c(cell))" \
                        class="cell-empty"/>
                        """
                    continue
                }
                let f = fill(value)
                let dark = Self.isDark(f)
                let text =
                    describe?(r, k) ?? "\(name) × \(columnLabels[k]): \(NumberText.fixed(value, digits))"
                let extra = note?(r, k)
                body += """
                    <g class="mark">\(ChartStyle.tip(text))<rect x="\(c(x))" y="\(c(y))" width="\(c(cell))" \
                    height="\(c(cell))" fill="\(f)" stroke="#fff"/>\
                    <text class="cell-value\(dark ? " on-dark" : "")" x="\(c(x + cell / 2))" \
                    y="\(c(y + cell / 2 - (extra == nil ? 0 : 6)))" dy="0.32em" \
                    text-anchor="middle">\(NumberText.fixed(value, digits))</text>
                    """
                if let extra {
                    body += """
                        <text class="cell-note\(dark ? " on-dark" : "")" x="\(c(x + cell / 2))" \
                        y="\(c(y + cell / 2 + 9))" dy="0.32em" text-anchor="middle">\(extra)</text>
                        """
                }
                body += "</g>"
            }
        }
        return ChartStyle.svg(width: width, height: height, label: title, body)
    }

    /// Whether black text would be hard to read on `fill`.
    static func isDark(_ fill: String) -> Bool {
        let hex = fill.dropFirst()
        guard let n = Int(hex, radix: 16) else { return false }
        let r = Double((n >> 16) & 255)
        let g = Double((n >> 8) & 255)
        let b = Double(n & 255)
        return 0.299 * r + 0.587 * g + 0.114 * b < 140
    }

    /// The numbers.
    func table() -> HTML {
        ChartStyle.table(
            ["\(rowAxis) \\ \(columnAxis)"] + columnLabels,
            values.enumerated().map { r, row in
                ["\(rowLabels[r])"] + row.map { ChartStyle.cell($0, digits) }
            })
    }

    /// The chart beside its table.
    func figure() -> HTML { ChartStyle.figure(caption: title, chart: svg(), table: table()) }
}
