/// The kinds of collection, with daf_butler's numbers as stored in `collection.type`.
public enum CollectionType: Int, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Where datasets are written; every dataset is in exactly one RUN.
    case run = 1
    /// A hand-made set of datasets from RUNs, at most one per dataset type and data ID.
    case tagged = 2
    /// An ordered search path of other collections.
    case chained = 3
    /// Datasets with validity ranges, for calibrations.
    case calibration = 4

    /// `RUN`, `TAGGED`, `CHAINED`, `CALIBRATION`.
    public var description: String {
        switch self {
        case .run: return "RUN"
        case .tagged: return "TAGGED"
        case .chained: return "CHAINED"
        case .calibration: return "CALIBRATION"
        }
    }

    /// Reads `RUN`, `run`, ...
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.description == name.uppercased() }) else { return nil }
        self = match
    }
}
