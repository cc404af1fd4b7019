// Assay — quality control for human-labelled training data.

import AssayReport
import Foundation

/// A scorecard as the API serves it: every vendor and comparison, and one page of the annotators
/// (a 10M-label project has 50,000 annotators: 44 MB of JSON in one answer otherwise). The page is
/// taken in the report's annotator order; `annotators_next_cursor` is the position after it.
struct ScorecardPage: Encodable {
    /// The report with `annotators` cut to the page.
    var report: ScorecardReport
    /// Annotators in the whole report.
    var annotatorsTotal: Int
    /// The cursor of the next page, nil on the last one.
    var annotatorsNextCursor: String?

    /// The page of `report` starting after position `after`, of `limit` annotators at most.
    /// - Complexity: O(vendors + comparisons + limit).
    init(_ report: ScorecardReport, after: Int64, limit: Int) {
        let total = report.annotators.count
        let first = Int(min(after, Int64(total)))
        let last = min(total, first + limit)
        var cut = report
        cut.annotators = Array(report.annotators[first..<last])
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
