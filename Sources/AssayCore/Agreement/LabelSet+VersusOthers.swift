// Assay — quality control for human-labelled training data.

extension LabelSet {
    /// A two-annotator set that compares annotator `a` with everyone else: on each item `a`
    /// labelled that has at least one other label, annotator 0 is `a`'s (first) label and
    /// annotator 1 is the majority of the other labels (ties to the lower class). Every agreement
    /// coefficient, Cohen's κ included, is defined on it: this is `assay agreement --by annotator`.
    /// - Complexity: O(labels on the items `a` labelled).
    public func versusOthers(_ a: Int) -> LabelSet {
        let k = classCount
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        var votes = [Int](repeating: 0, count: k)
        var previous: Int32 = -1
        for l32 in labels(ofAnnotator: a) {
            let i = self.item[Int(l32)]
            if i == previous { continue }
            previous = i
            for c in 0..<k { votes[c] = 0 }
            var others = 0
            for l in labels(ofItem: Int(i)) where Int(self.annotator[l]) != a {
                votes[Int(self.value[l])] += 1
                others += 1
            }
            guard others > 0 else { continue }
            var best = 0
            for c in 1..<k where votes[c] > votes[best] { best = c }
            item += [i, i]
            annotator += [0, 1]
            value += [self.value[Int(l32)], Int32(best)]
        }
        return LabelSet(
            itemIDs: itemIDs, annotatorIDs: [annotatorIDs[a], "others' majority"],
            annotatorVendor: [annotatorVendor[a], annotatorVendor[a]], vendorIDs: vendorIDs, classes: classes,
            item: item, annotator: annotator, value: value)
    }
}
