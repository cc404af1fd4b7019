// Assay — quality control for human-labelled training data.

/// The word transition networks (Fiscus 1997) of a range of items: each item's answers aligned
/// word by word into slots, so that a vote per slot gives the consensus (`Rover`).
///
/// An item's answers are aligned one after another, most central first (least total word edit
/// distance to the item's other answers; ties to the earlier label), each new answer by dynamic
/// programming against the network so far: putting a word in a slot that already holds it costs 0,
/// in one that does not 1; skipping a slot (the answer gets the empty word ε there) costs 0 when
/// the slot already holds ε, else 1; a word no slot takes opens a new slot (cost 1) where the
/// earlier answers get ε. Ties prefer a match or substitution, then a skip, then a new slot.
///
/// An answer whose alignment would need more than `maximumCells` dynamic-programming cells is left
/// out of its item's network (the most central answer is always in).
struct WordTransitionNetworks: Sendable {
    /// The items covered.
    let items: Range<Int>
    /// Per item of `items` (relative index), the start of its slot × column matrix in `cells`.
    private(set) var cellOffsets: [Int] = [0]
    /// Per item, the number of aligned answers (columns).
    private(set) var columns: [Int32] = []
    /// Per item, the labels of its aligned answers in column order, back to back from
    /// `columnOffsets[item]`.
    private(set) var columnLabel: [Int32] = []
    private(set) var columnOffsets: [Int] = [0]
    /// Cell (slot s, column c) of an item: the local word id there, 0 for ε; row-major.
    private(set) var cells: [Int32] = []
    /// Per item, its distinct words (global ids); local id k ≥ 1 is `localWords[localOffsets[item] + k - 1]`.
    private(set) var localWords: [Int32] = []
    private(set) var localOffsets: [Int] = [0]

    /// Aligns the answers of every item in `items`.
    /// - Complexity: O(Σ over items of n × (slots × words + slots × n)) time for n answers of an item,
    ///   O(slots × words) scratch.
    init(_ set: TextSet, items: Range<Int>, distances: AnswerDistances, maximumCells: Int) {
        self.items = items
        var aligner = Aligner(vocabulary: set.tokenizer.wordCount, maximumCells: maximumCells)
        for i in items {
            let range = set.index.labels(ofItem: i)
            let order = Self.centralOrder(item: i, labels: range, distances: distances)
            aligner.align(set, order: order, into: &self)
        }
    }

    /// The labels of an item in order of increasing total edit distance to the item's other answers.
    private static func centralOrder(item i: Int, labels range: Range<Int>, distances: AnswerDistances)
        -> [Int32]
    {
        let n = range.count
        let base = distances.matrixOffsets[i]
        let total = (0..<n).map { j in (0..<n).reduce(0) { $0 + Int(distances.edits[base + j * n + $1]) } }
        return (0..<n).sorted { total[$0] != total[$1] ? total[$0] < total[$1] : $0 < $1 }
            .map { Int32(range.lowerBound + $0) }
    }

    /// Appends one aligned item.
    fileprivate mutating func append(
        labels: ArraySlice<Int32>, slots: Int, cells newCells: ArraySlice<Int32>, words: ArraySlice<Int32>
    ) {
        columnLabel.append(contentsOf: labels)
        columnOffsets.append(columnLabel.count)
        columns.append(Int32(labels.count))
        cells.append(contentsOf: newCells)
        cellOffsets.append(cells.count)
        localWords.append(contentsOf: words)
        localOffsets.append(localWords.count)
        precondition(newCells.count == slots * labels.count)
    }

    /// Votes every item's slots with per-annotator `weights` and appends each item's consensus
    /// words to `out`: per slot the word (or ε) with the greatest total weight, an ε vote counting
    /// `emptyWeight` times its annotator's weight; ties go to a word over ε, then to the word of the
    /// earliest column.
    /// - Complexity: O(cells).
    func vote(_ set: TextSet, weights: [Double], emptyWeight: Double, into out: inout WordSequences) {
        var score = [Double]()
        var winners = [Int32]()
        for r in 0..<(items.upperBound - items.lowerBound) {
            let n = Int(columns[r])
            let labels = columnLabel[columnOffsets[r]..<columnOffsets[r + 1]]
            let w = labels.map { weights[Int(set.index.annotator[Int($0)])] }
            let words = localWords[localOffsets[r]..<localOffsets[r + 1]]
            if score.count < words.count + 1 { score = [Double](repeating: 0, count: words.count + 1) }
            winners.removeAll(keepingCapacity: true)
            var s = cellOffsets[r]
            while s < cellOffsets[r + 1] {
                for c in 0..<n {
                    let v = Int(cells[s + c])
                    score[v] += v == 0 ? w[c] * emptyWeight : w[c]
                }
                var best: Int32 = -1
                var bestScore = -Double.infinity
                for c in 0..<n {
                    let v = cells[s + c]
                    let sc = score[Int(v)]
                    if sc > bestScore || (sc == bestScore && best == 0 && v != 0) {
                        best = v
                        bestScore = sc
                    }
                }
                for c in 0..<n { score[Int(cells[s + c])] = 0 }
                if best > 0 { winners.append(words[words.startIndex + Int(best) - 1]) }
                s += n
            }
            out.append(winners)
        }
    }
}

/// The scratch of one aligning worker.
private struct Aligner {
    /// Global word id → local id (0 = not seen in this item); reset after each item.
    var localOf: [Int32]
    var localWords: [Int32] = []
    /// The network so far: slots × stride cells, and per slot a bitset of the local ids it holds.
    var net: [Int32] = []
    var nextNet: [Int32] = []
    var has: [UInt64] = []
    var nextHas: [UInt64] = []
    var cost: [Int32] = []
    var move: [UInt8] = []
    var hypothesis: [Int32] = []
    var path: [UInt8] = []
    /// Labels aligned so far, in column order.
    var included: [Int32] = []

    let maximumCells: Int

    init(vocabulary: Int, maximumCells: Int) {
        localOf = [Int32](repeating: 0, count: vocabulary)
        self.maximumCells = maximumCells
    }

    private static let diagonal: UInt8 = 0
    private static let skip: UInt8 = 1
    private static let insert: UInt8 = 2

    mutating func align(_ set: TextSet, order: [Int32], into networks: inout WordTransitionNetworks) {
        let n = order.count
        localWords.removeAll(keepingCapacity: true)
        for label in order {
            for g in set.words[Int(label)] where localOf[Int(g)] == 0 {
                localWords.append(g)
                localOf[Int(g)] = Int32(localWords.count)
            }
        }
        let blocks = (localWords.count + 1 + 63) / 64
        var slots = 0
        included.removeAll(keepingCapacity: true)
        // The first answer makes the first slots.
        if n > 0 {
            let first = set.words[Int(order[0])]
            slots = first.count
            net = first.map { localOf[Int($0)] }
            has = [UInt64](repeating: 0, count: slots * blocks)
            for (s, v) in net.enumerated() { has[s * blocks + Int(v) >> 6] |= 1 << UInt64(v & 63) }
            included.append(order[0])
        } else {
            net = []
        }
        // Each further answer joins when its dynamic programme fits; the net has one column per
        // included answer.
        for label in order.dropFirst() {
            hypothesis = set.words[Int(label)].map { localOf[Int($0)] }
            guard (hypothesis.count + 1) * (slots + 1) <= maximumCells else { continue }
            fill(slots: slots, blocks: blocks)
            rebuild(slots: &slots, stride: included.count, blocks: blocks)
            included.append(label)
        }
        networks.append(
            labels: included[...], slots: slots, cells: net[0..<(slots * included.count)],
            words: localWords[...])
        for g in localWords { localOf[Int(g)] = 0 }
    }

    /// The dynamic programme of `hypothesis` against the network's slots: `cost` and `move` of
    /// `(words + 1) × (slots + 1)` cells.
    private mutating func fill(slots: Int, blocks: Int) {
        let width = slots + 1
        let words = hypothesis.count
        let size = (words + 1) * width
        if cost.count < size {
            cost = [Int32](repeating: 0, count: size)
            move = [UInt8](repeating: 0, count: size)
        }
        cost.withUnsafeMutableBufferPointer { cost in
            move.withUnsafeMutableBufferPointer { move in
                has.withUnsafeBufferPointer { has in
                    cost[0] = 0
                    for j in 1..<width {
                        let holdsEmpty = has[(j - 1) * blocks] & 1 != 0
                        cost[j] = cost[j - 1] + (holdsEmpty ? 0 : 1)
                        move[j] = Self.skip
                    }
                    for i in stride(from: 1, through: words, by: 1) {
                        let v = Int(hypothesis[i - 1])
                        let row = i * width
                        let up = row - width
                        cost[row] = Int32(i)
                        move[row] = Self.insert
                        for j in 1..<width {
                            let slot = (j - 1) * blocks
                            let holds = has[slot + v >> 6] & (1 << UInt64(v & 63)) != 0
                            let holdsEmpty = has[slot] & 1 != 0
                            var best = cost[up + j - 1] + (holds ? 0 : 1)
                            var how = Self.diagonal
                            let skip = cost[row + j - 1] + (holdsEmpty ? 0 : 1)
                            if skip < best {
                                best = skip
                                how = Self.skip
                            }
                            if cost[up + j] + 1 < best {
                                best = cost[up + j] + 1
                                how = Self.insert
                            }
                            cost[row + j] = best
                            move[row + j] = how
                        }
                    }
                }
            }
        }
    }

    /// Follows `move` back from the last cell and rebuilds the network with the hypothesis as a new
    /// column (`stride` columns before it).
    private mutating func rebuild(slots: inout Int, stride: Int, blocks: Int) {
        let width = slots + 1
        path.removeAll(keepingCapacity: true)
        var i = hypothesis.count
        var j = slots
        while i > 0 || j > 0 {
            let how = move[i * width + j]
            path.append(how)
            switch how {
            case Self.diagonal:
                i -= 1
                j -= 1
            case Self.skip: j -= 1
            default: i -= 1
            }
        }
        let newStride = stride + 1
        nextNet.removeAll(keepingCapacity: true)
        nextHas.removeAll(keepingCapacity: true)
        nextNet.reserveCapacity(path.count * newStride)
        i = 0
        j = 0
        for how in path.reversed() {
            let hasStart = nextHas.count
            if how == Self.insert {
                for _ in 0..<stride { nextNet.append(0) }
                let v = hypothesis[i]
                nextNet.append(v)
                nextHas.append(contentsOf: repeatElement(0, count: blocks))
                nextHas[hasStart] |= 1
                nextHas[hasStart + Int(v) >> 6] |= 1 << UInt64(v & 63)
                i += 1
            } else {
                nextNet.append(contentsOf: net[(j * stride)..<(j * stride + stride)])
                nextHas.append(contentsOf: has[(j * blocks)..<(j * blocks + blocks)])
                let v: Int32 = how == Self.diagonal ? hypothesis[i] : 0
                nextNet.append(v)
                nextHas[hasStart + Int(v) >> 6] |= 1 << UInt64(v & 63)
                if how == Self.diagonal { i += 1 }
                j += 1
            }
        }
        slots = path.count
        swap(&net, &nextNet)
        swap(&has, &nextHas)
    }
}
