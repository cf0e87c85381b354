import Foundation
import GRDB
import SciSky

extension WhereTranslator {
    /// `X.region OVERLAPS <region>` (either way round) as an SQL condition, or nil when neither side is a region.
    ///
    /// The region is one of daf_butler's literals: `POINT(ra, dec)`, `CIRCLE(ra, dec, r)`, `BOX(ra, dec, width,
    /// height)`, `POLYGON(ra1, dec1, ra2, dec2, …)` or `REGION('IVOA POS')`. The condition keeps the records whose
    /// index rows (RegionIndex) fall in the region's pixels and whose region then overlaps it exactly.
    func spatialOverlap(_ left: WhereExpression, _ right: WhereExpression, at column: Int) throws -> Fragment? {
        if let pixels = try skyPixelOverlap(left, right, at: column) ?? skyPixelOverlap(right, left, at: column) { return pixels }
        let element: DimensionElement, other: WhereExpression
        if let found = try regionElement(left) {
            (element, other) = (found, right)
        } else if let found = try regionElement(right) {
            (element, other) = (found, left)
        } else {
            return nil
        }
        if try regionElement(other) != nil {
            throw fail("OVERLAPS between two dimension regions (a spatial join) is not supported; compare a region with POINT, CIRCLE, BOX, POLYGON or REGION", at: column)
        }
        let query = try regionLiteral(other)
        let keys = try RegionIndex.keyColumns(element, universe: universe)
        let outer = try keys.map { try self.column(forDimension: $0.dimension, at: column) }
        let member = outer.count == 1 ? outer[0] : "(\(outer.joined(separator: ", ")))"
        guard dialect == .sqlite else {
            // PostgreSQL cannot run the exact test, so the registry finds the matching keys first (the same pixel
            // lookup and the same test), and they come in as arrays, one per key column.
            guard let regionMatches else {
                throw fail("spatial where-clauses are not available in this query on PostgreSQL", at: column)
            }
            let matches = try regionMatches(element, query)
            let arrays = try keys.indices.map { i -> (cast: String, value: DatabaseValue) in
                let integer = try universe.element(keys[i].dimension).primaryKey.type.sqlType == "INTEGER"
                return ("CAST(? AS \(integer ? "BIGINT" : "TEXT")[])", Self.arrayLiteral(matches.map { $0[i] }).databaseValue)
            }
            let sql = outer.count == 1
                ? "(\(member) = ANY(\(arrays[0].cast)))"
                : "(\(member) IN (SELECT * FROM unnest(\(arrays.map(\.cast).joined(separator: ", ")))))"
            return Fragment(sql: sql, arguments: arrays.map(\.value))
        }
        let selected = keys.map { "p.\(RegistrySchema.quote($0.column))" }.joined(separator: ", ")
        let joined = keys.map { "s.\(RegistrySchema.quote($0.column)) = p.\(RegistrySchema.quote($0.column))" }.joined(separator: " AND ")
        let subquery = "SELECT \(selected) FROM \(RegionIndex.table(element.name)) AS p JOIN \(RegistrySchema.quote(element.name)) AS s ON \(joined) "
            + "WHERE \(RegionIndex.candidates(query, alias: "p", dialect: dialect)) AND sci_region_overlaps(s.region, ?)"
        return Fragment(sql: "(\(member) IN (\(subquery)))", arguments: [query.sphgeomHex.databaseValue])
    }

    /// The most pixel ranges `healpix8.region OVERLAPS <region>` turns into (a few megabytes of SQL).
    static let maximumSkyPixelRanges = 100_000

    /// `healpix8.region OVERLAPS <region>` as daf_butler reads it: the pixel index within the region's envelope
    /// ranges (no exact test), or nil when `left` is not a sky-pixel dimension's region.
    private func skyPixelOverlap(_ left: WhereExpression, _ right: WhereExpression, at column: Int) throws -> Fragment? {
        guard case .identifier(let name, let nameColumn) = left, name.hasSuffix(".region") else { return nil }
        let dimension = String(name.dropLast(".region".count))
        guard let pixelization = universe.skyPixelization(dimension) else { return nil }
        if case .identifier(let other, _) = right, other.hasSuffix(".region") {
            throw fail("OVERLAPS between two regions (a spatial join) is not supported; compare \(name) with POINT, CIRCLE, BOX, POLYGON or REGION", at: column)
        }
        let pixel = try self.column(forDimension: dimension, at: nameColumn)
        // A region large for the level has millions of ranges along its edge (a 10° circle at htm24: twelve million,
        // a minute and most of a gigabyte of SQL), so the envelope stops at a limit and the clause is refused.
        guard let envelope = pixelization.envelope(try regionLiteral(right), maxRanges: Self.maximumSkyPixelRanges) else {
            throw fail(
                "the region is too large for \(dimension): its pixels would take more than \(Self.maximumSkyPixelRanges) ranges; "
                    + "use a coarser pixelization or a smaller region", at: column)
        }
        let parts = envelope.ranges.map { r in
            r.count == 1 ? "\(pixel) = \(r.lowerBound)" : "\(pixel) BETWEEN \(r.lowerBound) AND \(r.upperBound - 1)"
        }
        // Grouped 64 a level: SQLite parses a flat OR chain of n terms n deep, and allows 1,000.
        var groups = parts
        while groups.count > 64 {
            groups = stride(from: 0, to: groups.count, by: 64).map { "(" + groups[$0..<min($0 + 64, groups.count)].joined(separator: " OR ") + ")" }
        }
        return Fragment(sql: groups.isEmpty ? dialect.alwaysFalse : "(" + groups.joined(separator: " OR ") + ")")
    }

    /// A PostgreSQL array literal (`{1,2}`, `{"a","b"}`) of key values.
    static func arrayLiteral(_ values: [DatabaseValue]) -> String {
        let items = values.map { value -> String in
            switch value.storage {
            case .int64(let number): return String(number)
            case .string(let text): return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            case .double(let number): return String(number)
            case .null, .blob: return "NULL"
            }
        }
        return "{" + items.joined(separator: ",") + "}"
    }

    /// The spatial element of `element.region`, nil for anything else; a region of a non-spatial element is an error.
    private func regionElement(_ expression: WhereExpression) throws -> DimensionElement? {
        guard case .identifier(let name, let column) = expression, name.hasSuffix(".region") else { return nil }
        let elementName = String(name.dropLast(".region".count))
        guard universe.contains(elementName) else { throw fail("unknown name '\(name)'", at: column) }
        let element = try universe.element(elementName)
        guard element.isSpatial else {
            let spatial = universe.elements.filter(\.isSpatial).map(\.name)
            throw fail("dimension '\(elementName)' has no region"
                + (spatial.isEmpty ? " (no dimension of this repository has one)" : " (\(spatial.joined(separator: ", ")) do)"), at: column)
        }
        return element
    }

    /// A region literal, as daf_butler reads it.
    private func regionLiteral(_ expression: WhereExpression) throws -> SkyRegion {
        guard case .function(let name, let arguments, let column) = expression else {
            throw fail("a region is compared with POINT(ra, dec), CIRCLE(ra, dec, r), BOX(ra, dec, w, h), POLYGON(ra, dec, …) or REGION('…')", at: expression.column)
        }
        func numbers(_ count: Int?, _ usage: String) throws -> [Double] {
            guard count.map({ arguments.count == $0 }) ?? (arguments.count >= 6 && arguments.count % 2 == 0) else {
                throw fail("\(name) takes \(usage)", at: column)
            }
            return try arguments.map { try number($0, in: name) }
        }
        do {
            switch name {
            case "POINT":
                let n = try numbers(2, "ra and dec in degrees: POINT(150.1, 2.2)")
                return .circle(try Circle(lon: n[0], lat: n[1], radius: 0))
            case "CIRCLE":
                let n = try numbers(3, "ra, dec and a radius in degrees: CIRCLE(150.1, 2.2, 0.5)")
                // r is the radius, as daf_butler's query-language documentation (queries.rst) and ADQL define it and
                // as REGION('CIRCLE ra dec r') reads it. daf_butler 30.2026.4300's expression visitor passes 2r as
                // sphgeom's opening angle, which sphgeom defines as the radius, so its CIRCLE(ra, dec, r) covers a
                // radius of 2r: a known difference that sky-butler-differential.sh checks is still there.
                return .circle(try Circle(lon: n[0], lat: n[1], radius: n[2]))
            case "BOX":
                let n = try numbers(4, "ra, dec, width and height in degrees: BOX(150.1, 2.2, 1, 1)")
                guard n[2] >= 0, n[3] >= 0 else { throw SkyError("BOX width and height must not be negative") }
                let lon = try LonLat(lon: n[0], lat: n[1])
                let full = n[2] >= 360
                return .box(try Box(lonMin: full ? 0 : lon.lon - n[2] / 2, lonMax: full ? 360 : lon.lon + n[2] / 2,
                                    latMin: max(-90, n[1] - n[3] / 2), latMax: min(90, n[1] + n[3] / 2)))
            case "POLYGON":
                let n = try numbers(nil, "at least 3 ra, dec pairs: POLYGON(150, 2, 151, 2, 151, 3)")
                var vertices: [UnitVector] = []
                for i in stride(from: 0, to: n.count, by: 2) { vertices.append(UnitVector(try LonLat(lon: n[i], lat: n[i + 1]))) }
                // sphgeom takes the convex hull of the vertices, so any order of the corners is accepted.
                if let polygon = try? ConvexPolygon(vertices: vertices) { return .polygon(polygon) }
                return .polygon(try ConvexPolygon(hullOf: vertices))
            case "REGION":
                guard arguments.count == 1, case .literal(.string(let text), _) = arguments[0] else {
                    throw fail("REGION takes one IVOA POS string: REGION('CIRCLE 150.1 2.2 0.5')", at: column)
                }
                return try SkyRegion(parsing: text)
            default:
                throw fail("\(name) is not a region (use POINT, CIRCLE, BOX, POLYGON or REGION)", at: column)
            }
        } catch let error as SkyError {
            throw fail(error.message, at: column)
        }
    }

    /// A number in a region literal: an integer or float literal, optionally signed.
    private func number(_ expression: WhereExpression, in function: String) throws -> Double {
        switch expression {
        case .literal(.int(let value), _): return Double(value)
        case .literal(.float(let value), _): return value
        case .unary("-", let inner, _): return -(try number(inner, in: function))
        case .unary("+", let inner, _): return try number(inner, in: function)
        default: throw fail("\(function) takes numbers in degrees", at: expression.column)
        }
    }
}
