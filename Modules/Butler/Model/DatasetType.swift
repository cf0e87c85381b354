/// A named kind of dataset (`rawexp`, `dark`): its dimensions and how it is stored.
public struct DatasetType: Sendable, Hashable, Codable {
    /// The name, a Python-identifier-like word; `.` separates components (`calexp.wcs`).
    public var name: String
    /// The dimensions its data IDs have, as given (the registry closes them over `requires`).
    public var dimensions: [String]
    /// The storage class, which picks the formatter (`SPHERExImage`, `StructuredDataDict`, ...).
    public var storageClass: String
    /// Whether its datasets can be certified into CALIBRATION collections.
    public var isCalibration: Bool

    /// A dataset type.
    public init(name: String, dimensions: [String], storageClass: String, isCalibration: Bool = false) {
        self.name = name
        self.dimensions = dimensions.sorted()
        self.storageClass = storageClass
        self.isCalibration = isCalibration
    }

    /// Checks the name as daf_butler does: letters, digits and `_`, not starting with a digit, `.` between parts.
    public static func validate(name: String) throws {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let ok = !parts.isEmpty && parts.allSatisfy { part in
            guard let first = part.first, first.isLetter || first == "_" else { return false }
            return part.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
        }
        guard ok else { throw ButlerError.conflictingDatasetType("'\(name)' is not a valid dataset type name") }
    }
}
