/// A flatbuffer written front to back, as much of the format as Arrow's IPC metadata needs: tables of scalars and
/// offsets, strings, vectors of tables and of structs. Each table's vtable is written just before it, and whatever a
/// table points at is written after it (flatbuffer offsets point forward), the offsets patched in as it lands.
struct FlatBuffer {
    /// A value that a table field points at.
    indirect enum Object {
        /// A table: its fields by id, nil for absent ones.
        case table([Field?])
        case string(String)
        case tables([Object])
        /// Structs laid out already (little-endian), each `size` bytes aligned to 8.
        case structs([UInt8], count: Int)
    }

    /// One field of a table.
    enum Field {
        case u8(UInt8), i16(Int16), i32(Int32), i64(Int64), bool(Bool), object(Object)

        var size: Int {
            switch self {
            case .u8, .bool: return 1
            case .i16: return 2
            case .i32, .object: return 4
            case .i64: return 8
            }
        }
    }

    private(set) var bytes: [UInt8] = []

    /// The bytes of a buffer whose root is `root` (a table), padded to a multiple of 8.
    static func encode(_ root: Object) -> [UInt8] {
        var buffer = FlatBuffer()
        buffer.put(UInt32(0))
        buffer.write(root, referencedFrom: 0)
        buffer.align(8)
        return buffer.bytes
    }

    private mutating func write(_ object: Object, referencedFrom slot: Int) {
        let target: Int
        switch object {
        case .table(let fields): target = writeTable(fields)
        case .string(let text):
            align(4)
            target = bytes.count
            put(UInt32(text.utf8.count))
            bytes += text.utf8
            bytes.append(0)
        case .tables(let tables):
            align(4)
            target = bytes.count
            put(UInt32(tables.count))
            let slots = tables.indices.map { _ -> Int in
                defer { put(UInt32(0)) }
                return bytes.count
            }
            for (table, place) in zip(tables, slots) { write(table, referencedFrom: place) }
        case .structs(let data, let count):
            // The elements must start on 8 bytes; the length comes just before them.
            while (bytes.count + 4) % 8 != 0 { bytes.append(0) }
            target = bytes.count
            put(UInt32(count))
            bytes += data
        }
        patch(slot, UInt32(target - slot))
    }

    /// Writes a vtable and its table; returns where the table starts.
    private mutating func writeTable(_ fields: [Field?]) -> Int {
        var offsets = [Int](repeating: 0, count: fields.count)
        var end = 4
        var alignment = 4
        for (index, field) in fields.enumerated() {
            guard let field else { continue }
            end = (end + field.size - 1) / field.size * field.size
            offsets[index] = end
            end += field.size
            alignment = max(alignment, field.size)
        }
        let inlineSize = (end + alignment - 1) / alignment * alignment
        align(2)
        let vtable = bytes.count
        put(UInt16(4 + 2 * fields.count))
        put(UInt16(inlineSize))
        for offset in offsets { put(UInt16(offset)) }
        align(alignment)
        let table = bytes.count
        bytes += [UInt8](repeating: 0, count: inlineSize)
        patch(table, UInt32(bitPattern: Int32(table - vtable)))
        var pointers: [(slot: Int, object: Object)] = []
        for (index, field) in fields.enumerated() {
            guard let field else { continue }
            let at = table + offsets[index]
            switch field {
            case .u8(let value): bytes[at] = value
            case .bool(let value): bytes[at] = value ? 1 : 0
            case .i16(let value): patch(at, UInt16(bitPattern: value))
            case .i32(let value): patch(at, UInt32(bitPattern: value))
            case .i64(let value): patch(at, UInt64(bitPattern: value))
            case .object(let object): pointers.append((at, object))
            }
        }
        for pointer in pointers { write(pointer.object, referencedFrom: pointer.slot) }
        return table
    }

    private mutating func align(_ size: Int) {
        while bytes.count % size != 0 { bytes.append(0) }
    }

    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private mutating func patch<T: FixedWidthInteger>(_ at: Int, _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[at + index] = byte }
        }
    }
}
