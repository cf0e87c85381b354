import ArgumentParser
import Foundation
import Butler

/// The where-clause options of the query commands.
struct QueryOptions: ParsableArguments {
    // Unconditional: an expression may start with a minus (`-1 < detector`), which is not an option.
    @Option(
        parsing: .unconditional,
        help: "A where-expression in daf_butler's language, e.g. \"instrument='SPHEREx' AND detector IN (1..3)\".")
    var `where`: String?

    @Option(help: ArgumentHelp("Bind a value for :name in --where (repeatable); integers and decimals are numbers.", valueName: "name=value"))
    var bind: [String] = []

    @Option(
        name: .customLong("order-by"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "Sort by these fields, comma-separated or repeated (a dimension, dimension.field, dimension.timespan.begin); -field sorts descending.",
            valueName: "field"))
    var orderByTerms: [String] = []

    @Option(help: "At most this many rows (0: all; a negative number is the same cap, as daf_butler's).")
    var limit: Int = 0

    /// The --order-by terms, comma-separated lists split as daf_butler splits them.
    var orderBy: [String] {
        orderByTerms.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// The bound values.
    func bindings() throws -> [String: WhereBindValue] {
        var result: [String: WhereBindValue] = [:]
        for item in bind {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw ValidationError("--bind takes name=value, not '\(item)'") }
            let values = pair[1].split(separator: ",").map { text -> WhereBindValue in
                if let number = Int64(text) { return .int(number) }
                if let number = Double(text) { return .float(number) }
                return .string(String(text))
            }
            result[pair[0]] = values.count == 1 ? values[0] : .list(values)
        }
        return result
    }

    /// The row limit, nil for all.
    var rowLimit: Int? { limit != 0 ? abs(limit) : nil }
}
