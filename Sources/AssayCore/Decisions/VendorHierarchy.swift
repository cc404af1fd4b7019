// Assay — quality control for human-labelled training data.

import CAssayPrefetch
import Foundation

/// Vendors as groups of annotators: Dawid–Skene whose confusion matrices are tied in a hierarchy,
/// in the spirit of community-based Bayesian classifier combination (Venanzi et al., WWW 2014),
/// with the communities known (the vendors).
///
/// Each annotator's confusion row for true class t is a draw from Dirichlet(s_v · m_v,t) around
/// its vendor's row m_v,t; each vendor's row is drawn around the pool's μ_t with strength s₀. EM
/// alternates the items' posteriors (E-step, gold clamped as in `DawidSkene`) with the annotators'
/// posterior-mean rows (n_a,t + s_v m_v,t) / (N_a,t + s_v), where n are the expected counts. The
/// strengths are learnt every iteration from the counts (empirical Bayes):
/// - s_v from the spread of the vendor's annotators' accuracies beyond their binomial noise (the
///   ANOVA estimator of the intra-class correlation ρ = 1 / (s + 1) for clustered proportions:
///   E Σ_a N_a (p_a − p̄)² = p̄(1 − p̄)[ρ(N − Σ N_a² / N) + (1 − ρ)(A − 1)]);
/// - the vendor's row m_v,t from its annotators' observed rows, each weighted by the information
///   it carries about the vendor, N(s + 1) / (N + s), plus s₀ μ_t;
/// - s₀ the same way from the spread of the vendors' accuracies (three vendors or more).
///
/// An annotator with few labels thus borrows from the vendor, a vendor with few labels from the
/// pool. Per annotator and per vendor the fit gives accuracy posteriors (Beta summaries, matched
/// to the mean and variance of Σ_t prior_t π_tt, with the vendor mean's own uncertainty added
/// for the vendor's workforce).
public struct VendorHierarchy: Sendable {
    /// Fitting settings.
    public struct Options: Sendable {
        /// Iteration cap.
        public var maxIterations = 100
        /// Convergence threshold on the change of mean log-likelihood per label.
        public var tolerance = 1e-5
        /// Mass of the central intervals reported.
        public var level = 0.9
        /// Least strength a vendor's prior may take (pseudo-labels per row).
        public var minimumStrength = 1.0
        /// Greatest strength a vendor's prior may take.
        public var maximumStrength = 10_000.0
        /// Strength of a vendor whose annotators cannot show their spread (one annotator) when no
        /// other vendor's strength is known.
        public var defaultStrength = 20.0
        /// Fit on a seeded random sample of the items holding about this many labels when the set
        /// has more, then give every item its posterior in one pass (nil: fit on everything).
        /// Vendor-level figures from a sample are unbiased and their intervals honest (wider).
        public var sampleLabels: Int? = nil
        /// The sample the quick decisions (`assay plan`, `assay next`) fit on: on 10M labels the
        /// whole fit takes 8–10 times Dawid–Skene's time, the sample's well under a second.
        public static let quickSample = 500_000
        /// The iterations of the quick decisions' fit. On a 500k-label sample of 10M labels with
        /// 50,000 annotators the fit takes 15 iterations (3.8 s) to meet `tolerance`, while the
        /// vendors' accuracies and 90% intervals after 6 (1.8 s) equal the converged ones to 4
        /// decimals (`scripts/decisions_harness.sh`, 2026-12-01).
        public static let quickIterations = 6
        /// Seed of the sample.
        public var seed: UInt64 = 0
        /// Whether a fit on a sample ends with every item's posterior (one pass over all labels);
        /// off, `VendorHierarchyFit.posteriors` is empty (`assay plan` needs only the vendors).
        public var itemPosteriors = true

        /// The defaults.
        public init() {}
    }

    /// Settings.
    public var options: Options

    /// A model with the given settings.
    public init(options: Options = Options()) { self.options = options }

    /// Fits the model.
    /// - Complexity: O(iterations × (labels × K + annotators × K²)), item ranges in parallel on
    ///   large sets; memory O(items × K + annotators × K² × chunks).
    public func fit(_ set: LabelSet, gold: GoldAnswers? = nil) -> VendorHierarchyFit {
        if let cap = options.sampleLabels, set.count > cap {
            let share = Double(cap) / Double(set.count)
            var rng = SeededGenerator(seed: options.seed)
            let keep = (0..<set.itemCount).map { _ in rng.nextUnit() < share }
            let sample = set.subset { keep[Int(set.item[$0])] }
            var whole = VendorHierarchy(options: options)
            whole.options.sampleLabels = nil
            var fit = whole.fit(sample, gold: gold)
            if options.itemPosteriors {
                fit.resample(set, gold: gold, sampledLabels: sample.count)
            } else {
                fit.dropPosteriors(sampledLabels: sample.count)
            }
            return fit
        }
        let k = max(set.classCount, 1)
        let nA = set.annotatorCount
        let nI = set.itemCount
        var post = Posteriors.voteShares(set)
        Posteriors.clamp(&post, gold: gold, classes: k)
        let chunks = ParallelRanges(set)
        let nChunks = chunks.ranges.count
        // One row per (annotator, given class o): K log-probabilities log π(o | t), then each
        // chunk's K expected counts, padded to whole cache lines.
        let stride = (k * (1 + nChunks) + 7) / 8 * 8
        let cells = max(nA * k * stride, 1)
        let table = UnsafeMutableRawPointer.allocate(
            byteCount: cells * MemoryLayout<Double>.stride, alignment: 64
        ).bindMemory(to: Double.self, capacity: cells)
        table.initialize(repeating: 0, count: cells)
        let chunkSums = UnsafeMutablePointer<Double>.allocate(capacity: nChunks * (1 + k))
        defer {
            table.deallocate()
            chunkSums.deallocate()
        }
        let goldAnswer = gold.map { $0.knownCount > 0 ? $0.answer : [] } ?? []
        pass(
            set, chunks: chunks, table: table, stride: stride, logPrior: [Double](repeating: 0, count: k),
            gold: [], post: &post, sums: chunkSums, expectation: false)
        var prior = Posteriors.prior(post, classes: k, items: nI)
        let nV = max(set.vendorIDs.count, 1)
        var layer: AccuracyLayer? = nil
        var rows = ConfusionShrinkage.fit(
            counts: gatherCounts(table, stride: stride, annotators: nA, k: k, chunks: nChunks), set: set,
            strength: [Double](repeating: options.defaultStrength, count: nV), poolStrength: 2)
        var previous = -Double.infinity
        var iterations = 0
        var converged = false
        var logLikelihood = 0.0
        while iterations < options.maxIterations {
            iterations += 1
            // Log of the annotators' posterior-mean rows into the table; counts cleared.
            for a in 0..<nA {
                for o in 0..<k {
                    let row = table + (a * k + o) * stride
                    for t in 0..<k { row[t] = log(max(rows.confusion[(a * k + t) * k + o], 1e-300)) }
                    for j in k..<stride { row[j] = 0 }
                }
            }
            pass(
                set, chunks: chunks, table: table, stride: stride,
                logPrior: prior.map { log(max($0, 1e-10)) },
                gold: goldAnswer, post: &post, sums: chunkSums, expectation: true)
            logLikelihood = 0
            for c in 0..<nChunks { logLikelihood += chunkSums[c] }
            for t in 0..<k {
                var s = 0.0
                for c in 0..<nChunks { s += chunkSums[nChunks + c * k + t] }
                prior[t] = s / Double(max(nI, 1))
            }
            let evidence = self.evidence(
                set, chunks: chunks, post: post, prior: prior, gold: goldAnswer, rows: rows,
                strength: layer?.strength ?? [Double](repeating: options.defaultStrength, count: nV))
            let fitted = AccuracyLayer.fit(evidence, set: set, options: options)
            layer = fitted
            rows = ConfusionShrinkage.fit(
                counts: gatherCounts(table, stride: stride, annotators: nA, k: k, chunks: nChunks), set: set,
                strength: fitted.strength, poolStrength: fitted.poolStrength, accuracy: fitted.mean,
                prior: prior)
            let perLabel = logLikelihood / Double(max(set.count, 1))
            // The strengths move with the fit, so the likelihood need not rise at every step: the
            // fit has converged when it stops moving either way.
            if abs(perLabel - previous) < options.tolerance {
                converged = true
                break
            }
            previous = perLabel
        }
        let final =
            layer
            ?? AccuracyLayer.fit(AccuracyLayer.Evidence(annotators: nA), set: set, options: options)
        return VendorHierarchyFit(
            set: set, posteriors: post, prior: prior, rows: rows, layer: final, level: options.level,
            iterations: iterations, converged: converged, logLikelihood: logLikelihood)
    }

    /// The leave-one-out pass (see `AccuracyLayer`): per label, its item's posterior without it and
    /// without the item's pull on the other annotators' rows, q ∝ prior · Π_b π_b^(−i)(o_b | ·),
    /// where π_b^(−i) is b's row refitted without item i's expected counts (a label's agreement
    /// with others whose rows it helped fit is flattered: measured, the vendors' accuracies came
    /// out 0.66 standard errors high on average without this), scored by its agreement q(o), the
    /// chance and slope terms and the coefficients of its variance as a function of the accuracy;
    /// summed per annotator, chunk by chunk.
    ///
    /// Computed in linear space without a log or an exp (`CavityProducts`): label j's refitted term is
    /// w_j(t) = π(o | t) · whole/kept · (kept − p_t)/(whole − p_t).
    /// - Complexity: O(labels × K).
    private func evidence(
        _ set: LabelSet, chunks: ParallelRanges, post: [Double], prior: [Double], gold: [Int32],
        rows: ConfusionShrinkage, strength: [Double]
    ) -> AccuracyLayer.Evidence {
        let k = max(set.classCount, 1)
        let nA = set.annotatorCount
        let nChunks = chunks.ranges.count
        let width = AccuracyLayer.Evidence.width
        var sums = [Double](repeating: 0, count: nChunks * nA * width)
        // Per (annotator, given class o), three runs of K: π(o | t) · whole/kept, kept = n_to + s m_to
        // and whole = N_t + s, so one label reads one contiguous block.
        let block = 3 * k
        var terms = [Double](repeating: 0, count: max(nA * k * block, 1))
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            let s = strength[v]
            for t in 0..<k {
                var big = 0.0
                for o in 0..<k { big += rows.counts[(a * k + t) * k + o] }
                let whole = big + s
                for o in 0..<k {
                    let kept = rows.counts[(a * k + t) * k + o] + s * rows.vendorRows[(v * k + t) * k + o]
                    let pi = max(rows.confusion[(a * k + t) * k + o], 1e-300)
                    let at = (a * k + o) * block
                    terms[at + t] = kept > 0 ? pi * whole / kept : pi
                    terms[at + k + t] = kept
                    terms[at + 2 * k + t] = whole
                }
            }
        }
        var most = 1
        for i in 0..<set.itemCount { most = max(most, set.itemOffsets[i + 1] - set.itemOffsets[i]) }
        let perItem = most
        let priorFloor = prior.map { max($0, 1e-10) }
        let logPrior = priorFloor.map { log($0) }
        let priorPointer = UnsafeMutablePointer<Double>.allocate(capacity: k)
        let logPriorPointer = UnsafeMutablePointer<Double>.allocate(capacity: k)
        priorPointer.initialize(from: priorFloor, count: k)
        logPriorPointer.initialize(from: logPrior, count: k)
        defer {
            priorPointer.deallocate()
            logPriorPointer.deallocate()
        }
        sums.withUnsafeMutableBufferPointer { out in
            post.withUnsafeBufferPointer { p in
                set.annotator.withUnsafeBufferPointer { ann in
                    set.value.withUnsafeBufferPointer { val in
                        set.itemOffsets.withUnsafeBufferPointer { off in
                            terms.withUnsafeBufferPointer { termBuffer in
                                let box = UncheckedBox(
                                    (
                                        out.baseAddress!, p.baseAddress!, ann.baseAddress, val.baseAddress,
                                        off.baseAddress!, termBuffer.baseAddress!, priorPointer,
                                        logPriorPointer
                                    ))
                                chunks.run { c, range in
                                    let (out, p, ann, val, off, terms, priorPointer, logPriorPointer) = box
                                        .value
                                    let mine = out + c * nA * width
                                    // w of each label, the prefix products, the running suffix, q.
                                    let w = UnsafeMutablePointer<Double>.allocate(capacity: k * perItem)
                                    let products = CavityProducts(classes: k, labels: perItem)
                                    let q = UnsafeMutablePointer<Double>.allocate(capacity: k)
                                    defer {
                                        w.deallocate()
                                        products.release()
                                        q.deallocate()
                                    }
                                    let spread = 1 / Double(max(k - 1, 1))
                                    for i in range {
                                        if i + 2 < range.upperBound {
                                            for l in off[i + 2]..<off[i + 3] {
                                                assay_prefetch(
                                                    terms + (Int(ann![l]) * k + Int(val![l])) * block)
                                                assay_prefetch(mine + Int(ann![l]) * width)
                                            }
                                        }
                                        let row = p + i * k
                                        let lo = off[i]
                                        let n = off[i + 1] - lo
                                        // A gold item's answer is known whatever the labels say.
                                        if !gold.isEmpty, gold[i] >= 0 {
                                            for t in 0..<k { q[t] = t == Int(gold[i]) ? 1 : 0 }
                                            for l in lo..<(lo + n) {
                                                AccuracyLayer.Evidence.add(
                                                    q, given: Int(val![l]), squares: 1, k: k, spread: spread,
                                                    to: mine + Int(ann![l]) * width)
                                            }
                                            continue
                                        }
                                        for j in 0..<n {
                                            let cell =
                                                terms + (Int(ann![lo + j]) * k + Int(val![lo + j])) * block
                                            let wj = w + j * k
                                            for t in 0..<k {
                                                let pt = row[t]
                                                let kept = cell[k + t]
                                                let whole = cell[2 * k + t]
                                                wj[t] = cell[t] * max(kept - pt, 1e-9) / max(whole - pt, 1e-9)
                                            }
                                        }
                                        products.each(
                                            w, labels: n, prior: priorPointer, logPrior: logPriorPointer,
                                            into: q
                                        ) { j, squares in
                                            let l = lo + j
                                            AccuracyLayer.Evidence.add(
                                                q, given: Int(val![l]), squares: squares, k: k,
                                                spread: spread,
                                                to: mine + Int(ann![l]) * width)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var e = AccuracyLayer.Evidence(annotators: nA)
        for c in 0..<nChunks {
            for a in 0..<nA {
                for w in 0..<width { e.sums[a * width + w] += sums[(c * nA + a) * width + w] }
            }
        }
        return e
    }

    /// The expected counts out of the table, summed in chunk order, in layout `[(a*K + t)*K + o]`.
    private func gatherCounts(
        _ table: UnsafeMutablePointer<Double>, stride: Int, annotators nA: Int, k: Int, chunks: Int
    ) -> [Double] {
        var counts = [Double](repeating: 0, count: nA * k * k)
        for a in 0..<nA {
            for o in 0..<k {
                let row = table + (a * k + o) * stride
                for t in 0..<k {
                    var s = 0.0
                    for c in 0..<chunks { s += row[k * (1 + c) + t] }
                    counts[(a * k + t) * k + o] = s
                }
            }
        }
        return counts
    }

    /// One pass over the items (Dawid–Skene's, `ConfusionEM.pass`): with `expectation`, each item's
    /// posterior from the table's log terms (gold clamped) and the range's log-likelihood in
    /// `sums[c]`, its posterior sums in `sums[chunks + c*K ..]`; always, the posteriors added into
    /// the chunk's counts.
    /// - Complexity: O(labels × K), item ranges in parallel.
    private func pass(
        _ set: LabelSet, chunks: ParallelRanges, table: UnsafeMutablePointer<Double>, stride: Int,
        logPrior: [Double], gold: [Int32], post: inout [Double], sums: UnsafeMutablePointer<Double>,
        expectation: Bool
    ) {
        let k = max(set.classCount, 1)
        let nChunks = chunks.ranges.count
        guard set.count > 0 else {
            for c in 0..<nChunks { sums[c] = 0 }
            for j in 0..<(nChunks * k) { sums[nChunks + j] = 0 }
            return
        }
        ConfusionEM.fusedPass(
            set, chunks: chunks, table: table, stride: stride, logPrior: logPrior, gold: gold, post: &post,
            logLik: sums, expectation: expectation)
    }
}
