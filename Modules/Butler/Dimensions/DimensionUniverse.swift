import Foundation
public import SciSky
import Yams

/// The set of dimensions a repository knows, read from daf_butler's `dimensions.yaml` format.
public struct DimensionUniverse: Sendable, Hashable, Codable {
    /// The configuration's namespace (`daf_butler` for the default universe, `spherex` for SPHEREx).
    public var namespace: String
    /// The configuration's version.
    public var version: Int
    /// The dimensions with records, in the order the configuration lists them. The sky-pixel dimensions (`htm0`…`htm24`,
    /// `healpix0`…`healpix17`) are not among them: they have no table, and `element(_:)` makes them on demand.
    public var elements: [DimensionElement]
    /// The sky-pixel dimension the configuration's `skypix.common` names (daf_butler's `htm7`); nil reads as `htm7`.
    public var commonSkyPixName: String?

    /// A universe from elements.
    public init(namespace: String, version: Int, elements: [DimensionElement], commonSkyPix: String? = nil) throws {
        self.namespace = namespace
        self.version = version
        self.elements = elements
        self.commonSkyPixName = commonSkyPix
        try validate()
    }

    /// The common sky-pixel dimension: the one daf_butler relates regions to by their envelope, with no exact test.
    public var commonSkyPix: String { commonSkyPixName ?? "htm7" }

    /// Reads a universe in daf_butler's YAML format (the current one, or the 2020 one under `dimensions:`).
    public init(yaml text: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ButlerError.invalidConfiguration("the dimension configuration is not YAML: \(error)")
        }
        guard var root = node, root.mapping != nil else {
            throw ButlerError.invalidConfiguration("the dimension configuration is not a mapping")
        }
        if let nested = root["dimensions"], nested.mapping != nil { root = nested }
        guard let elementNodes = root["elements"]?.mapping else {
            throw ButlerError.invalidConfiguration("the dimension configuration has no 'elements'")
        }
        var temporal = Set<String>()
        var spatial = Set<String>()
        for (family, names) in root["topology"]?["temporal"]?.mapping ?? [:] where family.string != nil {
            temporal.formUnion(names.sequence?.compactMap(\.string) ?? [])
        }
        for (family, names) in root["topology"]?["spatial"]?.mapping ?? [:] where family.string != nil {
            spatial.formUnion(names.sequence?.compactMap(\.string) ?? [])
        }
        var elements: [DimensionElement] = []
        for (nameNode, body) in elementNodes {
            guard let name = nameNode.string else { continue }
            let keys = try Self.fields(body["keys"], in: name)
            // Elements without keys are combinations (`visit_detector_region`): records of several dimensions, never
            // a value in a data ID, so they are not dimensions here.
            guard !keys.isEmpty else { continue }
            elements.append(DimensionElement(
                name: name, doc: body["doc"]?.string, keys: keys,
                requires: body["requires"]?.sequence?.compactMap(\.string) ?? [],
                implies: body["implies"]?.sequence?.compactMap(\.string) ?? [],
                metadata: try Self.fields(body["metadata"], in: name),
                isGovernor: body["governor"]?.bool ?? false,
                isTemporal: temporal.contains(name), isSpatial: spatial.contains(name)))
        }
        try self.init(
            namespace: root["namespace"]?.string ?? "daf_butler", version: root["version"]?.int ?? 0,
            elements: elements, commonSkyPix: root["skypix"]?["common"]?.string)
    }

    /// Reads a universe from a YAML file.
    public init(contentsOf path: String) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ButlerError.invalidConfiguration("cannot read the dimension configuration \(path)")
        }
        try self.init(yaml: text)
    }

    /// The dimension called `name`; a sky-pixel dimension (`healpix8`) is a key-only element with no table.
    public func element(_ name: String) throws -> DimensionElement {
        if let element = elements.first(where: { $0.name == name }) { return element }
        if skyPixelization(name) != nil {
            return DimensionElement(name: name, doc: "A sky pixel of \(name).", keys: [DimensionField(name: "id", type: .int)])
        }
        throw ButlerError.unknownDimension(name, known: elements.map(\.name) + ["htm0…htm24", "healpix0…healpix17"])
    }

    /// The dimension called `name` as a table of records: a sky-pixel dimension has none (daf_butler refuses them
    /// too), so it is refused with a pointer to what lists its pixels.
    public func recordElement(_ name: String) throws -> DimensionElement {
        guard skyPixelization(name) == nil else {
            throw ButlerError.invalidDataId(
                "\(name) is a sky-pixel dimension: its values are pixel numbers with no records "
                    + "(`sci butler query-data-ids REPO \(name) --where \"exposure = 3\"` lists the pixels a record's region touches)")
        }
        return try element(name)
    }

    /// Whether a dimension called `name` exists (sky-pixel dimensions included).
    public func contains(_ name: String) -> Bool { elements.contains { $0.name == name } || skyPixelization(name) != nil }

    /// The pixelization of a sky-pixel dimension (`htm7`, `healpix8`), nil for any other name, one of the
    /// configuration's own elements, or a level beyond daf_butler's.
    public func skyPixelization(_ name: String) -> SkyPixelization? {
        guard !elements.contains(where: { $0.name == name }) else { return nil }
        return (try? SkyPixelization(dimension: name)) ?? nil
    }

    /// The group of `dimensions`: the required closure, and what those imply.
    public func group(_ dimensions: [String]) throws -> DimensionGroup {
        var required = Set<String>()
        func require(_ name: String) throws {
            guard required.insert(name).inserted else { return }
            for parent in try element(name).requires { try require(parent) }
        }
        for name in dimensions { try require(name) }
        var implied = Set<String>()
        func imply(_ name: String) throws {
            for child in try element(name).implies where !required.contains(child) && implied.insert(child).inserted {
                for parent in try element(child).requires where !required.contains(parent) {
                    try require(parent)
                }
                try imply(child)
            }
        }
        for name in required { try imply(name) }
        return DimensionGroup(required: required.sorted(), implied: implied.subtracting(required).sorted())
    }

    /// `names` in the universe's order, as daf_butler prints data ID columns (`instrument detector observation`);
    /// sky-pixel dimensions come first, HEALPix before HTM, as daf_butler orders them (`htm7 instrument exposure`).
    public func inUniverseOrder(_ names: [String]) -> [String] {
        let wanted = Set(names)
        let pixels = wanted.compactMap { name in skyPixelization(name).map { (name, $0) } }.sorted { a, b in
            switch (a.1, b.1) {
            case (.healpix(let x), .healpix(let y)): x.level < y.level
            case (.htm(let x), .htm(let y)): x.level < y.level
            case (.healpix, .htm): true
            case (.htm, .healpix): false
            }
        }
        return pixels.map(\.0) + elements.map(\.name).filter { wanted.contains($0) }
    }

    /// Every dimension `name` requires, directly or not (not itself), sorted by name.
    public func requiredDimensions(of name: String) throws -> [String] {
        try group([name]).required.filter { $0 != name }
    }

    /// The built-in universe: instrument, band, physical_filter, detector, day_obs, group, exposure and visit,
    /// as daf_butler's default (namespace `daf_butler`, version 8) defines them.
    public static var `default`: DimensionUniverse {
        // The text is a literal that the tests load, so this cannot fail at run time.
        try! DimensionUniverse(yaml: DefaultUniverse.yaml)
    }

    private func validate() throws {
        let names = Set(elements.map(\.name))
        guard names.count == elements.count else {
            throw ButlerError.invalidConfiguration("the dimension configuration names an element twice")
        }
        for element in elements {
            for other in element.requires + element.implies where !names.contains(other) {
                throw ButlerError.invalidConfiguration("dimension '\(element.name)' refers to unknown dimension '\(other)'")
            }
        }
        // A cycle would make the closure above loop forever on a mis-written file.
        var visiting = Set<String>()
        var done = Set<String>()
        func visit(_ name: String) throws {
            if done.contains(name) { return }
            guard visiting.insert(name).inserted else {
                throw ButlerError.invalidConfiguration("dimension '\(name)' requires itself through a cycle")
            }
            for parent in elements.first(where: { $0.name == name })!.requires { try visit(parent) }
            visiting.remove(name)
            done.insert(name)
        }
        for element in elements { try visit(element.name) }
    }

    private static func fields(_ node: Node?, in element: String) throws -> [DimensionField] {
        guard let items = node?.sequence else { return [] }
        return try items.map { item in
            guard let name = item["name"]?.string else {
                throw ButlerError.invalidConfiguration("a field of dimension '\(element)' has no name")
            }
            let typeName = item["type"]?.string ?? "string"
            guard let type = DimensionField.ValueType(rawValue: typeName) else {
                throw ButlerError.invalidConfiguration("field '\(element).\(name)' has unknown type '\(typeName)'")
            }
            return DimensionField(name: name, type: type, length: item["length"]?.int, doc: item["doc"]?.string)
        }
    }
}
