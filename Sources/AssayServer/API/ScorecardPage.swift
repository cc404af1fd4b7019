// Assay — quality control for human-labelled training data.

import AssayReport
import Foundation

/// A report whose per-annotator rows the scorecard route serves a page at a time.
protocol AnnotatorPaging: Encodable, Sendable {
    /// Rows in the report's per-annotator list.
    var annotatorCount: Int { get }
    /// Keeps the per-annotator rows in `range` only.
    mutating func keepAnnotators(_ range: Range<Int>)
}

/// A report whose per-annotator list is its `annotators`.
protocol AnnotatorsPaging: AnnotatorPaging {
    /// A per-annotator row.
    associatedtype PagedRow
    /// The per-annotator rows.
    var annotators: [PagedRow] { get set }
}

extension AnnotatorsPaging {
    var annotatorCount: Int { annotators.count }
    mutating func keepAnnotators(_ range: Range<Int>) { annotators = Array(annotators[range]) }
}

extension ScorecardReport: AnnotatorsPaging {}
extension PairwiseReport: AnnotatorsPaging {}
extension MultiLabelReport: AnnotatorsPaging {}
extension TextReport: AnnotatorsPaging {}

extension RatingReport: AnnotatorPaging {
    var annotatorCount: Int { raters.count }
    mutating func keepAnnotators(_ range: Range<Int>) { raters = Array(raters[range]) }
}

/// A scorecard as the API serves it: every vendor and comparison, and one page of the annotators
/// (a 10M-label project has 50,000 annotators: 44 MB of JSON in one answer otherwise); for a typed
/// project, its type's report with one page of its annotators (a rating report's raters). The page
/// is taken in the report's annotator order; `annotators_next_cursor` is the position after it.
struct ScorecardPage<Report: AnnotatorPaging>: Encodable {
    /// The report with its annotators cut to the page.
    var report: Report
    /// Annotators in the whole report.
    var annotatorsTotal: Int
    /// The cursor of the next page, nil on the last one.
    var annotatorsNextCursor: String?

    /// The page of `report` starting after position `after`, of `limit` annotators at most.
    /// - Complexity: O(vendors + comparisons + limit).
    init(_ report: Report, after: Int64, limit: Int) {
        let total = report.annotatorCount
        let first = Int(min(after, Int64(total)))
        let last = min(total, first + limit)
        var cut = report
        cut.keepAnnotators(first..<last)
        self.report = cut
        annotatorsTotal = total
        annotatorsNextCursor = last < total ? "\(last)" : nil
    }

    private enum CodingKeys: String, CodingKey {
        case annotatorsTotal = "annotators_total"
        case annotatorsNextCursor = "annotators_next_cursor"
    }

    /// The report's keys and the two paging keys, in one object.
    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(annotatorsTotal, forKey: .annotatorsTotal)
        try c.encode(annotatorsNextCursor, forKey: .annotatorsNextCursor)
    }
}
