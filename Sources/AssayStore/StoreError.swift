// Assay — quality control for human-labelled training data.

/// Errors a store reports, each saying what was expected.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No project has this name; `known` lists the names that exist.
    case unknownProject(String, known: [String])
    /// A project with this name exists already.
    case projectExists(String)
    /// The project definition is unusable (for example fewer than two classes).
    case invalidProject(String)
    /// A label or gold answer names a class the project does not have.
    case unknownClass(String, classes: [String])
    /// Labels or an operation of one project type met a project of another.
    case wrongType(project: String, type: String, expected: String)
    /// A label or gold answer holds a value the project cannot take: `value`, where it was
    /// (`at`: item and annotator, or the gold item) and what was expected.
    case invalidValue(String, at: String, expected: String)
    /// The store's location cannot be used; `expected` says what would be.
    case invalidLocation(String, expected: String)
    /// The database server refused an operation; its own message.
    case backend(String)
    /// The stored data contradicts itself (for example a delivery's row count and its labels).
    case inconsistent(String)
    /// The store's schema is newer than this program.
    case schemaTooNew(found: Int, supported: Int)
    /// A command that only reads was pointed at a store that does not exist (nothing was created).
    case missingStore(String)
    /// The store cannot be written here (file or folder permissions, a read-only disk).
    case readOnlyStore(String)

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .unknownProject(let name, let known):
            "no project named '\(name)'; "
                + (known.isEmpty
                    ? "the store has no project yet (assay project create)"
                    : "projects: \(known.joined(separator: ", "))")
        case .projectExists(let name): "a project named '\(name)' exists already"
        case .invalidProject(let why): "invalid project: \(why)"
        case .unknownClass(let value, let classes):
            "class '\(value)' is not one of the project's classes: \(classes.joined(separator: ", "))"
        case .wrongType(let project, let type, let expected):
            "project \(project) is a \(type) project; expected \(expected)"
        case .invalidValue(let value, let at, let expected):
            "value '\(value)' (\(at)) is not allowed: expected \(expected)"
        case .invalidLocation(let location, let expected):
            "cannot use store '\(location)': expected \(expected)"
        case .backend(let message): "the database refused: \(message)"
        case .inconsistent(let what): "the store is inconsistent: \(what)"
        case .schemaTooNew(let found, let supported):
            "the store's schema version \(found) is newer than this program's (\(supported)); upgrade assay"
        case .missingStore(let location):
            "there is no store at \(location) (nothing was created; a store is made by `assay project create`, "
                + "or choose one with --store or ASSAY_STORE)"
        case .readOnlyStore(let location):
            "the store \(location) cannot be written here (its file or folder is read-only for this user); "
                + "commands that only read it still work"
        }
    }
}
