public import SciCore

/// What can go wrong in a butler repository, in the user's words.
public enum ButlerError: Error, Sendable, Equatable, SciErrorConvertible {
    /// A configuration file (butler.yaml, dimensions.yaml) is wrong.
    case invalidConfiguration(String)
    /// A dimension name that the universe does not have.
    case unknownDimension(String, known: [String])
    /// A data ID that is missing a dimension or has a value of the wrong kind.
    case invalidDataId(String)
    /// A dataset type name that is not registered.
    case unknownDatasetType(String)
    /// A dataset type registered with another definition.
    case conflictingDatasetType(String)
    /// A collection name that does not exist.
    case unknownCollection(String)
    /// A collection of the wrong type for the operation.
    case wrongCollectionType(String)
    /// A dataset that already exists (same type and data ID in a RUN, or same id).
    case conflictingDataset(String)
    /// A where-expression that does not parse or refers to something unknown; `column` is 1-based.
    case invalidExpression(String, expression: String, column: Int)
    /// A file template that cannot name one file per dataset.
    case invalidTemplate(String)
    /// A problem with a file in the datastore.
    case datastore(String)
    /// No repository at a path, or one already there.
    case repository(String)
    /// A dataset that was asked for and is not there.
    case datasetNotFound(String)

    /// The user-facing form.
    public var sciError: SciError {
        switch self {
        case .invalidConfiguration(let message): return SciError(message)
        case .unknownDimension(let name, let known):
            return SciError("unknown dimension '\(name)'", hint: "known: \(known.joined(separator: ", "))")
        case .invalidDataId(let message): return SciError("invalid data ID: \(message)")
        case .unknownDatasetType(let name):
            return SciError("dataset type '\(name)' is not registered", hint: "run `sci butler register-dataset-type`")
        case .conflictingDatasetType(let message): return SciError(message)
        case .unknownCollection(let name):
            return SciError("collection '\(name)' does not exist", hint: "see `sci butler query-collections`")
        case .wrongCollectionType(let message): return SciError(message)
        case .conflictingDataset(let message): return SciError(message)
        case .invalidExpression(let message, let expression, let column):
            // Errors print on one line, so the place is shown as the text from the column on rather than a caret.
            let rest = String(expression.dropFirst(max(0, column - 1)).prefix(20))
            let near = rest.isEmpty ? "at the end" : "near '\(rest)'"
            return SciError(
                "invalid where-expression at column \(column) (\(near)): \(message)",
                hint: "the expression was: \(expression)", exitCode: SciError.usageExitCode)
        case .invalidTemplate(let message): return SciError(message)
        case .datastore(let message): return SciError(message)
        case .repository(let message): return SciError(message)
        case .datasetNotFound(let message): return SciError(message)
        }
    }
}
