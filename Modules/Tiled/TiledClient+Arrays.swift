import Foundation
import SciCore

extension TiledClient {
    /// Reads an array whole, or the part `slice` selects (numpy syntax such as `0:2,::2` or `3,:`), as binary.
    public func readArray(_ path: String, slice: String? = nil) async throws -> ArrayData {
        let node = try await node(path)
        guard let structure = node.arrayStructure else { throw notA("an array", node) }
        let shape = try slice.map { try SliceExpression.shape(of: $0, in: structure.shape) } ?? structure.shape
        // Large arrays in several chunks come faster as blocks fetched side by side than as one long body.
        if slice == nil, structure.chunks.reduce(1, { $0 * $1.count }) > 1 {
            return try await readBlocks(path, structure: structure)
        }
        let items = slice.map { [URLQueryItem(name: "slice", value: $0)] } ?? []
        let body = try await data("array/full", path, items: items, accept: "application/octet-stream")
        return try ArrayData(shape: shape, dataType: structure.dataType, bytes: body)
    }

    /// Reads one block of an array: `block` has one chunk index per dimension.
    public func readBlock(_ path: String, block: [Int]) async throws -> ArrayData {
        let node = try await node(path)
        guard let structure = node.arrayStructure else { throw notA("an array", node) }
        return try await readBlock(path, structure: structure, block: block)
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
        let body = try await data("array/block", path, items: [URLQueryItem(name: "block", value: block.map(String.init).joined(separator: ","))],
                                  accept: "application/octet-stream")
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
