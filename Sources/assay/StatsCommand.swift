// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// `assay stats`: what a label file holds, and what reading it cost.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Describe label files: counts, classes, repeated pairs, reading time and memory.",
        discussion: """
            --json prints one object with keys labels, items, annotators, vendors, classes, \
            class_counts, repeated_pairs, labels_per_item, read_seconds, baseline_rss_bytes, \
            peak_rss_bytes and bytes_per_label (peak beyond the process baseline, per label; null below \
            10,000 labels, where the figure says nothing). Text lists the 50 commonest classes.
            """)

    @OptionGroup var input: LabelInputOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let baseline = ProcessMemory.residentBytes()
        let start = DispatchTime.now().uptimeNanoseconds
        let (set, reports) = try await input.load(allowNonCategorical: true)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let peak = ProcessMemory.peakResidentBytes()
        var counts = [Int](repeating: 0, count: set.classCount)
        for v in set.value { counts[Int(v)] += 1 }
        // Below some thousands of labels the process baseline dwarfs the labels: no per-label figure.
        let perLabel: Double? = set.count >= 10_000 ? Double(peak - baseline) / Double(set.count) : nil
        if json {
            var classCounts: [String] = []
            for (c, n) in zip(set.classes, counts) {
                classCounts.append("\(TextFileWriter.jsonString(c)):\(n)")
            }
            print(
                "{\"labels\":\(set.count),\"items\":\(set.itemCount),\"annotators\":\(set.annotatorCount),"
                    + "\"vendors\":\(Set(set.annotatorVendor).count),\"classes\":\(set.classCount),"
                    + "\"class_counts\":{\(classCounts.joined(separator: ","))},"
                    + "\"repeated_pairs\":\(set.repeatedPairs),"
                    + "\"labels_per_item\":\(Double(set.count) / Double(max(set.itemCount, 1))),"
                    + "\"read_seconds\":\(seconds),\"baseline_rss_bytes\":\(baseline),"
                    + "\"peak_rss_bytes\":\(peak),\"bytes_per_label\":\(perLabel.map { "\($0)" } ?? "null")}")
            return
        }
        print(LabelInputOptions.summary(set, reports))
        if let reason = set.notCategoricalReason() { print("note: " + reason) }
        print(String(format: "labels per item: %.2f", Double(set.count) / Double(max(set.itemCount, 1))))
        let commonest = counts.indices.sorted { (counts[$0], -$0) > (counts[$1], -$1) }.prefix(50)
        for c in commonest.sorted() {
            let share = String(format: "%.1f%%", 100 * Double(counts[c]) / Double(max(set.count, 1)))
            print("  \(quotedIfNeeded(set.classes[c])): \(counts[c]) (\(share))")
        }
        if set.classCount > 50 { print("  … and \(set.classCount - 50) more classes") }
        let memory =
            perLabel.map {
                String(
                    format: " (%.1f bytes a label beyond the %.0f MB baseline)", $0, Double(baseline) / 1e6)
            }
            ?? ""
        print(String(format: "read in %.3f s; peak memory %.0f MB", seconds, Double(peak) / 1e6) + memory)
    }
}

/// Resident memory of this process, from `/proc/self` (Linux) or `getrusage`.
enum ProcessMemory {
    /// Current resident set size in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}
