import Foundation

/// The outside programs some tests run, found on PATH as sci finds them, so those tests say what they need with
/// `@Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor"))` instead of failing where it is missing.
public enum ProgramsOnPath {
    /// The path of the first of `names` that is an executable file in a PATH folder, or nil.
    public static func find(_ names: String...) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// SExtractor under any of the names distributions give it.
    public static let sourceExtractor = find("source-extractor", "sex", "sextractor") != nil
    /// SCAMP.
    public static let scamp = find("scamp") != nil
    /// SWarp (`SWarp` on Debian).
    public static let swarp = find("SWarp", "swarp") != nil
    /// PSFEx.
    public static let psfex = find("psfex") != nil
    /// All four AstrOmatic programs.
    public static let astromatic = sourceExtractor && scamp && swarp && psfex
    /// xxhash's `xxh64sum`.
    public static let xxh64sum = find("xxh64sum") != nil
}
