// Assay — quality control for human-labelled training data.

public import AssayCore

extension TypedLabelReader {
    /// Reads a file of free-text answers (`item,worker,label` with the usual aliases and optional
    /// columns) into a `TextSet`, every answer kept exactly as the file holds it: a quoted CSV field
    /// with its line ends, doubled quotes undone; a JSON string with its escapes undone. An empty
    /// answer is refused (a file cannot tell it from a missing one), as are bytes that are not UTF-8
    /// text. Identical answers share one string.
    /// - Throws: as `read(_:type:options:)`.
    /// - Complexity: O(bytes) for the read; the set tokenises every answer once.
    public static func readText(_ path: String, options: LabelReadOptions = .init()) throws -> (
        TextSet, ReadReport
    ) {
        let (read, report) = try readColumns(path, options: options, roles: LabelReader.labelRoles) {
            columns in
            try columns.require([.item, .annotator, .label])
            return columns.layout(
                used: [.item, .annotator, .label], item: .item, label: .label, options: options
            ) {
                _ in TypedLayout()
            }
        }
        var builder = read
        let columns = builder.finishColumns()
        let used = usedClasses(columns.value, classCount: builder.classes.count)
        let answers = (0..<builder.classes.count).map { used[$0] ? builder.classes.string($0) : "" }
        let set = TextSet.build(
            itemIDs: columns.itemIDs, annotatorIDs: columns.annotatorIDs,
            annotatorVendor: columns.annotatorVendor,
            vendorIDs: columns.vendorIDs, item: columns.item, annotator: columns.annotator,
            answers: columns.value.map { answers[Int($0)] }, extras: columns.extras)
        return (set, report)
    }
}
