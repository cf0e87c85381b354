import Foundation
import SciFITS

extension SkyWCS {
    /// The sky outline of a FITS image: the WCS and size of the first HDU that has a celestial WCS and two axes
    /// (the primary HDU, or the first extension for files whose primary HDU is empty, as compressed images have).
    public static func imageRegion(ofFITS path: String) throws -> ConvexPolygon {
        let file = try FITSFile(path)
        defer { try? file.close() }
        let count = try file.hduCount()
        var problem: SkyError?
        for index in 0..<count {
            let header = try file.header(at: index)
            // A tile-compressed image keeps its real size in ZNAXISn.
            guard let width = (header["ZNAXIS1"] ?? header["NAXIS1"])?.intValue,
                let height = (header["ZNAXIS2"] ?? header["NAXIS2"])?.intValue, header["CTYPE1"] != nil
            else { continue }
            do {
                return try SkyWCS(header: header).region(width: width, height: height)
            } catch {
                problem = problem ?? error
            }
        }
        if let problem { throw SkyError("\(path): \(problem.message)", hint: problem.hint) }
        throw SkyError("\(path) has no image HDU with a celestial WCS", hint: "the header needs CTYPE1/2, CRPIX, CRVAL and CD or CDELT")
    }
}
