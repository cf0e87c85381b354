import GRDB

extension StatementArguments {
    /// Arguments from values already converted. GRDB's generic initializer converts through a key path built on
    /// every call, which showed in profiles of ingest, where it runs several times per file.
    init(converted values: [DatabaseValue]) {
        self.init(values.map { $0 as (any DatabaseValueConvertible)? })
    }
}
