// Assay — quality control for human-labelled training data.

import Foundation

/// The built `assay` executable next to the test bundle, if it was built; `ASSAY_TEST_EXECUTABLE`
/// names another (for example an older build, to see a test fail before its fix).
public let assayExecutable: String? = {
    if let path = ProcessInfo.processInfo.environment["ASSAY_TEST_EXECUTABLE"], !path.isEmpty { return path }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("assay").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}()
