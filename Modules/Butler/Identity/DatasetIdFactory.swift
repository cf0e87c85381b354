import Crypto
public import Foundation

/// Makes dataset UUIDs exactly as `lsst.daf.butler.DatasetIdFactory` does, so the same inputs give the same ids.
public enum DatasetIdFactory {
    /// daf_butler's namespace for name-based ids, `uuid5(NAMESPACE_DNS, "lsst.org")`.
    public static let namespace = UUID(uuidString: "840b31d9-05cd-5161-b2c8-00d32b280d0f")!

    /// The id of a dataset of `datasetType` with `dataId` (required dimensions only) in `run`.
    public static func makeId(
        datasetType: String, dataId: DataId, run: String, mode: DatasetIdGeneration, now: Date = Date()
    ) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return makeId(datasetType: datasetType, dataId: dataId, run: run, mode: mode, now: now, using: &generator)
    }

    /// `makeId` drawing the random bits of `unique` ids from `generator`.
    static func makeId(
        datasetType: String, dataId: DataId, run: String, mode: DatasetIdGeneration, now: Date = Date(),
        using generator: inout some RandomNumberGenerator
    ) -> UUID {
        switch mode {
        case .unique: return uuid7(now: now, using: &generator)
        case .dataIdType: return uuid5(name: name(datasetType: datasetType, run: nil, dataId: dataId))
        case .dataIdTypeRun: return uuid5(name: name(datasetType: datasetType, run: run, dataId: dataId))
        }
    }

    /// The string daf_butler hashes: `dataset_type=T[,run=R],<dim>=<value>...` with dimensions sorted by name.
    static func name(datasetType: String, run: String?, dataId: DataId) -> String {
        var items = [("dataset_type", datasetType)]
        if let run { items.append(("run", run)) }
        items += dataId.values.keys.sorted().map { ($0, dataId.values[$0]!.description) }
        return items.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    /// RFC 4122 version 5 UUID, as Python's `uuid.uuid5(namespace, name)`.
    public static func uuid5(namespace: UUID = DatasetIdFactory.namespace, name: String) -> UUID {
        let space = namespace.uuid
        let prefix = withUnsafeBytes(of: space) { Array($0) }
        // SHA-1 only because RFC 4122 names it for version 5, never for security.
        var digest = Array(Insecure.SHA1.hash(data: prefix + Array(name.utf8)))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return uuid(from: digest)
    }

    /// A UUIDv7 as daf_butler's `generate_uuidv7`: random bytes whose first six are the Unix time in milliseconds.
    public static func uuid7(now: Date = Date()) -> UUID {
        // The system generator (getrandom), not `UUID()`, which opens /dev/urandom for every id on Linux.
        var generator = SystemRandomNumberGenerator()
        return uuid7(now: now, using: &generator)
    }

    /// A UUIDv7 with random bits from `generator`.
    static func uuid7(now: Date = Date(), using generator: inout some RandomNumberGenerator) -> UUID {
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> UInt64(8 * (5 - index))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        // The RFC 9562 variant, which daf_butler's ids carry (their random part is a uuid4's).
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return uuid(from: bytes)
    }

    private static func uuid(from bytes: [UInt8]) -> UUID {
        UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension UUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hex without dashes, as daf_butler stores ids in SQLite (`CHAR(32)`).
    var registryHex: String { hex(dashed: false) }

    /// Lowercase hex with dashes, as daf_butler prints ids (`uuidString.lowercased()` without its formatting cost).
    public var lowercasedString: String { hex(dashed: true) }

    /// Byte by byte: queries convert every row's id, and `uuidString` plus string edits cost more than the query.
    private func hex(dashed: Bool) -> String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: dashed ? 36 : 32) { buffer in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if dashed, index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = Self.hexDigits[Int(byte >> 4)]
                    buffer[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Reads the registry's 32-hex-digit form (or the usual dashed form).
    init?(registryHex text: String) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        var high: UInt8?
        for char in text.utf8 where char != UInt8(ascii: "-") {
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard bytes.count == 16, high == nil else { return nil }
        self.init(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
