import Foundation

/// Random numbers from the kernel, read 4 KiB at a time from /dev/urandom: an ingest makes a UUIDv7 per file, and the
/// standard generator's system call per number was two calls per file.
struct BufferedRandom: RandomNumberGenerator {
    private var buffer: [UInt64] = []
    private var position = 0

    mutating func next() -> UInt64 {
        if position == buffer.count {
            buffer = Self.fill()
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    private static func fill() -> [UInt64] {
        var words = [UInt64](repeating: 0, count: 512)
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        let filled = descriptor >= 0 && words.withUnsafeMutableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = read(descriptor, bytes.baseAddress! + done, bytes.count - done)
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        if descriptor >= 0 { close(descriptor) }
        if !filled {
            var system = SystemRandomNumberGenerator()
            for index in words.indices { words[index] = system.next() }
        }
        return words
    }
}
