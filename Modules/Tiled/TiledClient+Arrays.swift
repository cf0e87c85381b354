import Foundation
import SciCore

extension TiledClient {
    /// Reads an array whole, or the part `slice` selects (numpy syntax such as `0:2,::2`, `3,:`, `-1` or `...,0`), as
    /// binary. An empty selection (`5:2`, or an array of shape (3, 0)) is an empty array, as numpy gives, read
    /// without a request: Tiled 0.2 answers one with an internal server error.
    public func readArray(_ path: String, slice: String? = nil) async throws -> ArrayData {
        let structure = try await arrayStructure(path)
        let resolved = try slice.map { try SliceExpression.resolve($0, in: structure.shape) }
        let shape = resolved?.shape ?? structure.shape
        if shape.contains(0) { return try ArrayData(shape: shape, dataType: structure.dataType, bytes: Data()) }
        // Large arrays in several chunks come faster as blocks fetched side by side than as one long body.
        if slice == nil, structure.chunks.contains(where: { $0.count > 1 }) {
            return try await readBlocks(path, structure: structure)
        }
        let items = resolved.map { [URLQueryItem(name: "slice", value: $0.parameter)] } ?? []
        let body = try await data("array/full", path, items: items, accept: "application/octet-stream")
        return try ArrayData(shape: shape, dataType: structure.dataType, bytes: body)
    }

    /// Reads one block of an array: `block` has one chunk index per dimension. Right for big-endian arrays too,
    /// where Tiled 0.2's own block route (and the Python client's `read_block`) mixes up the byte order.
    public func readBlock(_ path: String, block: [Int]) async throws -> ArrayData {
        try await readBlock(path, structure: try await arrayStructure(path), block: block)
    }

    /// The structure of the array at `path`: a clear error for another family or for a structured data type.
    func arrayStructure(_ path: String) async throws -> ArrayStructure {
        let node = try await node(path)
        guard node.structureFamily == "array" else { throw notA("an array", node) }
        do {
            return try ArrayStructure(node.structure)
        } catch let error as SciError {
            throw SciError("\(node.path): \(error.message)", hint: error.hint)
        }
    }

    func readBlock(_ path: String, structure: ArrayStructure, block: [Int]) async throws -> ArrayData {
        guard block.count == structure.chunks.count,
              zip(block, structure.chunks).allSatisfy({ $0 >= 0 && $0 < $1.count })
        else {
            let grid = structure.chunks.map { String($0.count) }.joined(separator: "×")
            throw SciError("block \(block.map(String.init).joined(separator: ",")) is outside the \(grid) grid of blocks of \(path)",
                           exitCode: SciError.usageExitCode)
        }
        let shape = zip(block, structure.chunks).map { $1[$0] }
        if shape.contains(0) { return try ArrayData(shape: shape, dataType: structure.dataType, bytes: Data()) }
        let body: Data
        if structure.dataType.bigEndian, structure.dataType.swapUnit > 1 {
            // Tiled 0.2.20's /array/block sends a big-endian array's blocks in little-endian order while declaring
            // big; /array/full keeps the declared order, so the block is asked for as the slice it covers.
            let ranges = zip(block, structure.chunks).map { index, lengths -> String in
                let start = lengths[..<index].reduce(0, +)
                return "\(start):\(start + lengths[index])"
            }
            body = try await data("array/full", path, items: [URLQueryItem(name: "slice", value: ranges.joined(separator: ","))],
                                  accept: "application/octet-stream")
        } else {
            body = try await data("array/block", path, items: [URLQueryItem(name: "block", value: block.map(String.init).joined(separator: ","))],
                                  accept: "application/octet-stream")
        }
        return try ArrayData(shape: shape, dataType: structure.dataType, bytes: body)
    }

    /// Fetches every block concurrently (a few at a time) and places each in the whole array.
    func readBlocks(_ path: String, structure: ArrayStructure) async throws -> ArrayData {
        let grid = structure.chunks.map(\.count)
        var indices: [[Int]] = [[]]
        for size in grid { indices = indices.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
        let itemSize = structure.dataType.itemSize
        var whole = Data(count: structure.count * itemSize)
        let parallel = 8
        try await withThrowingTaskGroup(of: BlockResult.self) { group in
            var next = 0
            func add() {
                guard next < indices.count else { return }
                let block = indices[next]
                next += 1
                group.addTask { BlockResult(block: block, data: try await self.readBlock(path, structure: structure, block: block)) }
            }
            for _ in 0..<parallel { add() }
            while let result = try await group.next() {
                ArrayBlocks.place(result.data.bytes, block: result.block, chunks: structure.chunks, shape: structure.shape,
                                  itemSize: itemSize, into: &whole)
                add()
            }
        }
        var native = structure.dataType
        native.bigEndian = false
        return try ArrayData(shape: structure.shape, dataType: native, bytes: whole)
    }

    func notA(_ what: String, _ node: Node) -> SciError {
        SciError("\(node.path.isEmpty ? "/" : node.path) is a \(node.structureFamily), not \(what)",
                 exitCode: SciError.usageExitCode)
    }
}

/// One fetched block; a class because release builds once miscompiled task groups returning large value payloads.
final class BlockResult: Sendable {
    let block: [Int]
    let data: ArrayData
    init(block: [Int], data: ArrayData) { self.block = block; self.data = data }
}
