import ArgumentParser
import Dials
import SciCore

/// `--field value` pairs after the endpoint: filters of a listing, or the keys of `get`. Both `run_number__gte` and
/// `run-number--gte` spellings are read.
enum FilterArguments {
    static func pairs(_ arguments: [String]) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ValidationError("expected --field value, found '\(argument)'")
            }
            var name = String(argument.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard index + 1 < arguments.count else { throw ValidationError("--\(name) needs a value") }
                index += 1
                value = arguments[index]
            }
            pairs.append((name.replacingOccurrences(of: "-", with: "_"), value))
            index += 1
        }
        return pairs
    }

    static func endpoint(_ name: String) throws -> DialsEndpoint {
        guard let endpoint = DialsEndpoint(name: name) else {
            throw ValidationError("unknown endpoint '\(name)'; one of: \(DialsEndpoint.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return endpoint
    }

    static func filters(_ endpoint: DialsEndpoint, _ arguments: [String]) throws -> DialsFilters {
        var filters = DialsFilters(endpoint)
        do {
            for (name, value) in try pairs(arguments) { try filters.set(name, value) }
        } catch let error as SciError {
            // A usage error: ArgumentParser then prints the usage line and exits with 2.
            throw ValidationError(error.hint.map { "\(error.message) (\($0))" } ?? error.message)
        }
        return filters
    }

    static func key(_ endpoint: DialsEndpoint, _ arguments: [String]) throws -> DialsObjectKey {
        do {
            return try DialsObjectKey(endpoint, try pairs(arguments))
        } catch let error as SciError {
            throw ValidationError(error.hint.map { "\(error.message) (\($0))" } ?? error.message)
        } catch let error as DialsError {
            throw ValidationError(error.sciError.message)
        }
    }
}
