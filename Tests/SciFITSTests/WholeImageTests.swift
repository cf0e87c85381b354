import Foundation
import SciFITS
import Testing
import TestSupport

/// The one-read and one-write paths for float images give what cfitsio's own paths give, byte for byte.
@Suite struct WholeImageTests {
    /// Pixels with the awkward values: signed zeros, infinities, NaN, subnormals, and numbers float32 rounds.
    static let doubles: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, Double.leastNormalMagnitude / 16, 0.1, 3.141592653589793, 1e300, -2.5e-40]

    static func header() -> FITSHeader {
        var header = FITSHeader()
        header["OBJECT"] = "M31"
        header["EXPTIME"] = 30.5
        header.addComment("Dark current subtracted")
        return header
    }

    /// The file cfitsio writes with create, appendImage and close.
    func cfitsioFile<E: FITSPixel>(_ image: FITSImage<E>, storedAs stored: FITSPixelType, at path: String) throws {
        let file = try FITSFile.create(path)
        try file.appendImage(image, storedAs: stored, scale: 1, zero: 0, header: Self.header())
        try file.close()
    }

    func sameBits<E: FITSPixel>(_ a: [E], _ b: [E]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
    }

    @Test(arguments: [FITSPixelType.float32, .float64])
    func writesTheBytesCfitsioWrites(stored: FITSPixelType) throws {
        let folder = try TemporaryDirectory()
        // 3 × 1000 pixels: the data unit spans blocks and the pieces converted at a time do not divide it.
        let doubles = (0..<3000).map { Self.doubles[$0 % Self.doubles.count] * Double($0 + 1) }
        let image = FITSImage(width: 3, height: 1000, pixels: doubles)
        try cfitsioFile(image, storedAs: stored, at: folder.file("cfitsio.fits"))
        try FITSFile.writeImage(image, storedAs: stored, header: Self.header(), to: folder.file("whole.fits"))
        let expected = try Data(contentsOf: URL(fileURLWithPath: folder.file("cfitsio.fits")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("whole.fits"))) == expected)
        #expect(expected.count % 2880 == 0)

        let floats = FITSImage(width: 3, height: 1000, pixels: doubles.map(Float.init))
        try cfitsioFile(floats, storedAs: stored, at: folder.file("cfitsio32.fits"))
        try FITSFile.writeImage(floats, storedAs: stored, header: Self.header(), to: folder.file("whole32.fits"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("whole32.fits")))
            == Data(contentsOf: URL(fileURLWithPath: folder.file("cfitsio32.fits"))))
    }

    /// A pipeline's 1024² float32 image: whole 4 KiB blocks go to the disk directly, the last part block through the
    /// page cache; the file is still cfitsio's, byte for byte.
    @Test func writesALargeImageAsCfitsioDoes() throws {
        let folder = try TemporaryDirectory()
        let pixels = (0..<(1024 * 1024)).map { Float($0 % 9973) * 0.37 - 1000 }
        let image = FITSImage(width: 1024, height: 1024, pixels: pixels)
        try cfitsioFile(image, storedAs: .float32, at: folder.file("cfitsio.fits"))
        try FITSFile.writeImage(image, storedAs: .float32, header: Self.header(), to: folder.file("whole.fits"), durable: false)
        let written = try Data(contentsOf: URL(fileURLWithPath: folder.file("whole.fits")))
        #expect(written.count == 4_199_040)
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: folder.file("cfitsio.fits")))))
        #expect(sameBits(try FITSFile(folder.file("whole.fits")).image(at: 0, as: Float.self).pixels, pixels))
    }

    @Test func anImageLargerThanOneBufferIsWrittenInPiecesAsCfitsioDoes() throws {
        // Up to FITSImageFile.largest the file is made in memory at once; past it, written a buffer at a time.
        let folder = try TemporaryDirectory()
        let (width, height) = (4200, 4000)
        let pixels = (0..<(width * height)).map { Float($0 % 8191) * 0.5 - 7 }
        let image = FITSImage(width: width, height: height, pixels: pixels)
        #expect(try FITSFile.imageFile(image, storedAs: .float32, path: "large.fits") == nil)
        #expect(try FITSFile.imageFile(FITSImage(width: 2, height: 2, pixels: [Int16](repeating: 1, count: 4)), path: "int.fits") == nil)
        try cfitsioFile(image, storedAs: .float32, at: folder.file("cfitsio.fits"))
        try FITSFile.writeImage(image, storedAs: .float32, header: Self.header(), to: folder.file("pieces.fits"), durable: false)
        let written = try Data(contentsOf: URL(fileURLWithPath: folder.file("pieces.fits")))
        #expect(written.count > FITSImageFile.largest)
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: folder.file("cfitsio.fits")))))
        // A file made in memory writes the same bytes as writeImage, and keeps an existing file unless asked.
        let small = FITSImage(width: 300, height: 200, pixels: (0..<60_000).map { Double($0) / 3 })
        let file = try #require(try FITSFile.imageFile(small, storedAs: .float64, header: Self.header(), path: "small.fits"))
        try file.write(to: folder.file("made.fits"), durable: false)
        try FITSFile.writeImage(small, storedAs: .float64, header: Self.header(), to: folder.file("direct.fits"), durable: false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("made.fits"))) == Data(contentsOf: URL(fileURLWithPath: folder.file("direct.fits"))))
        #expect(file.count == (try Data(contentsOf: URL(fileURLWithPath: folder.file("made.fits")))).count)
        #expect(throws: FITSError.self) { try file.write(to: folder.file("direct.fits")) }
    }

    @Test func readsWhatCfitsioReads() throws {
        let folder = try TemporaryDirectory()
        let doubles = (0..<5000).map { Self.doubles[$0 % Self.doubles.count] / Double($0 + 1) }
        for stored in [FITSPixelType.float32, .float64] {
            let path = folder.file("\(stored).fits")
            try cfitsioFile(FITSImage(width: 50, height: 100, pixels: doubles), storedAs: stored, at: path)
            // Read-only files take the one-read path; a file open for writing goes through cfitsio (a copy: cfitsio
            // shares one handle among a file's opens).
            try FileManager.default.copyItem(atPath: path, toPath: path + ".copy")
            let fast = try FITSFile(path)
            let slow = try FITSFile(path + ".copy", mode: .readWrite)
            #expect(sameBits(try fast.image(at: 0).pixels, try slow.image(at: 0).pixels), "\(stored) into Double")
            #expect(sameBits(try fast.image(at: 0, as: Float.self).pixels, try slow.image(at: 0, as: Float.self).pixels), "\(stored) into Float")
            #expect(try fast.image(at: 0).width == 50)
            try slow.close()
        }
    }

    @Test func scaledFloatImagesStillApplyTheirScale() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("scaled.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 2, height: 2, pixels: [1, 2, 3, 4] as [Double]), storedAs: .float32, scale: 2, zero: 10)
        try file.close()
        #expect(try FITSFile(path).image(at: 0).pixels == [1, 2, 3, 4])
    }

    @Test func aCutShortImageIsReportedAsTruncated() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("cut.fits")
        try FITSFile.writeImage(FITSImage(width: 100, height: 100, pixels: [Float](repeating: 1, count: 10_000)), to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(2880 + 20_000).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try FITSFile(path).image(at: 0, as: Float.self)
        } throws: { error in
            (error as? FITSError)?.reason == .truncated
        }
    }

    @Test func refusesToReplaceAFileUnlessAsked() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("kept.fits")
        let image = FITSImage(width: 1, height: 1, pixels: [1.0])
        try FITSFile.writeImage(image, to: path)
        #expect(throws: FITSError.self) { try FITSFile.writeImage(image, to: path) }
        try FITSFile.writeImage(FITSImage(width: 1, height: 1, pixels: [2.0]), to: path, overwrite: true)
        #expect(try FITSFile(path).image(at: 0).pixels == [2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["kept.fits"])
    }

    @Test func otherTypesGoThroughCfitsio() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("int.fits")
        try FITSFile.writeImage(FITSImage(width: 2, height: 1, pixels: [7, 65535] as [UInt16]), header: Self.header(), to: path)
        let file = try FITSFile(path)
        #expect(try file.image(at: 0, as: UInt16.self).pixels == [7, 65535])
        #expect(try file.header(at: 0)["OBJECT"] == "M31")
    }
}
