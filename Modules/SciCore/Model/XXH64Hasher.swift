internal import CXXHash

/// A streaming XXH64 hasher (seed 0): feed it blocks as they arrive, read the checksum at the end.
public struct XXH64Hasher: ~Copyable {
    private let state: OpaquePointer

    /// A hasher over no bytes yet.
    public init() {
        state = XXH64_createState()
        XXH64_reset(state, 0)
    }

    deinit { XXH64_freeState(state) }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        XXH64_update(state, base, bytes.count)
    }

    /// The digest of every byte added so far; more bytes may still be added afterwards.
    public var digest: UInt64 { XXH64_digest(state) }

    /// The digest as an `xxh64:` checksum.
    public var checksum: Checksum { Checksum(xxh64: digest) }
}
