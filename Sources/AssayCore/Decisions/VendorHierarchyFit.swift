// Assay — quality control for human-labelled training data.

import Foundation

/// What `VendorHierarchy` learnt: the items' posteriors, every annotator's and vendor's accuracy
/// posterior, and the strengths that tie them.
public struct VendorHierarchyFit: Sendable {
    /// Row-major posteriors, items × K; empty when the fit ran on a sample with
    /// `VendorHierarchy.Options.itemPosteriors` off.
    public private(set) var posteriors: [Double]
    /// Labels the parameters were fitted on when fitted on a sample of the items (nil: all).
    public private(set) var sampledLabels: Int?
    /// Class prior, K entries.
    public let classPrior: [Double]
    /// Posterior-mean confusion per annotator, `[(a*K + t)*K + o]` = P(says o | truth t).
    public let confusion: [Double]
    /// Each vendor's row means m_v, `[(v*K + t)*K + o]` (vendors indexed as in the label set).
    public let vendorConfusion: [Double]
    /// Per annotator (label-set order): the accuracy posterior.
    public let annotators: [AnnotatorAccuracy]
    /// Per vendor with labels (label-set order): the accuracy posteriors.
    public let vendors: [VendorAccuracy]
    /// The pool's strength s₀ (pseudo-labels a vendor's row is worth at the pool's mean).
    public let poolStrength: Double
    /// EM iterations run.
    public let iterations: Int
    /// Whether EM met its tolerance before the cap.
    public let converged: Bool
    /// Log-likelihood of the labels at the last E-step.
    public let logLikelihood: Double

    init(
        set: LabelSet, posteriors: [Double], prior: [Double], rows: ConfusionShrinkage, layer: AccuracyLayer,
        level: Double, iterations: Int, converged: Bool, logLikelihood: Double
    ) {
        let k = max(set.classCount, 1)
        let nA = set.annotatorCount
        self.posteriors = posteriors
        self.sampledLabels = nil
        self.classPrior = prior
        self.confusion = rows.confusion
        self.vendorConfusion = rows.vendorRows
        self.poolStrength = layer.poolStrength
        self.iterations = iterations
        self.converged = converged
        self.logLikelihood = logLikelihood
        // The intervals (two Beta quantiles each, a continued fraction per Newton step) in parallel:
        // on 50,000 annotators they are a tenth of a quick fit.
        var intervals = [Interval](repeating: Interval(low: 0, high: 0), count: nA)
        let parts = nA >= 2_000 ? 2 : 1
        intervals.withUnsafeMutableBufferPointer { out in
            let box = UncheckedBox(out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for a in (part * nA / parts)..<((part + 1) * nA / parts) {
                    box.value[a] = BetaDistribution(mean: layer.mean[a], variance: layer.variance[a])
                        .interval(level)
                }
            }
        }
        var annotators: [AnnotatorAccuracy] = []
        annotators.reserveCapacity(nA)
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            let posterior = BetaDistribution(mean: layer.mean[a], variance: layer.variance[a])
            annotators.append(
                AnnotatorAccuracy(
                    annotator: a, vendor: v, name: set.annotatorIDs[a], vendorName: set.vendorIDs[v],
                    labels: set.annotatorOffsets[a + 1] - set.annotatorOffsets[a], accuracy: layer.mean[a],
                    interval: intervals[a], posterior: posterior))
        }
        self.annotators = annotators
        var vendors: [VendorAccuracy] = []
        for v in set.vendorIDs.indices {
            let members = (0..<nA).filter { Int(set.annotatorVendor[$0]) == v && annotators[$0].labels > 0 }
            let labels = members.reduce(0) { $0 + annotators[$1].labels }
            guard labels > 0 else { continue }
            // The workforce's accuracy from the annotators' unshrunk estimates, label-weighted
            // (annotators without evidence at their posterior): big annotators carry it, and
            // their estimates need no spread between annotators, the least certain figure.
            var mean = 0.0
            var variance = 0.0
            var leaning = 0.0
            for a in members {
                let w = Double(annotators[a].labels) / Double(labels)
                if layer.directNoise[a].isFinite {
                    mean += w * layer.direct[a]
                    variance += w * w * layer.directNoise[a]
                } else {
                    // Its posterior is the vendor's: the vendor mean's variance is shared by all
                    // such annotators, the spread is each one's own.
                    mean += w * layer.mean[a]
                    variance += w * w * max(layer.variance[a] - layer.vendorMeanVariance[v], 0)
                    leaning += w
                }
            }
            variance += leaning * leaning * layer.vendorMeanVariance[v]
            let posterior = BetaDistribution(mean: mean, variance: variance)
            let typical = BetaDistribution(mean: layer.vendorMean[v], variance: layer.vendorMeanVariance[v])
            vendors.append(
                VendorAccuracy(
                    vendor: v, name: set.vendorIDs[v], annotators: members.count, labels: labels,
                    accuracy: posterior.mean, interval: posterior.interval(level), posterior: posterior,
                    typicalAnnotator: typical.mean, typicalInterval: typical.interval(level),
                    strength: layer.strength[v], strengthLearnt: layer.learnt[v],
                    confusion: (0..<k).map { t in
                        (0..<k).map { o in rows.vendorRows[(v * k + t) * k + o] }
                    }))
        }
        self.vendors = vendors
    }

    /// Replaces the posteriors by one E-step over `set` (the whole of which the fit saw a sample)
    /// with the fitted rows and prior; gold clamped.
    /// - Complexity: O(labels × K), item ranges in parallel.
    mutating func resample(_ set: LabelSet, gold: GoldAnswers?, sampledLabels: Int) {
        self.sampledLabels = sampledLabels
        let k = max(set.classCount, 1)
        let logs = confusion.map { log(max($0, 1e-300)) }
        let logPrior = classPrior.map { log(max($0, 1e-10)) }
        var post = [Double](repeating: 0, count: set.itemCount * k)
        let goldAnswer = gold.map { $0.knownCount > 0 ? $0.answer : [] } ?? []
        let chunks = ParallelRanges(set)
        post.withUnsafeMutableBufferPointer { p in
            logs.withUnsafeBufferPointer { lg in
                set.annotator.withUnsafeBufferPointer { ann in
                    set.value.withUnsafeBufferPointer { val in
                        set.itemOffsets.withUnsafeBufferPointer { off in
                            goldAnswer.withUnsafeBufferPointer { g in
                                let box = UncheckedBox(
                                    (
                                        p.baseAddress!, lg.baseAddress!, ann.baseAddress, val.baseAddress,
                                        off.baseAddress!,
                                        g.isEmpty ? nil : g.baseAddress
                                    ))
                                chunks.run { _, range in
                                    let (p, lg, ann, val, off, g) = box.value
                                    for i in range {
                                        let row = p + i * k
                                        if let g, g[i] >= 0 {
                                            for t in 0..<k { row[t] = t == Int(g[i]) ? 1 : 0 }
                                            continue
                                        }
                                        for t in 0..<k { row[t] = logPrior[t] }
                                        for l in off[i]..<off[i + 1] {
                                            let a = Int(ann![l])
                                            let o = Int(val![l])
                                            for t in 0..<k { row[t] += lg[(a * k + t) * k + o] }
                                        }
                                        var top = row[0]
                                        for t in 1..<k where row[t] > top { top = row[t] }
                                        var z = 0.0
                                        for t in 0..<k {
                                            row[t] = exp(row[t] - top)
                                            z += row[t]
                                        }
                                        for t in 0..<k { row[t] /= z }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        posteriors = post
    }

    /// Marks the fit as made on a sample of `sampledLabels` labels, without item posteriors.
    mutating func dropPosteriors(sampledLabels: Int) {
        self.sampledLabels = sampledLabels
        posteriors = []
    }

    /// The posteriors with each item's evidence tempered by the within-item correlation that best
    /// predicts each label from its item's other labels under this fit (`ItemEvidence`,
    /// `HeldOutCalibration.leaveOneOut`, as calibrated Dawid–Skene does on large sets): labels that
    /// err together count for less. Gold items stay clamped; arg-maxes do not change.
    /// - Complexity: O(labels × K × correlations tried) on a sample of about 100,000 labels, plus
    ///   O(labels × K).
    public func calibrated(_ set: LabelSet, gold: GoldAnswers?, seed: UInt64 = 0) -> (
        posteriors: [Double], correlation: Double
    ) {
        let k = max(set.classCount, 1)
        let evidence = ItemEvidence(set, confusion: confusion, prior: classPrior)
        let choice = HeldOutCalibration(seed: seed).leaveOneOut(set, evidence: evidence, confusion: confusion)
        var p = evidence.posteriors(rho: choice.correlation, epsilon: 0)
        Posteriors.clamp(&p, gold: gold, classes: k)
        return (p, choice.correlation)
    }

    /// The fit as an inference result (method `hds`), for code that takes any method's output.
    public func result(classes k: Int) -> InferenceResult {
        InferenceResult(
            method: "hds", classCount: k, posteriors: posteriors,
            labels: Posteriors.argmax(posteriors, classes: k),
            annotatorSkill: annotators.map(\.accuracy),
            skillMeaning: "estimated accuracy: Σ prior·diag(confusion), shrunk toward the vendor's",
            confusion: confusion, classPrior: classPrior, iterations: iterations, converged: converged,
            notes: converged ? [] : ["stopped at the iteration cap (\(iterations)) before converging"])
    }
}

/// One annotator's accuracy posterior under the vendor hierarchy.
public struct AnnotatorAccuracy: Sendable, Codable, Equatable {
    /// Annotator index in the label set.
    public var annotator: Int
    /// Vendor index in the label set.
    public var vendor: Int
    /// Annotator id.
    public var name: String
    /// Vendor name.
    public var vendorName: String
    /// Labels given.
    public var labels: Int
    /// Posterior mean of Σ_t prior_t P(says t | truth t).
    public var accuracy: Double
    /// Central interval (`VendorHierarchy.Options.level`, 90% by default).
    public var interval: Interval
    /// The Beta matched to the posterior's mean and variance.
    public var posterior: BetaDistribution
}

/// One vendor's accuracy posteriors under the vendor hierarchy.
public struct VendorAccuracy: Sendable, Codable, Equatable {
    /// Vendor index in the label set.
    public var vendor: Int
    /// Vendor name.
    public var name: String
    /// Annotators with labels.
    public var annotators: Int
    /// Labels given.
    public var labels: Int
    /// Accuracy of the vendor's workforce: the label-weighted mean of its annotators' accuracies
    /// (posterior mean): what the next labels from the same people are expected to score.
    public var accuracy: Double
    /// Central interval of `accuracy`.
    public var interval: Interval
    /// The Beta matched to the workforce accuracy's posterior.
    public var posterior: BetaDistribution
    /// Accuracy of a typical annotator of the vendor (Σ_t prior_t m_v,tt): what a new annotator is
    /// expected to score.
    public var typicalAnnotator: Double
    /// Central interval of `typicalAnnotator`.
    public var typicalInterval: Interval
    /// Strength s_v: how many labels an annotator's own row must have before it outweighs the
    /// vendor's.
    public var strength: Double
    /// Whether the strength was learnt from this vendor's annotators (false: borrowed).
    public var strengthLearnt: Bool
    /// The vendor's confusion rows m_v (rows = truth, columns = label given).
    public var confusion: [[Double]]
}
