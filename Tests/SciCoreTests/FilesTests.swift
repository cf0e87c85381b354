import Foundation
import SciCore
import Testing
import TestSupport

@Suite("Files")
struct FilesTests {
    @Test("an atomic write appears whole on commit and not at all when discarded")
    func atomicWrite() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("out.json")
        try AtomicFile.write(Data("old".utf8), to: path)
        let file = try AtomicFile(destination: path)
        try file.write(Data("new contents".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        file.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])

        let second = try AtomicFile(destination: path)
        try second.write(Data("new contents".utf8))
        try second.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new contents")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])
    }

    @Test("a pipe or device is written through, never renamed over; a link keeps pointing at the new file")
    func specialDestinations() throws {
        let folder = try TemporaryDirectory()
        // A pipe with its reader open (as `--output /dev/stdout | less` would have): the bytes go down the pipe and
        // the pipe stays a pipe. (/dev/null itself once became a regular file this way.)
        let pipe = folder.file("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        let reader = open(pipe, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try AtomicFile.write(Data("through".utf8), to: pipe)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(reader, &buffer, buffer.count)
        #expect(count == 7 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through")
        var info = stat()
        #expect(lstat(pipe, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)

        let target = folder.file("target.txt"), link = folder.file("link.txt")
        try AtomicFile.write(Data("old".utf8), to: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try AtomicFile.write(Data("new".utf8), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }

    @Test("writes that bypass the page cache give the same file as ordinary ones, aligned or not, whole blocks or not")
    func writesBypassingTheCache() throws {
        let folder = try TemporaryDirectory()
        let block = AtomicFile.directAlignment
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * block + 64, alignment: block)
        defer { buffer.deallocate() }
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices { buffer[index] = UInt8.random(in: 0...255, using: &generator) }
        // Each case: the pieces appended in turn, as (offset into the buffer, length); the first piece of most starts
        // aligned and so goes direct, later ones start where the file's length is not a whole number of blocks, or
        // at an address that is not aligned, and go through the cache.
        let cases: [[(Int, Int)]] = [
            [(0, 0)], [(0, 1)], [(0, block - 1)], [(0, block)], [(0, block + 1)], [(0, 3 * block + 100)],
            [(0, 2 * block), (0, 2 * block)], [(0, block + 7), (0, block)], [(1, 2 * block)], [(0, 100), (block, 3 * block)],
        ]
        for (number, pieces) in cases.enumerated() {
            let path = folder.file("case\(number)")
            let file = try AtomicFile(destination: path)
            var expected = Data()
            for (offset, count) in pieces {
                let piece = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
                try file.writeBypassingCache(piece)
                expected.append(contentsOf: piece)
            }
            try file.commit(durable: false)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == expected, "case \(number): \(pieces)")
        }
    }

    @Test("a file dropped before commit leaves no temporary behind")
    func droppedWrite() throws {
        let folder = try TemporaryDirectory()
        do {
            let file = try AtomicFile(destination: folder.file("x"))
            try file.write(Data("partial".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("secret files are written 0600 and refused when others can read them")
    func secretFiles() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("token")
        try SecretFile.write(Secret("abcd-1234-secret"), to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try SecretFile.read(path).reveal() == "abcd-1234-secret")

        chmod(path, 0o644)
        #expect(throws: FileError.insecurePermissions(path, mode: 0o644)) { try SecretFile.read(path) }
        let error = SciError.from(FileError.insecurePermissions(path, mode: 0o644))
        #expect(error.hint == "run `chmod 600 \(path)`")
        #expect(!error.description.contains("abcd-1234-secret"))
    }

    @Test("secrets print redacted and are masked in any text")
    func redaction() {
        let secret = Secret("tok-\(UUID().uuidString)")
        #expect("\(secret)" == "<redacted>")
        #expect(Redactor.shared.redact("Authorization: Bearer \(secret.reveal())") == "Authorization: Bearer <redacted>")
    }

    @Test("the content cache stores verified files once, detects corruption and keeps to its size limit")
    func contentCache() throws {
        let folder = try TemporaryDirectory()
        let cache = ContentCache(root: folder.file("cache"), sizeLimit: 2500)
        var checksums: [Checksum] = []
        for index in 0..<3 {
            let path = try folder.writeFile("f\(index)", String(repeating: "\(index)", count: 1000))
            let checksum = try Checksum.xxh64(ofFileAt: path)
            checksums.append(checksum)
            try cache.store(file: path, checksum: checksum)
            // Distinct modification times make the eviction order certain.
            var times = [timeval(tv_sec: 1_000_000 + index, tv_usec: 0), timeval(tv_sec: 1_000_000 + index, tv_usec: 0)]
            utimes(cache.path(for: checksum), &times)
        }
        // Three 1000-byte files exceed 2500 bytes: the oldest went when the third arrived.
        #expect(try cache.lookup(checksums[0]) == nil)
        #expect(try cache.lookup(checksums[2]) != nil)
        #expect(cache.totalSize <= 2500)

        // A corrupt entry is found, removed, and reported as missing.
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: cache.path(for: checksums[1])))
        #expect(try cache.lookup(checksums[1]) == nil)

        // Content that does not match the claimed checksum is refused.
        let other = try folder.writeFile("g", "other")
        #expect(errorMessage { try cache.store(file: other, checksum: checksums[0]) } == "\(other) has checksum xxh64:30272ceaa6e6625a, expected xxh64:95f5869b1acf8ebd")

        try cache.clear()
        #expect(cache.entries().isEmpty)
    }
}
