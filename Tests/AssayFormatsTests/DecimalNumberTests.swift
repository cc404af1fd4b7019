// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// One parser for every number: decimal only, finite, the same on the command line and in files.
@Suite struct DecimalNumberTests {
    /// Accepted texts and their values.
    static let accepted: [(String, Double)] = [
        ("0", 0), ("12", 12), ("-3", -3), ("+2", 2), ("0.5", 0.5), (".5", 0.5), ("5.", 5), ("-0.25", -0.25),
        ("1e3", 1000), ("2.5E-3", 0.0025), ("1e+2", 100), ("007", 7), (" 3.5\t", 3.5),
        ("1700000000.5", 1_700_000_000.5),
        ("1e-400", 0), ("1.7976931348623157e308", .greatestFiniteMagnitude),
    ]
    /// Refused texts: what `Double(String)` takes but no number column means, and plain garbage.
    static let refused = [
        "", " ", "0x10", "0X10", "0x1p4", "inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e309", "1_000",
        "1,5", "1 000", "1e", "e3", ".", "-", "+", "1.2.3", "--1", "1e3.5", "١٢", "１２", "12a", "0b1", "1f",
    ]

    @Test func acceptedTexts() {
        for (text, value) in Self.accepted {
            #expect(DecimalNumber(text)?.value == value, "\(text)")
            #expect(DecimalNumber(argument: text)?.value == value, "\(text)")
        }
    }

    @Test func refusedTexts() {
        for text in Self.refused {
            #expect(DecimalNumber(text) == nil, "\(text)")
            #expect(Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.parse($0) } == nil, "\(text)")
        }
    }

    /// In files: cost and duration columns refuse what the command line refuses; a Unix-second
    /// timestamp too (`0x10` used to be read as 16 seconds after 1970).
    @Test func fileColumnsUseTheSameRules() throws {
        let path = try temporaryFile(
            "x.csv",
            "task,worker,label,created_at,duration_s,cost\n1,w,a,0x10,,\n2,w,a,,inf,\n3,w,a,,,0x1p4\n4,w,a,1e3,.5,1e-2\n"
        )
        let (set, report) = try LabelReader.read(path, options: .init(skipInvalid: true))
        #expect(report.rejected.map(\.line) == [2, 3, 4])
        #expect(report.rejected.map { $0.error.field ?? "" } == ["created_at", "duration_s", "cost"])
        #expect(
            set.extras.createdAt == [1000] && set.extras.durationSeconds == [0.5] && set.extras.cost == [0.01]
        )
        #expect(Timestamp.parse("0x10") == nil && Timestamp.parse("1700000000") == 1_700_000_000)
    }

    /// Classes are ordered as numbers only when every class is a decimal number: `inf`, `nan` and
    /// `0x10` used to count as numbers (and `nan` made the order undefined).
    @Test func numericClassOrder() {
        #expect(LabelSetBuilder.canonicalOrder(["10", "2", "-1", "1.5"]) == [2, 3, 1, 0])
        #expect(LabelSetBuilder.canonicalOrder(["2", "0x10", "1"]) == [1, 2, 0])  // as strings
        #expect(LabelSetBuilder.canonicalOrder(["nan", "1", "inf"]) == [1, 2, 0])  // as strings
    }
}
