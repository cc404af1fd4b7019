// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

@Suite struct RatingMetricsTests {
    @Test func spearmanWithTiesByHand() throws {
        // x = 1, 2, 2, 3: ranks 1, 2.5, 2.5, 4. y = 10, 30, 20, 40: ranks 1, 3, 2, 4.
        // Rank deviations from 2.5: x (−1.5, 0, 0, 1.5), y (−1.5, 0.5, −0.5, 1.5);
        // Σxy = 2.25 + 0 + 0 + 2.25 = 4.5, Σx² = 4.5, Σy² = 5 → ρ = 4.5 / √(4.5 · 5) = 0.948683…
        #expect(RatingMetrics.ranks([1, 2, 2, 3]) == [1, 2.5, 2.5, 4])
        let rho = try #require(RatingMetrics.spearman([1, 2, 2, 3], [10, 30, 20, 40]))
        #expect(abs(rho - 4.5 / (4.5 * 5.0).squareRoot()) < 1e-12)
        // Three-way tie at the top: 5, 5, 5, 1 → ranks 3, 3, 3, 1.
        #expect(RatingMetrics.ranks([5, 5, 5, 1]) == [3, 3, 3, 1])
    }

    @Test func pearsonAndErrorsByHand() throws {
        // x = 1, 2, 3; y = 2, 4, 7: deviations (−1, 0, 1), (−2.333…, −0.333…, 2.666…);
        // Σxy = 5, Σx² = 2, Σy² = 12.666… → r = 5 / √(2 · 12.666…) = 0.99339…
        let r = try #require(RatingMetrics.pearson([1, 2, 3], [2, 4, 7]))
        #expect(abs(r - 5 / (2 * 38.0 / 3).squareRoot()) < 1e-12)
        let score = RatingMetrics.score([1, 2, 3, 100], truth: [2, 4, 7, .nan])
        #expect(score.scored == 3)
        #expect(abs(score.mae! - (1 + 2 + 4) / 3.0) < 1e-12)
        #expect(abs(score.rmse! - ((1 + 4 + 16) / 3.0).squareRoot()) < 1e-12)
        #expect(RatingMetrics.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(RatingMetrics.spearman([1], [2]) == nil)
    }
}
