import Foundation
import GRDB

extension Registry {
    /// The spatial element a query over sky-pixel dimensions joins to when its where-clause names dimensions outside
    /// the query (`exposure = 3` over datasets on `healpix8`): the first spatial element, in the universe's order,
    /// whose dimensions hold every such name. Nil when the query has no sky-pixel dimension or names nothing
    /// outside it (the translator then words any error as before).
    func spatialJoinElement(_ expression: String?, bind: [String: WhereBindValue], queryDimensions: [String]) throws -> DimensionElement? {
        guard queryDimensions.contains(where: { universe.skyPixelization($0) != nil }),
            let text = expression?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        let inQuery = Set(try universe.group(queryDimensions).names)
        var named = Set<String>()
        Self.collectNames(try WhereExpression(parsing: text), into: &named)
        let outside = named.filter { bind[$0] == nil && universe.contains($0) && universe.skyPixelization($0) == nil && !inQuery.contains($0) }
        guard !outside.isEmpty else { return nil }
        for element in universe.elements where element.isSpatial {
            if outside.isSubset(of: try universe.group([element.name]).names) { return element }
        }
        return nil
    }

    /// The sky-pixel dimensions `expression` names (`htm7` of `htm7 = 231858`), sorted.
    func skyPixelsNamed(_ expression: String?, bind: [String: WhereBindValue]) throws -> [String] {
        guard let text = expression?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return [] }
        var named = Set<String>()
        Self.collectNames(try WhereExpression(parsing: text), into: &named)
        return named.filter { bind[$0] == nil && universe.skyPixelization($0) != nil }.sorted()
    }

    /// The first part of every identifier in `expression` (`exposure` of `exposure.region`).
    private static func collectNames(_ expression: WhereExpression, into names: inout Set<String>) {
        var stack = [expression]
        while let next = stack.popLast() {
            switch next {
            case .identifier(let name, _): names.insert(String(name.prefix { $0 != "." }))
            case .literal, .null, .bind: break
            case .unary(_, let inner, _): stack.append(inner)
            case .binary(_, let left, let right, _): stack += [left, right]
            case .isIn(let value, let items, _, _):
                stack.append(value)
                for case .value(let item) in items { stack.append(item) }
            case .function(_, let arguments, _): stack += arguments
            case .tuple(let a, let b, _): stack += [a, b]
            }
        }
    }

    /// `translate` for a query over sky pixels (`t.healpix8`) joined spatially to `element`: the condition becomes
    /// "the pixel is one that the region of some record of `element` matching the where-clause relates to", as
    /// daf_butler's joined query keeps each dataset once however many records match. The pixels are listed in a
    /// subquery that SQLite runs once (unless the clause names the pixel too), not once per dataset.
    func translateJoiningSky(
        _ element: DimensionElement, _ expression: String?, bind: [String: WhereBindValue], dimensionColumns: [String: String],
        datasetType: String? = nil, datasetColumns: [String: String] = [:], orderBy: [String] = []
    ) throws -> (joins: String, condition: String, arguments: [DatabaseValue], order: [String]) {
        guard database.dialect == .sqlite else {
            throw ButlerError.invalidDataId("joining sky pixels to \(element.name) regions needs the SQLite registry for now")
        }
        var columns = dimensionColumns
        var shared: [String] = []
        for dimension in try universe.requiredDimensions(of: element.name) {
            let own = "sx.\(RegistrySchema.quote(dimension))"
            if let outer = columns[dimension] { shared.append("\(own) = \(outer)") } else { columns[dimension] = own }
        }
        columns[element.name] = "sx.\(RegistrySchema.quote(element.primaryKey.name))"
        let (joins, condition, arguments, order) = try translate(
            expression, bind: bind, dimensionColumns: columns, datasetType: datasetType, datasetColumns: datasetColumns, orderBy: orderBy)
        let tests = (shared + ["(\(condition))"]).joined(separator: " AND ")
        let pixelDimensions = dimensionColumns.keys.sorted().filter { universe.skyPixelization($0) != nil }
        let parts = pixelDimensions.map { dimension in
            "\(dimensionColumns[dimension]!) IN (SELECT px.value FROM \(RegistrySchema.quote(element.name)) AS sx CROSS JOIN "
                + "\(SkyPixelJoin.pixels(dimension, region: "sx.region", universe: universe)) AS px \(joins) WHERE \(tests))"
        }
        return ("", parts.joined(separator: " AND "), Array(repeating: arguments, count: parts.count).flatMap { $0 }, order)
    }
}
