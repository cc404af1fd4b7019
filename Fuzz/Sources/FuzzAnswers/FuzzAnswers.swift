// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import Foundation
import FuzzSupport

/// libFuzzer's entry: the input read as a truth/gold file in CSV, TSV and JSON Lines. A read gives
/// distinct non-empty items with their first lines in order; `readMatched` (the large-file path)
/// agrees with `match(read(…))` on a label set of every other answered item; limiting the answers
/// to some classes refuses exactly the others.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnswers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if size >= 2 && data[0] == 0x1F && data[1] == 0x8B { return -1 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let lines = lineCount(input)
    let repairs = !mayHoldReplacementCharacter(input)
    for format in InputFormat.allCases {
        let path = FuzzFile.write(input, as: "answers.\(format.rawValue)")
        let answers: [(item: String, answer: String, line: Int)]
        do {
            answers = try AnswerReader.read(path, format: format)
        } catch {
            let text = "\(error)"
            do {
                _ = try AnswerReader.readMatched(path, format: format, to: emptySet)
                require(false, "read fails (\(text)) but readMatched does not")
            } catch {
                require("\(error)" == text, "read and readMatched fail differently:\n\(text)\n\(error)")
            }
            if let e = error as? FormatError {
                require(e.line >= 0 && e.line <= lines, "error line past the file")
            }
            continue
        }
        require(Set(answers.map(\.item)).count == answers.count, "an item twice")
        require(answers.count <= lines, "more answers than lines")
        require(zip(answers, answers.dropFirst()).allSatisfy { $0.line < $1.line }, "lines out of order")
        for a in answers {
            require(!a.item.isEmpty && !a.answer.isEmpty, "an empty field kept")
            require(a.line >= 1 && a.line <= lines, "line \(a.line) outside the file")
            for text in [a.item, a.answer] {
                require(!text.utf8.contains(0), "a NUL byte kept")
                require(!repairs || !text.unicodeScalars.contains("\u{FFFD}"), "bytes repaired")
            }
        }
        // A label set with every other answered item (its answer as a class) and one item more.
        var builder = LabelSetBuilder()
        let vendor = builder.vendorIndex("")
        for (i, a) in answers.enumerated() where i % 2 == 0 {
            add(&builder, a.item, a.answer, vendor)
        }
        add(&builder, "\u{1}extra-item", "\u{1}extra-class", vendor)
        let set = builder.build()
        let viaRead = AnswerReader.match(answers.map { ($0.item, $0.answer) }, to: set)
        guard let direct = try? AnswerReader.readMatched(path, format: format, to: set) else {
            require(false, "read succeeds but readMatched fails")
            return 0
        }
        require(direct.gold.answer == viaRead.gold.answer, "readMatched's gold differs")
        require(direct.unknownItems == viaRead.unknownItems, "readMatched's unknown items differ")
        require(
            direct.unknownClasses.map { "\($0.item)\u{0}\($0.answer)" }
                == viaRead.unknownClasses.map { "\($0.item)\u{0}\($0.answer)" },
            "readMatched's unknown classes differ")
        // Limited to every other class: the other answers are refused, the rest read as before.
        let classes = Array(Set(answers.map(\.answer))).sorted()
        let allowed = classes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        do {
            let limited = try AnswerReader.read(path, format: format, allowedClasses: allowed)
            require(classes.count == allowed.count, "answers outside the classes were kept")
            require(limited.map(\.line) == answers.map(\.line), "a limited read differs")
        } catch let e as InputErrors {
            require(classes.count > allowed.count, "a limited read refused allowed answers: \(e)")
        } catch { require(false, "a limited read failed otherwise: \(error)") }
    }
    return 0
}

/// An empty label set (for `readMatched` when `read` failed: it must fail the same way).
private let emptySet = LabelSetBuilder().build()

private func add(_ builder: inout LabelSetBuilder, _ item: String, _ answer: String, _ vendor: Int32) {
    var item = item
    var answer = answer
    var annotator = "a"
    item.withUTF8 { i in
        answer.withUTF8 { v in
            annotator.withUTF8 { builder.add(item: i, annotator: $0, vendor: vendor, value: v) }
        }
    }
}
