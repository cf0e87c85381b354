import Foundation

/// Data IDs from file names: a regular expression whose named groups are dimensions,
/// `(?<observation>\d+)_(?<detector>\d+)\.fits`.
public struct FileNamePattern: Sendable {
    /// The expression's text.
    public let pattern: String
    /// The named groups, in order.
    public let dimensions: [String]

    /// Compiles `pattern`; it needs at least one named group.
    public init(_ pattern: String) throws {
        do { _ = try NSRegularExpression(pattern: pattern) } catch {
            throw ButlerError.invalidDataId("'\(pattern)' is not a regular expression")
        }
        self.pattern = pattern
        var names: [String] = []
        var rest = pattern[...]
        while let start = rest.range(of: "(?<") {
            let after = rest[start.upperBound...]
            // `(?<=` and `(?<!` are look-behinds, not names.
            if let close = after.firstIndex(of: ">"), let first = after.first, first != "=", first != "!" {
                names.append(String(after[..<close]))
            }
            rest = after
        }
        guard !names.isEmpty else {
            throw ButlerError.invalidDataId("the regex needs named groups for dimensions, as in (?<detector>\\d+)")
        }
        dimensions = names
    }

    /// The data ID in `name` (searched anywhere in the file name), or nil when it does not match.
    public func dataId(in name: String) -> DataId? {
        // Compiled per call: NSRegularExpression is not Sendable, and matching dominates anyway.
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name))
        else { return nil }
        var dataId = DataId()
        for dimension in dimensions {
            let range = match.range(withName: dimension)
            guard range.location != NSNotFound, let swiftRange = Range(range, in: name) else { continue }
            dataId[dimension] = .string(String(name[swiftRange]))
        }
        return dataId
    }

    /// The files under `folder` (recursively, sorted) whose names match, with their data IDs plus `common`;
    /// also the names that did not match.
    public func scan(_ folder: String, common: DataId = DataId()) throws -> (files: [FileToIngest], unmatched: [String]) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw ButlerError.datastore("cannot read the folder \(folder)")
        }
        var files: [FileToIngest] = []
        var unmatched: [String] = []
        let expression = try NSRegularExpression(pattern: pattern)
        for case let relative as String in enumerator {
            let path = folder + "/" + relative
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let name = (relative as NSString).lastPathComponent
            guard expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil,
                var dataId = dataId(in: name)
            else {
                unmatched.append(path)
                continue
            }
            for (key, value) in common.values where dataId[key] == nil { dataId[key] = value }
            files.append(FileToIngest(path: path, dataId: dataId))
        }
        return (files.sorted { $0.path < $1.path }, unmatched.sorted())
    }
}
