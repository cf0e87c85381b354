import Foundation
import SciFITS
import SciSky

/// The reference vectors `Fixtures/generate.py` writes from sphgeom, hpgeom, healpy and astropy.wcs.
struct Reference: Decodable {
    struct Point: Decodable {
        var lon: Double, lat: Double, vector: [Double], htm: [UInt64], nested: [UInt64], ring: [UInt64]
        var sphgeomHealpix: [UInt64]
    }
    struct Coverage: Decodable {
        var lon: Double?, lat: Double?, center: [Double]?, radius: Double?, vertices: [[Double]]?
        var healpixLevel: Int, htmLevel: Int
        var healpixEnvelope: [[UInt64]], healpixInterior: [[UInt64]], htmEnvelope: [[UInt64]], htmInterior: [[UInt64]]
        var healpyCentres: [UInt64]
        var probes: [Probe]?
    }
    struct Probe: Decodable { var vector: [Double], inside: Bool }
    struct WCSCase: Decodable {
        var header: [String: HeaderNumber], pixels: [[Double]], world: [[Double]]
    }
    /// A header value as JSON has it: a number (integer or real) or a string.
    enum HeaderNumber: Decodable {
        case int(Int), double(Double), string(String)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else if let d = try? c.decode(Double.self) {
                self = .double(d)
            } else { self = .string(try c.decode(String.self)) }
        }
        var value: HeaderValue {
            switch self {
            case .int(let i): .integer(i)
            case .double(let d): .double(d)
            case .string(let s): .string(s)
            }
        }
    }
    var seed: Int
    var points: [Point]
    var circles: [Coverage]
    var polygons: [Coverage]
    var wcs: [WCSCase]

    /// The checked-in vectors, or the file `SCI_SKY_REFERENCE` names (the integration case's fresh seed).
    static let shared: Reference = {
        let url: URL
        if let path = ProcessInfo.processInfo.environment["SCI_SKY_REFERENCE"], !path.isEmpty {
            url = URL(fileURLWithPath: path)
        } else {
            url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures")!
        }
        // swiftlint:disable:next force_try
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

extension Array where Element == Double {
    /// The unit vector of a reference `[x, y, z]`.
    var unitVector: UnitVector { UnitVector(unchecked: self[0], self[1], self[2]) }
}

extension PixelRanges {
    /// The pixel set of reference `[[begin, end], …]` ranges.
    init(referenceRanges: [[UInt64]]) {
        self.init(pixels: referenceRanges.flatMap { Array($0[0]..<$0[1]) })
    }
}

extension Reference.WCSCase {
    /// The case's header as SciFITS holds it.
    var fitsHeader: FITSHeader {
        FITSHeader(header.keys.sorted().map { HeaderCard($0, header[$0]!.value) })
    }
}
