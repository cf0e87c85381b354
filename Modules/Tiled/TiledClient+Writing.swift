import Foundation
public import SciCore
import SciHTTP

extension TiledClient {
    /// Makes a container `key` under `parent` with metadata and specs; a key already taken is a 409 error.
    @discardableResult
    public func createContainer(
        _ key: String, in parent: String = "", metadata: [String: JSONValue] = [:], specs: [String] = []
    ) async throws -> Node {
        try await create(key, in: parent, family: "container", metadata: metadata, specs: specs, dataSources: [])
        return try await node(TiledClient.join(parent, key))
    }

    /// Makes an array `key` under `parent` and uploads its elements (row-major, host byte order) in one request.
    @discardableResult
    public func writeArray(
        _ array: ArrayData, key: String, in parent: String = "", metadata: [String: JSONValue] = [:], specs: [String] = []
    ) async throws -> Node {
        let dataType: JSONValue = [
            "endianness": array.dataType.itemSize == 1 ? "not_applicable" : "little", "kind": .string(array.dataType.kind),
            "itemsize": .int(Int64(array.dataType.itemSize)),
        ]
        let structure: JSONValue = [
            "data_type": dataType, "shape": .array(array.shape.map { .int(Int64($0)) }),
            "chunks": .array(array.shape.map { .array([.int(Int64($0))]) }), "dims": nil, "resizable": false,
        ]
        let source: JSONValue = [
            "structure_family": "array", "structure": structure, "management": "writable", "mimetype": nil,
            "parameters": [:], "assets": [],
        ]
        try await create(key, in: parent, family: "array", metadata: metadata, specs: specs, dataSources: [source])
        let path = TiledClient.join(parent, key)
        var request = HTTPRequest(.put, "\(baseURL)/api/v1/array/full/\(TiledPath.encode(path))", body: array.bytes)
        request.headers["Content-Type"] = "application/octet-stream"
        _ = try await http.send(request)
        return try await node(path)
    }

    /// Makes a table `key` under `parent` and uploads its rows as Arrow (see `ArrowFile` for the column types).
    @discardableResult
    public func writeTable(
        _ table: Table, key: String, in parent: String = "", metadata: [String: JSONValue] = [:], specs: [String] = []
    ) async throws -> Node {
        let lengths = Set(table.columns.map { table.values[$0]?.count ?? 0 })
        guard lengths.count <= 1, !table.columns.isEmpty else {
            throw SciError("a table needs columns of equal length", exitCode: SciError.usageExitCode)
        }
        let arrow = ArrowFile(table)
        // Built field by field: one literal mixing these expressions is slow enough to type-check that a loaded
        // machine gives up on it.
        let schema = "data:application/vnd.apache.arrow.file;base64," + Data(arrow.schemaMessage).base64EncodedString()
        var structure: [String: JSONValue] = [:]
        structure["arrow_schema"] = .string(schema)
        structure["npartitions"] = .int(1)
        structure["columns"] = .array(table.columns.map(JSONValue.string))
        structure["resizable"] = .bool(false)
        let source: JSONValue = [
            "structure_family": "table", "structure": .object(structure), "management": "writable", "mimetype": nil,
            "parameters": [:], "assets": [],
        ]
        try await create(key, in: parent, family: "table", metadata: metadata, specs: specs, dataSources: [source])
        let path = TiledClient.join(parent, key)
        var request = HTTPRequest(.put, "\(baseURL)/api/v1/table/full/\(TiledPath.encode(path))", body: Data(arrow.bytes))
        request.headers["Content-Type"] = "application/vnd.apache.arrow.file"
        _ = try await http.send(request)
        return try await node(path)
    }

    /// Merges `changes` into a node's metadata (JSON merge patch: a null value removes its key).
    public func updateMetadata(_ path: String, merging changes: [String: JSONValue]) async throws {
        let body: JSONValue = ["content-type": "application/merge-patch+json", "metadata": .object(changes), "specs": nil]
        let request = HTTPRequest.json(.patch, "\(baseURL)/api/v1/metadata/\(TiledPath.encode(path))", body: body)
        _ = try await http.send(request)
    }

    /// Replaces a node's metadata whole (the server keeps the old version as a revision).
    public func replaceMetadata(_ path: String, with metadata: [String: JSONValue]) async throws {
        let body: JSONValue = ["metadata": .object(metadata)]
        _ = try await http.send(HTTPRequest.json(.put, "\(baseURL)/api/v1/metadata/\(TiledPath.encode(path))", body: body))
    }

    private func create(
        _ key: String, in parent: String, family: String, metadata: [String: JSONValue], specs: [String], dataSources: [JSONValue]
    ) async throws {
        guard !key.isEmpty, !key.contains("/") else {
            throw SciError("'\(key)' cannot be a node key", hint: "keys are non-empty and have no slash", exitCode: SciError.usageExitCode)
        }
        let body: JSONValue = [
            "id": .string(key), "structure_family": .string(family), "metadata": .object(metadata),
            "specs": .array(specs.map { ["name": .string($0), "version": nil] }), "data_sources": .array(dataSources),
        ]
        do {
            _ = try await http.send(HTTPRequest.json(.post, "\(baseURL)/api/v1/metadata/\(TiledPath.encode(parent))", body: body))
        } catch HTTPError.status(409, _, _) {
            throw SciError("\(TiledClient.join(parent, key)) already exists", hint: "choose another key", exitCode: SciError.usageExitCode)
        }
    }

    static func join(_ parent: String, _ key: String) -> String {
        let trimmed = parent.split(separator: "/").joined(separator: "/")
        return trimmed.isEmpty ? key : trimmed + "/" + key
    }
}
