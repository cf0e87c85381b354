import Foundation
import HippoMeta
import SciFITS

extension Metadata {
    /// A `MapSet` read from the primary header of a FITS map, mapping keys to fields exactly as hippometa's
    /// `MapSet.from_fits` does: PIXELIS (default healpix; a CAR projection in CTYPE1 means equirectangular), TELESCOP,
    /// INSTRUME, RELEASE, SEASON, PATCH, FREQ (every "f" removed: f090 → 090), POLCCONV, and ACTTAGS split at commas.
    public static func mapSet(fromFITS path: String) throws -> Metadata {
        let file = try FITSFile(path)
        defer { try? file.close() }
        let header = try file.header(at: 0)
        func text(_ key: String) -> String? {
            guard let value = header[key], value != .undefined else { return nil }
            return value.stringValue ?? value.description
        }
        var pixelisation = (text("PIXELIS") ?? "healpix").lowercased()
        if pixelisation != "healpix", pixelisation != "equirectangular" {
            guard (text("CTYPE1") ?? "").uppercased().contains("CAR") else {
                throw MetadataError(
                    "\(path): PIXELIS is '\(pixelisation)' and CTYPE1 is not a CAR projection; a map set needs healpix or equirectangular pixels")
            }
            pixelisation = "equirectangular"
        }
        return try mapSet(
            pixelisation: pixelisation, telescope: text("TELESCOP"), instrument: text("INSTRUME"), release: text("RELEASE"),
            season: text("SEASON"), patch: text("PATCH"), frequency: (text("FREQ") ?? "").replacingOccurrences(of: "f", with: ""),
            polarizationConvention: text("POLCCONV") ?? "", tags: text("ACTTAGS").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
    }
}
