/// One of the four AstrOmatic programs a pipeline step can run.
public enum Tool: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// SExtractor (Source Extractor): detection and photometry.
    case sextractor = "SExtractor"
    /// SCAMP: astrometric (and photometric) calibration.
    case scamp = "SCAMP"
    /// SWarp: resampling and co-addition.
    case swarp = "SWarp"
    /// PSFEx: PSF modelling.
    case psfex = "PSFEx"

    /// The tool for a user's spelling: the program name, a binary name (`sex`, `source-extractor`, `swarp`) or the
    /// wrapper's keys (`SWARP`), case-insensitively.
    public init?(named name: String) {
        switch name.lowercased() {
        case "sextractor", "sex", "source-extractor", "source_extractor": self = .sextractor
        case "scamp": self = .scamp
        case "swarp": self = .swarp
        case "psfex": self = .psfex
        default: return nil
        }
    }

    /// The program's name as its authors write it.
    public var description: String { rawValue }

    /// Binary names to look for on PATH, in order: distributions disagree (Debian ships `source-extractor` and `SWarp`).
    public var binaryNames: [String] {
        switch self {
        case .sextractor: ["source-extractor", "sex", "sextractor"]
        case .scamp: ["scamp"]
        case .swarp: ["SWarp", "swarp"]
        case .psfex: ["psfex"]
        }
    }

    /// The file suffix of the program's own default configuration (`default.sex`, ...).
    public var configSuffix: String {
        switch self {
        case .sextractor: "sex"
        case .scamp: "scamp"
        case .swarp: "swarp"
        case .psfex: "psfex"
        }
    }
}
