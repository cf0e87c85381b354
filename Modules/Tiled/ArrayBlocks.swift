import Foundation

/// Copies blocks into a whole row-major array.
enum ArrayBlocks {
    /// Places the row-major `bytes` of block `block` at its place in `whole`, one contiguous run of its last dimension at a time.
    static func place(_ bytes: Data, block: [Int], chunks: [[Int]], shape: [Int], itemSize: Int, into whole: inout Data) {
        let rank = shape.count
        guard rank > 0 else { whole = bytes; return }
        let origin = (0..<rank).map { d in chunks[d][..<block[d]].reduce(0, +) }
        let blockShape = (0..<rank).map { d in chunks[d][block[d]] }
        guard !blockShape.contains(0) else { return }
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        let run = blockShape[rank - 1] * itemSize
        let rows = blockShape.dropLast().reduce(1, *)
        var position = [Int](repeating: 0, count: max(rank - 1, 0))
        whole.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { source in
                for row in 0..<rows {
                    var offset = origin[rank - 1]
                    for d in 0..<(rank - 1) { offset += (origin[d] + position[d]) * strides[d] }
                    (out.baseAddress! + offset * itemSize).copyMemory(from: source.baseAddress! + row * run, byteCount: run)
                    var d = rank - 2
                    while d >= 0 {
                        position[d] += 1
                        if position[d] < blockShape[d] { break }
                        position[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
}
