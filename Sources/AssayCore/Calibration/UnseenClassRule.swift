// Assay — quality control for human-labelled training data.

/// A class that no annotator gave an item may become its label only on strong evidence.
///
/// A confusion-matrix model can conclude that an item whose labels say 3, 3, 1, 5, 1, 3 is really
/// a 2, because some of those annotators said 3 or 1 when the truth was 2. On the shared datasets
/// such conclusions are nearly always wrong (Dawid–Skene on `web`: 40 items, 1 right of 36 with
/// truth). When an item's most probable class is one none of its annotators gave, the classes
/// nobody gave have their probability multiplied by `penalty` and the row is renormalised: such a
/// class keeps the label only when it was `1 / penalty` times as probable as the best class given.
/// Items with no labels are left alone, and so are items whose best class was given.
enum UnseenClassRule {
    /// The factor on classes no annotator gave the item (odds of 10 : 1 needed to stay ahead).
    static let penalty = 0.1

    /// Applies the rule to item-major posteriors `p` of `set` in place, except on items with a
    /// `gold` answer; returns how many items had their row changed.
    /// - Complexity: O(labels + items × K).
    @discardableResult
    static func apply(_ p: inout [Double], set: LabelSet, gold: GoldAnswers? = nil) -> Int {
        let k = set.classCount
        guard k > 1 else { return 0 }
        var changed = 0
        var given = [Bool](repeating: false, count: k)
        p.withUnsafeMutableBufferPointer { p in
            set.value.withUnsafeBufferPointer { val in
                for i in 0..<set.itemCount {
                    let r = set.labels(ofItem: i)
                    guard !r.isEmpty, gold.map({ $0.answer[i] < 0 }) ?? true else { continue }
                    let row = p.baseAddress! + i * k
                    var best = 0
                    for c in 1..<k where row[c] > row[best] { best = c }
                    for c in 0..<k { given[c] = false }
                    for l in r { given[Int(val[l])] = true }
                    guard !given[best] else { continue }
                    for c in 0..<k where !given[c] { row[c] *= penalty }
                    Posteriors.normalize(row, k)
                    changed += 1
                }
            }
        }
        return changed
    }
}
