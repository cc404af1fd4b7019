// Assay — quality control for human-labelled training data.

/// SQUAREM (Varadhan and Roland 2008, scheme S3): speeds up a monotone fixed-point iteration (an EM
/// or minorise–maximise step) by extrapolating along the last two steps, falling back towards the
/// plain step whenever the extrapolated point lowers the objective, so the iteration stays monotone.
///
/// The plain step converges slowly where the objective is flat in some direction (scores of a
/// sparsely compared graph, Crowd-BT's reliabilities); the extrapolation removes most of that.
struct Squarem {
    /// Convergence threshold on the largest coordinate change of one plain step.
    var tolerance: Double
    /// Cap on plain steps (each cycle takes three, plus one objective evaluation).
    var maxSteps: Int

    /// The fixed point of `step` (which maps a point to the next plain iterate in place) from
    /// `start`, maximising `objective`; returns it with the number of plain steps taken and whether
    /// the tolerance was met.
    ///
    /// An extrapolated point is kept (after one plain step from it, the "stabilising" step) when the
    /// objective there is at least the objective at the cycle's start; otherwise the step length is
    /// moved halfway towards the plain double step, at most four times, and then the plain double
    /// step (which never lowers the objective) is taken.
    /// - Complexity: O(steps × cost of a step + cycles × cost of the objective).
    func run(from start: [Double], step: (inout [Double]) -> Void, objective: ([Double]) -> Double) -> (
        x: [Double], steps: Int, converged: Bool
    ) {
        var x = start
        var fx = objective(x)
        var steps = 0
        while steps < maxSteps {
            var x1 = x
            step(&x1)
            steps += 1
            if Self.largestChange(x, x1) < tolerance { return (x1, steps, true) }
            var x2 = x1
            step(&x2)
            steps += 1
            if Self.largestChange(x1, x2) < tolerance { return (x2, steps, true) }
            var sr = 0.0
            var sv = 0.0
            for k in x.indices {
                let r = x1[k] - x[k]
                let v = x2[k] - 2 * x1[k] + x[k]
                sr += r * r
                sv += v * v
            }
            var alpha = min(sv > 0 ? -(sr / sv).squareRoot() : -1, -1)
            var accepted = false
            var tries = 0
            while alpha < -1, tries < 4, steps < maxSteps {
                tries += 1
                var xn = x
                for k in x.indices {
                    let r = x1[k] - x[k]
                    let v = x2[k] - 2 * x1[k] + x[k]
                    xn[k] = x[k] - 2 * alpha * r + alpha * alpha * v
                }
                step(&xn)
                steps += 1
                let fn = objective(xn)
                if fn.isFinite, fn >= fx {
                    x = xn
                    fx = fn
                    accepted = true
                    break
                }
                alpha = (alpha - 1) / 2
            }
            if !accepted {
                // α = −1 is the plain double step, which never lowers the objective.
                x = x2
                fx = objective(x)
            }
        }
        return (x, steps, false)
    }

    static func largestChange(_ a: [Double], _ b: [Double]) -> Double {
        var m = 0.0
        for k in a.indices { m = max(m, abs(a[k] - b[k])) }
        return m
    }
}
