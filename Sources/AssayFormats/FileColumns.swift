// Assay — quality control for human-labelled training data.

/// The columns of one file as a typed reader sees them before reading its rows: for CSV and TSV the
/// header, for JSON Lines the keys of its first object (later lines are matched by name, line by
/// line). Roles are matched by name with their aliases (`ColumnRole`); a typed reader picks the
/// roles its shape uses and gets the workers' layout.
struct FileColumns {
    let path: String
    let delimiter: UInt8
    let isJSON: Bool
    /// The header, or the first JSON object's keys.
    let names: [String]
    /// Per role found, its position in `names` (the first name that plays it).
    private(set) var found: [ColumnRole: Int] = [:]

    /// Matches `names` against `roles`. For a header, two columns naming one role are an error.
    /// - Throws: `FormatError` naming line 1 for a header with a role twice.
    init(path: String, delimiter: UInt8, isJSON: Bool, names: [String], roles: [ColumnRole]) throws {
        self.path = path
        self.delimiter = delimiter
        self.isJSON = isJSON
        self.names = names
        if isJSON {
            for (j, name) in names.enumerated() {
                if let role = ColumnRole.match(name, among: roles), found[role] == nil { found[role] = j }
            }
        } else {
            found = try ColumnMap.resolve(header: names, roles: roles, required: [], file: path).index
        }
    }

    /// Whether a column plays `role`.
    func has(_ role: ColumnRole) -> Bool { found[role] != nil }

    /// The name of the column that plays `role`, as the file writes it.
    func name(_ role: ColumnRole) -> String? { found[role].map { names[$0] } }

    /// The error for a file that lacks what a type needs, listing its columns (or first keys).
    func missing(_ expected: String) -> FormatError {
        FormatError(
            file: path, line: isJSON ? 0 : 1,
            expected: expected + "; the \(isJSON ? "first object's keys" : "columns") are: "
                + names.joined(separator: ", "))
    }

    /// Throws when a header lacks one of `roles` (JSON lines are checked one by one as they are read).
    /// - Throws: `FormatError` naming the missing role's names and the file's columns.
    func require(_ roles: [ColumnRole]) throws {
        guard !isJSON else { return }
        for role in roles where !has(role) {
            throw missing(
                "\(role.article) \(role.rawValue) column (one of: \(role.aliases.joined(separator: ", ")))")
        }
    }

    /// The workers' layout reading the roles `used` (the optional vendor, created_at, duration_s and
    /// cost columns are added), with `label` as the label column and `item` as the item column (nil:
    /// the file has none), and the typed part `typed` builds from a lookup of each used role's column.
    /// Also returns the header's columns that are not read.
    func layout(
        used: [ColumnRole], item: ColumnRole?, label: ColumnRole, options: LabelReadOptions,
        typed: (_ column: (ColumnRole) -> Int) -> TypedLayout
    ) -> (DelimitedWorker.Layout, [String]) {
        let optional: [ColumnRole] = [.vendor, .createdAt, .duration, .cost]
        var roles = used
        for role in optional where !roles.contains(role) && (isJSON || has(role)) { roles.append(role) }
        var index: [ColumnRole: Int] = [:]
        if isJSON {
            for (j, role) in roles.enumerated() { index[role] = j }
        } else {
            for role in roles { index[role] = found[role] }
        }
        var map = ColumnMap()
        map.index = index
        map.index[.item] = item.flatMap { index[$0] } ?? index[.annotator]
        map.index[.label] = index[label]
        let header = isJSON ? roles.map(\.rawValue) : names
        var layout = DelimitedWorker.Layout(
            path: path, delimiter: delimiter, header: header, map: map, options: options,
            jsonRoles: isJSON ? roles : nil)
        var t = typed { index[$0]! }
        t.labelRole = label
        t.itemless = item == nil
        layout.typed = t
        let read = Set(roles.compactMap { index[$0] })
        let ignored = isJSON ? [] : names.indices.filter { !read.contains($0) }.map { names[$0] }
        return (layout, ignored)
    }
}
