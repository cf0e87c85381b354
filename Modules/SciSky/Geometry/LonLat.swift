import Foundation

/// A position as longitude (RA) in [0, 360) and latitude (Dec) in [-90, 90], both in degrees.
public struct LonLat: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Longitude (right ascension) in degrees, [0, 360).
    public var lon: Double
    /// Latitude (declination) in degrees, [-90, 90].
    public var lat: Double

    /// A position from degrees; the longitude is wrapped into [0, 360). Throws for a latitude outside [-90, 90] or a
    /// non-finite number, since those come from users and files.
    public init(lon: Double, lat: Double) throws(SkyError) {
        guard lon.isFinite, lat.isFinite else {
            throw SkyError("position (\(lon), \(lat)) is not a finite number", hint: "give RA and Dec in degrees")
        }
        guard (-90...90).contains(lat) else {
            throw SkyError("Dec \(lat) is outside [-90, 90]", hint: "give RA and Dec in degrees, Dec between -90 and 90")
        }
        self.lon = LonLat.wrap(lon)
        self.lat = lat
    }

    /// The position of a direction.
    public init(_ v: UnitVector) {
        let d = (v.x * v.x + v.y * v.y).squareRoot()
        lon = d == 0 ? 0 : LonLat.wrap(atan2(v.y, v.x) * 180 / .pi)
        lat = atan2(v.z, d) * 180 / .pi
    }

    /// A longitude in degrees wrapped into [0, 360).
    static func wrap(_ lon: Double) -> Double {
        var l = lon.truncatingRemainder(dividingBy: 360)
        if l < 0 { l += 360 }
        return l >= 360 ? 0 : l
    }

    /// `(lon, lat)` in degrees.
    public var description: String { "(\(lon), \(lat))" }
}
