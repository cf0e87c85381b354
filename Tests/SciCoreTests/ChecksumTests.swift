import Foundation
import SciCore
import Testing
import TestSupport

@Suite("Checksums")
struct ChecksumTests {
    // Vectors as Python's `xxhash.xxh64(data).hexdigest()` prints them, as HIPPO stores them.
    @Test("known XXH64 vectors, zero-padded like HIPPO's", arguments: [
        ("", "xxh64:ef46db3751d8e999"), ("abc", "xxh64:44bc2cf5ad770999"), ("test_data", "xxh64:085de0518cede92e"),
    ])
    func vectors(input: String, expected: String) {
        #expect(Checksum.xxh64(of: Array(input.utf8)).description == expected)
    }

    /// Three blocks and a bit of pattern bytes in a file: the bytes and where they are.
    static func patternFile(in folder: TemporaryDirectory) throws -> (path: String, bytes: Data) {
        var bytes = Data()
        PatternData.forEachSlice(offset: 7, count: 3 * Int64(FileBlocks.blockSize) + 12345) { bytes.append(contentsOf: $0) }
        let path = folder.file("blob")
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    @Test("a file hashed in blocks equals the same bytes hashed at once")
    func fileMatchesMemory() throws {
        let folder = try TemporaryDirectory()
        let (path, bytes) = try Self.patternFile(in: folder)
        let fromFile = try Checksum.xxh64(ofFileAt: path)
        #expect(fromFile == Checksum.xxh64(of: bytes))
    }

    @Test("xxh64sum, an independent implementation, agrees", .enabled(if: ProgramsOnPath.xxh64sum, "needs xxh64sum (Debian's xxhash)"))
    func xxh64sumAgrees() throws {
        let folder = try TemporaryDirectory()
        let path = try Self.patternFile(in: folder).path
        let fromFile = try Checksum.xxh64(ofFileAt: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ProgramsOnPath.find("xxh64sum")))
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.hasPrefix(fromFile.hex + " "))
    }

    @Test("checksums parse, print and round-trip through JSON")
    func parsing() throws {
        let checksum = try #require(Checksum(parsing: "xxh64:085DE0518CEDE92E"))
        #expect(checksum.description == "xxh64:085de0518cede92e")
        #expect(Checksum(parsing: "085de0518cede92e") == nil)
        #expect(Checksum(parsing: "xxh64:not-hex") == nil)
        let json = try JSONEncoder().encode([checksum])
        #expect(String(decoding: json, as: UTF8.self) == "[\"xxh64:085de0518cede92e\"]")
        #expect(try JSONDecoder().decode([Checksum].self, from: json) == [checksum])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Checksum].self, from: Data("[\"nope\"]".utf8)) }
    }

    @Test("a missing file is a clear error naming it")
    func missingFile() {
        #expect(throws: FileError.cannotOpen("/no/such/file", errno: ENOENT)) { try Checksum.xxh64(ofFileAt: "/no/such/file") }
        #expect(SciError.from(FileError.cannotOpen("/no/such/file", errno: ENOENT)).message == "cannot open /no/such/file: No such file or directory")
    }
}
