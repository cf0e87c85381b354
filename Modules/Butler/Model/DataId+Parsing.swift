import Foundation

extension DataId {
    /// Reads `instrument=SPHEREx,detector=1` (values stay text until standardized against the universe).
    public init(parsing text: String) throws {
        self.init()
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw ButlerError.invalidDataId("'\(item)' is not dimension=value")
            }
            values[pair[0]] = .string(pair[1])
        }
    }
}
