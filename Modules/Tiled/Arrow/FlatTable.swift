/// One table of a flatbuffer being read: as much of the format as Arrow's IPC metadata needs (scalars, tables,
/// strings, vectors of tables and of structs). The bytes come from a server, so every offset is checked against the
/// buffer's end and a bad one is an error, never a read out of bounds.
struct FlatTable {
    /// Why a flatbuffer could not be read.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    let bytes: [UInt8]
    /// Where the table starts.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    /// The root table of a whole flatbuffer.
    init(root bytes: [UInt8]) throws {
        try self.init(bytes, at: Int(try Self.read(UInt32.self, in: bytes, at: 0)))
    }

    private init(_ bytes: [UInt8], at position: Int) throws {
        self.bytes = bytes
        self.position = position
        vtable = position - Int(try Self.read(Int32.self, in: bytes, at: position))
        vtableSize = Int(try Self.read(UInt16.self, in: bytes, at: vtable))
        guard vtableSize >= 4, vtable + vtableSize <= bytes.count else { throw Malformed(description: "a vtable out of bounds") }
    }

    /// Where field `id` lies, or nil when the table leaves it out (its default applies).
    private func field(_ id: Int) throws -> Int? {
        let slot = 4 + 2 * id
        guard slot + 2 <= vtableSize else { return nil }
        let offset = Int(try Self.read(UInt16.self, in: bytes, at: vtable + slot))
        return offset == 0 ? nil : position + offset
    }

    /// The scalar field `id`, or `default`.
    func scalar<T: FixedWidthInteger>(_ id: Int, default value: T = 0) throws -> T {
        guard let at = try field(id) else { return value }
        return try Self.read(T.self, in: bytes, at: at)
    }

    /// The boolean field `id`, or `default`.
    func bool(_ id: Int, default value: Bool = false) throws -> Bool {
        try scalar(id, default: UInt8(value ? 1 : 0)) != 0
    }

    /// The table field `id`, or nil.
    func table(_ id: Int) throws -> FlatTable? {
        guard let at = try target(id) else { return nil }
        return try FlatTable(bytes, at: at)
    }

    /// The string field `id`, or nil.
    func string(_ id: Int) throws -> String? {
        guard let (start, count) = try vector(id, elementSize: 1) else { return nil }
        return String(decoding: bytes[start..<start + count], as: UTF8.self)
    }

    /// The tables of the vector field `id` (empty when absent).
    func tables(_ id: Int) throws -> [FlatTable] {
        guard let (start, count) = try vector(id, elementSize: 4) else { return [] }
        return try (0..<count).map { index in
            let slot = start + 4 * index
            return try FlatTable(bytes, at: slot + Int(try Self.read(UInt32.self, in: bytes, at: slot)))
        }
    }

    /// Where each struct of the vector field `id` starts, each `size` bytes (empty when absent).
    func structs(_ id: Int, size: Int) throws -> [Int] {
        guard let (start, count) = try vector(id, elementSize: size) else { return [] }
        return (0..<count).map { start + size * $0 }
    }

    /// A scalar inside a struct that starts at `at`.
    func read<T: FixedWidthInteger>(_ type: T.Type, at: Int) throws -> T {
        try Self.read(type, in: bytes, at: at)
    }

    private func target(_ id: Int) throws -> Int? {
        guard let at = try field(id) else { return nil }
        return at + Int(try Self.read(UInt32.self, in: bytes, at: at))
    }

    /// The first element and the count of the vector field `id`, checked to fit in the buffer.
    private func vector(_ id: Int, elementSize: Int) throws -> (Int, Int)? {
        guard let at = try target(id) else { return nil }
        let count = Int(try Self.read(UInt32.self, in: bytes, at: at))
        guard count <= (bytes.count - at - 4) / elementSize else { throw Malformed(description: "a vector out of bounds") }
        return (at + 4, count)
    }

    private static func read<T: FixedWidthInteger>(_ type: T.Type, in bytes: [UInt8], at: Int) throws -> T {
        guard at >= 0, at <= bytes.count - MemoryLayout<T>.size else { throw Malformed(description: "an offset out of bounds") }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
    }
}
