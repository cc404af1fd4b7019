// Assay — quality control for human-labelled training data.

import Foundation

extension LabelSet {
    /// A two-annotator set that compares annotator `a` with the consensus of an inference made
    /// without `a`'s own evidence: on each item `a` labelled that others labelled too, annotator 0 is
    /// `a`'s (first) label and annotator 1 the consensus class once `a`'s labels are divided out of
    /// the item's posterior under `a`'s confusion matrix (exact for Dawid–Skene's independent
    /// annotators; for tempered fits it removes a little more than `a` contributed). For methods
    /// without confusion matrices annotator 1 is the others' majority (`versusOthers`). This is
    /// `assay agreement --by annotator`, with the same method as every other output.
    /// - Complexity: O(labels on the items `a` labelled × classes).
    public func versusConsensus(_ a: Int, result: InferenceResult) -> LabelSet {
        let k = classCount
        guard result.confusion.count == annotatorCount * k * k, result.posteriors.count == itemCount * k
        else {
            return versusOthers(a)
        }
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        var score = [Double](repeating: 0, count: k)
        var previous: Int32 = -1
        for l32 in labels(ofAnnotator: a) {
            let i = self.item[Int(l32)]
            if i == previous { continue }
            previous = i
            let range = labels(ofItem: Int(i))
            guard range.contains(where: { Int(self.annotator[$0]) != a }) else { continue }
            for c in 0..<k { score[c] = log(max(result.posteriors[Int(i) * k + c], 1e-300)) }
            for l in range where Int(self.annotator[l]) == a {
                let given = Int(self.value[l])
                for c in 0..<k { score[c] -= log(max(result.confusion[(a * k + c) * k + given], 1e-12)) }
            }
            var best = 0
            for c in 1..<k where score[c] > score[best] { best = c }
            item += [i, i]
            annotator += [0, 1]
            value += [self.value[Int(l32)], Int32(best)]
        }
        return LabelSet(
            itemIDs: itemIDs, annotatorIDs: [annotatorIDs[a], "consensus without it (\(result.method))"],
            annotatorVendor: [annotatorVendor[a], annotatorVendor[a]], vendorIDs: vendorIDs, classes: classes,
            item: item, annotator: annotator, value: value)
    }
}
