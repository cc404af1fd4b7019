// Assay — quality control for human-labelled training data.

import AssayCore

/// Short product reviews for the demo's simulated items, written from each item's simulated true
/// class (negative, neutral, positive), so that the in-house labelling queue shows something a
/// person can label. Deterministic for a seed.
enum DemoTexts {
    static let products = [
        "kettle", "headphones", "desk lamp", "backpack", "blender", "phone case", "office chair", "toaster",
        "running shoes", "coffee grinder", "monitor stand", "rain jacket",
    ]

    static let templates: [[String]] = [
        [
            "The {p} stopped working after {n} days. Not buying this brand again.",
            "Arrived with a cracked lid and the refund took {n} weeks.",
            "Customer service never answered my emails about the {p}.",
            "Cheap materials. The {p} feels like it will break any minute.",
            "Returned the {p} the same day; it smelled of burnt plastic.",
            "Does not match the photos at all. Very disappointed with this {p}.",
        ],
        [
            "The {p} arrived on day {n}, as promised.",
            "It is a {p}. It does what the description says, nothing more.",
            "Bought the {p} for my office; have not used it much yet.",
            "Average {p} for the price. Packaging was plain.",
            "The {p} comes in three colours; I picked grey.",
            "Replaced my old {p} with this one. Too early to tell.",
        ],
        [
            "Love this {p}! Works perfectly and looks great.",
            "Best {p} I have owned in {n} years. Highly recommend.",
            "Fast delivery and the {p} is excellent quality.",
            "My partner uses the {p} every day and is delighted with it.",
            "Worth every penny: the {p} is quiet, solid and well made.",
            "Five stars. The {p} exceeded what I expected.",
        ],
    ]

    /// A review whose sentiment is `truth` (0 negative, 1 neutral, 2 positive).
    static func text(truth: Int, rng: inout SeededGenerator) -> String {
        let options = templates[min(2, max(0, truth))]
        let template = options[Int(rng.next() % UInt64(options.count))]
        return
            template
            .replacingOccurrences(of: "{p}", with: products[Int(rng.next() % UInt64(products.count))])
            .replacingOccurrences(of: "{n}", with: "\(2 + rng.next() % 9)")
    }
}
