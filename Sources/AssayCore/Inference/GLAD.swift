// Assay — quality control for human-labelled training data.

import Foundation

/// GLAD (Whitehill et al., 2009): annotator ability α and item difficulty β (as log inverse
/// difficulty) with P(correct) = σ(α·e^β), wrong answers spread evenly over the other classes,
/// normal priors N(1, 1) on α and β and a uniform class prior, as in crowd-kit.
///
/// EM: the E-step is exact; the M-step takes damped diagonal-Newton steps on Q(α, β), each
/// accepted only if Q does not fall. Stops when Q per (label × class) rises by less than
/// `tolerance` or after `maxIterations`.
public struct GLAD: InferenceMethod {
    /// `glad`.
    public let name = "glad"
    /// EM iteration cap.
    public var maxIterations = 100
    /// Convergence threshold on Q per (label × class).
    public var tolerance = 1e-5
    /// Newton steps per M-step.
    public var mStepIterations = 3

    /// GLAD with the usual settings.
    public init() {}

    /// - Complexity: O(iterations × mStepIterations × labels + iterations × labels × K).
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let k = set.classCount
        guard k > 1, set.count > 0 else { return MajorityVote().infer(set, gold: gold).renamed(name) }
        var model = Model(set: set, gold: gold)
        model.eStep()
        var q = model.q() / Double(set.count * k)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            model.eStep()
            model.mStep(steps: mStepIterations)
            let newQ = model.q() / Double(set.count * k)
            if newQ - q < tolerance {
                converged = true
                q = newQ
                break
            }
            q = newQ
        }
        model.eStep()
        let post = model.post
        let skill = model.estimatedAccuracy()
        var notes: [String] = []
        if let gold, gold.knownCount > 0 { notes.append("\(gold.knownCount) gold items clamped during EM") }
        return InferenceResult(
            method: name, classCount: k, posteriors: post, labels: Posteriors.argmax(post, classes: k),
            annotatorSkill: skill,
            skillMeaning: "estimated accuracy: mean σ(α·e^β) over the annotator's items",
            confusion: [], classPrior: Posteriors.prior(post, classes: k, items: set.itemCount),
            iterations: iterations, converged: converged,
            notes: notes)
    }

    struct Model {
        let set: LabelSet
        let gold: GoldAnswers?
        let k: Int
        let logOthers: Double
        var alpha: [Double]
        var beta: [Double]
        var post: [Double]
        /// Posterior of the label given, per label.
        var p: [Double]

        init(set: LabelSet, gold: GoldAnswers?) {
            self.set = set
            self.gold = gold
            k = set.classCount
            logOthers = log(Double(k - 1))
            alpha = [Double](repeating: 1, count: set.annotatorCount)
            beta = [Double](repeating: 1, count: set.itemCount)
            post = [Double](repeating: 1 / Double(set.classCount), count: set.itemCount * set.classCount)
            p = [Double](repeating: 0, count: set.count)
        }

        @inline(__always) static func logSigmoid(_ x: Double) -> Double {
            x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x))
        }
        @inline(__always) static func sigmoid(_ x: Double) -> Double {
            x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
        }

        mutating func eStep() {
            let logPrior = -log(Double(k))
            var s = [Double](repeating: 0, count: k)
            for i in 0..<set.itemCount {
                let r = set.labels(ofItem: i)
                if let g = gold?.answer[i], g >= 0 {
                    for t in 0..<k { post[i * k + t] = t == Int(g) ? 1 : 0 }
                } else {
                    for t in 0..<k { s[t] = logPrior }
                    let eb = exp(beta[i])
                    for l in r {
                        let x = alpha[Int(set.annotator[l])] * eb
                        let right = Self.logSigmoid(x)
                        let wrong = Self.logSigmoid(-x) - logOthers
                        let v = Int(set.value[l])
                        for t in 0..<k { s[t] += t == v ? right : wrong }
                    }
                    let m = s.max()!
                    var z = 0.0
                    for t in 0..<k {
                        s[t] = exp(s[t] - m)
                        z += s[t]
                    }
                    for t in 0..<k { post[i * k + t] = s[t] / z }
                }
                for l in r { p[l] = post[i * k + Int(set.value[l])] }
            }
        }

        /// Expected complete log-likelihood plus the log priors.
        func q(alpha: [Double]? = nil, beta: [Double]? = nil) -> Double {
            let alpha = alpha ?? self.alpha
            let beta = beta ?? self.beta
            var total = 0.0
            for i in 0..<set.itemCount {
                let eb = exp(beta[i])
                for l in set.labels(ofItem: i) {
                    let x = alpha[Int(set.annotator[l])] * eb
                    total += p[l] * Self.logSigmoid(x) + (1 - p[l]) * (Self.logSigmoid(-x) - logOthers)
                }
            }
            let halfLog2Pi = 0.5 * log(2 * Double.pi)
            for a in alpha { total += -0.5 * (a - 1) * (a - 1) - halfLog2Pi }
            for b in beta { total += -0.5 * (b - 1) * (b - 1) - halfLog2Pi }
            return total
        }

        mutating func mStep(steps: Int) {
            var current = q()
            for _ in 0..<steps {
                var ga = alpha.map { -($0 - 1) }
                var ha = [Double](repeating: -1, count: alpha.count)
                var gb = beta.map { -($0 - 1) }
                var hb = [Double](repeating: -1, count: beta.count)
                for i in 0..<set.itemCount {
                    let eb = exp(beta[i])
                    for l in set.labels(ofItem: i) {
                        let a = Int(set.annotator[l])
                        let x = alpha[a] * eb
                        let sg = Self.sigmoid(x)
                        let r = p[l] - sg
                        let w = sg * (1 - sg)
                        ga[a] += r * eb
                        ha[a] -= w * eb * eb
                        gb[i] += r * x
                        hb[i] += r * x - w * x * x
                    }
                }
                var step = 1.0
                var accepted = false
                while step > 1e-4 {
                    let na = (0..<alpha.count).map { alpha[$0] - step * ga[$0] / min(ha[$0], -1) }
                    let nb = (0..<beta.count).map { beta[$0] - step * gb[$0] / min(hb[$0], -1) }
                    let nq = q(alpha: na, beta: nb)
                    if nq >= current {
                        alpha = na
                        beta = nb
                        accepted = nq - current > 1e-9 * abs(current)
                        current = nq
                        break
                    }
                    step *= 0.5
                }
                if !accepted { break }
            }
        }

        func estimatedAccuracy() -> [Double] {
            var sum = [Double](repeating: 0, count: set.annotatorCount)
            var n = [Double](repeating: 0, count: set.annotatorCount)
            for i in 0..<set.itemCount {
                let eb = exp(beta[i])
                for l in set.labels(ofItem: i) {
                    let a = Int(set.annotator[l])
                    sum[a] += Self.sigmoid(alpha[a] * eb)
                    n[a] += 1
                }
            }
            return zip(sum, n).map { $1 > 0 ? $0 / $1 : 0.5 }
        }
    }
}
