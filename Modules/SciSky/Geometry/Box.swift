import Foundation

/// A longitude/latitude box in degrees; the longitude range may wrap through 0 (e.g. 350 → 10).
public struct Box: Equatable, Sendable {
    /// The first longitude of the range, going east, in [0, 360).
    public var lonMin: Double
    /// The last longitude of the range, in [0, 360); smaller than `lonMin` when the box wraps through 0.
    public var lonMax: Double
    /// The lowest latitude.
    public var latMin: Double
    /// The highest latitude.
    public var latMax: Double
    /// Whether the box spans all longitudes.
    public var isFullLongitude: Bool

    /// A box from RA and Dec ranges in degrees; a longitude span of 360 or more covers all longitudes.
    public init(lonMin: Double, lonMax: Double, latMin: Double, latMax: Double) throws(SkyError) {
        guard lonMin.isFinite, lonMax.isFinite, latMin.isFinite, latMax.isFinite else {
            throw SkyError("box bounds must be finite numbers")
        }
        guard -90 <= latMin, latMin <= latMax, latMax <= 90 else {
            throw SkyError("box latitudes \(latMin)…\(latMax) are not an interval inside [-90, 90]")
        }
        isFullLongitude = lonMax - lonMin >= 360
        self.lonMin = LonLat.wrap(lonMin)
        self.lonMax = LonLat.wrap(lonMax)
        self.latMin = latMin
        self.latMax = latMax
    }

    /// Whether a longitude in [0, 360) is inside the box's longitude range.
    func containsLon(_ lon: Double) -> Bool {
        if isFullLongitude { return true }
        return lonMin <= lonMax ? (lon >= lonMin && lon <= lonMax) : (lon >= lonMin || lon <= lonMax)
    }

    /// Whether the direction is inside or on the box.
    public func contains(_ v: UnitVector) -> Bool {
        let p = LonLat(v)
        return p.lat >= latMin && p.lat <= latMax && (abs(p.lat) == 90 || containsLon(p.lon))
    }

    /// The box's relation to a circle from the circle's side, erring towards `.intersects` (the circle's own
    /// lon/lat bounding box stands in for the circle).
    func relate(_ circle: Circle) -> Relation {
        let c = LonLat(circle.center), r = circle.radius
        let lo = c.lat - r, hi = c.lat + r
        if hi < latMin || lo > latMax { return .disjoint }
        let cLatMax = max(abs(lo), abs(hi))
        let allLons = lo <= -90 || hi >= 90 || cLatMax >= 90
        var half = 180.0
        if !allLons {
            let s = sin(r * .pi / 180) / cos(c.lat * .pi / 180)
            half = s >= 1 ? 180 : asin(s) * 180 / .pi
        }
        let fullCircleLons = allLons || half >= 180
        let within = lo >= latMin && hi <= latMax && (isFullLongitude || (!fullCircleLons && containsLon(LonLat.wrap(c.lon - half))
            && containsLon(LonLat.wrap(c.lon + half)) && containsLon(c.lon) && spanOK(c.lon, half)))
        if within { return .within }
        if fullCircleLons || isFullLongitude { return .intersects }
        // Disjoint in longitude: neither range touches the other.
        let a = LonLat.wrap(c.lon - half), b = LonLat.wrap(c.lon + half)
        let circleHasBoxEdge = lonInRange(lonMin, a, b) || lonInRange(lonMax, a, b)
        if !circleHasBoxEdge && !containsLon(c.lon) { return .disjoint }
        return .intersects
    }

    /// Whether the circle's longitude span (centre ± half) stays inside the box without passing outside it.
    private func spanOK(_ center: Double, _ half: Double) -> Bool {
        let width = lonMin <= lonMax ? lonMax - lonMin : lonMax + 360 - lonMin
        let offset = LonLat.wrap(center - half - lonMin)
        return offset + 2 * half <= width
    }

    private func lonInRange(_ lon: Double, _ a: Double, _ b: Double) -> Bool {
        a <= b ? (lon >= a && lon <= b) : (lon >= a || lon <= b)
    }
}
