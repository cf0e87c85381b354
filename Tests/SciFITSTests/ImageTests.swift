import Foundation
import SciFITS
import Testing
import TestSupport

@Suite struct ImageTests {
    /// Writes one image, reads it back as its own type, and returns the HDU's header and summary.
    func roundTrip<E: FITSPixel>(_ pixels: [E], width: Int) throws -> (FITSHeader, HDUInfo) {
        let folder = try TemporaryDirectory()
        let path = folder.file("image.fits")
        let image = FITSImage(width: width, height: pixels.count / width, pixels: pixels)
        let file = try FITSFile.create(path)
        #expect(try file.appendImage(image) == 0)
        try file.close()
        let reopened = try FITSFile(path)
        let read = try reopened.image(at: 0, as: E.self)
        #expect(read.width == image.width && read.height == image.height)
        #expect(read.pixels.elementsEqual(image.pixels) { a, b in a == b || (a != a && b != b) }, "\(E.self) pixels differ")
        return (try reopened.header(at: 0), try reopened.info(at: 0))
    }

    @Test func uint8() throws {
        let (header, info) = try roundTrip([0, 1, 127, 128, 254, 255] as [UInt8], width: 3)
        #expect(header["BITPIX"] == 8 && !header.contains("BZERO"))
        #expect(info.pixelType == .uint8 && info.dimensions == [3, 2])
    }

    @Test func int8() throws {
        let (header, info) = try roundTrip([-128, -1, 0, 1, 126, 127] as [Int8], width: 2)
        #expect(header["BITPIX"] == 8 && header["BZERO"] == -128)
        #expect(info.pixelType == .int8)
    }

    @Test func int16() throws {
        let (header, info) = try roundTrip([Int16.min, -1, 0, 1, 12345, Int16.max], width: 6)
        #expect(header["BITPIX"] == 16 && !header.contains("BZERO"))
        #expect(info.pixelType == .int16 && info.dimensions == [6, 1])
    }

    @Test func uint16IsStoredAsInt16WithBZERO() throws {
        let (header, info) = try roundTrip([0, 1, 32767, 32768, 40000, UInt16.max] as [UInt16], width: 2)
        #expect(header["BITPIX"] == 16)
        #expect(header["BZERO"]?.doubleValue == 32768)
        #expect(header["BSCALE"]?.doubleValue == 1)
        #expect(info.pixelType == .uint16)
    }

    @Test func int32() throws {
        let (header, info) = try roundTrip([Int32.min, -7, 0, 7, 1 << 30, Int32.max], width: 3)
        #expect(header["BITPIX"] == 32)
        #expect(info.pixelType == .int32)
    }

    @Test func uint32() throws {
        let (header, info) = try roundTrip([0, 1, UInt32(Int32.max), UInt32.max], width: 2)
        #expect(header["BITPIX"] == 32 && header["BZERO"]?.doubleValue == 2_147_483_648)
        #expect(info.pixelType == .uint32)
    }

    @Test func int64() throws {
        let (header, info) = try roundTrip([Int64.min, -1, 0, Int64.max], width: 4)
        #expect(header["BITPIX"] == 64)
        #expect(info.pixelType == .int64)
    }

    @Test func float32() throws {
        let (header, info) = try roundTrip([-1.5, 0, .pi, .nan, .infinity, -.greatestFiniteMagnitude] as [Float], width: 3)
        #expect(header["BITPIX"] == -32)
        #expect(info.pixelType == .float32)
    }

    @Test func float64() throws {
        let (header, info) = try roundTrip([-1e300, 0.1, .pi, .nan, -.infinity, .leastNonzeroMagnitude], width: 2)
        #expect(header["BITPIX"] == -64)
        #expect(info.pixelType == .float64)
    }

    @Test func rowsAreXFastest() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("layout.fits")
        var image = FITSImage<Int32>(width: 3, height: 2)
        for y in 0..<2 { for x in 0..<3 { image[x: x, y: y] = Int32(10 * y + x) } }
        #expect(image.pixels == [0, 1, 2, 10, 11, 12])
        let file = try FITSFile.create(path)
        try file.appendImage(image)
        try file.close()
        let reopened = try FITSFile(path)
        let header = try reopened.header(at: 0)
        #expect(header["NAXIS1"] == 3 && header["NAXIS2"] == 2)
        let read = try reopened.image(at: 0, as: Int32.self)
        #expect(read[x: 2, y: 1] == 12)
        // The bytes in the file: big-endian int32 after the 2880-byte header, x fastest.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let first = bytes[2880..<2880 + 24].withUnsafeBytes { raw in (0..<6).map { Int32(bigEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) } }
        #expect(first == [0, 1, 2, 10, 11, 12])
    }

    @Test func userScalingStoresIntegersAndReadsPhysicalValues() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("scaled.fits")
        let physical = FITSImage(width: 4, height: 2, pixels: [1000, 1000.25, 999.75, 0, 2000, -3000.5, 1234.5, 1000.0] as [Double])
        let file = try FITSFile.create(path)
        try file.appendImage(physical, storedAs: .int16, scale: 0.25, zero: 1000, header: [HeaderCard("BUNIT", "adu")])
        try file.close()

        let reopened = try FITSFile(path)
        let header = try reopened.header(at: 0)
        #expect(header["BITPIX"] == 16)
        #expect(header["BSCALE"] == 0.25 && header["BZERO"] == 1000.0)
        #expect(header["BUNIT"] == "adu")
        #expect(try reopened.info(at: 0).pixelType == .float32, "scaled integers read as reals")
        #expect(try reopened.image(at: 0) == physical)
        #expect(try reopened.image(at: 0, as: Float.self) == physical.map { Float($0) })
        // The stored integers are (physical − BZERO) / BSCALE.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let stored = bytes[2880..<2884].withUnsafeBytes { raw in (0..<2).map { Int16(bigEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) } }
        #expect(stored == [0, 1])
    }

    @Test func valuesThatDoNotFitTheStoredTypeAreRefused() throws {
        let folder = try TemporaryDirectory()
        let file = try FITSFile.create(folder.file("overflow.fits"))
        let error = #expect(throws: FITSError.self) {
            try file.appendImage(FITSImage(width: 1, height: 1, pixels: [1e9]), storedAs: .int16, scale: 1, zero: 0.5)
        }
        #expect(error?.reason == .valueOutOfRange)
        let nonNative = #expect(throws: FITSError.self) {
            try file.appendImage(FITSImage(width: 1, height: 1, pixels: [1.0]), storedAs: .uint16, scale: 2, zero: 0)
        }
        guard case .invalidHeader? = nonNative?.reason else { Issue.record("uint16 with scaling accepted"); return }
    }

    @Test func anyImageReadsAsDoubleOrFloat() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("convert.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 2, height: 2, pixels: [-2, -1, 0, 40000] as [Int32]))
        try file.appendImage(FITSImage(width: 2, height: 1, pixels: [7, 65535] as [UInt16]))
        try file.close()

        let reopened = try FITSFile(path)
        #expect(try reopened.image(at: 0).pixels == [-2, -1, 0, 40000])
        #expect(try reopened.image(at: 0, as: Float.self).pixels == [-2, -1, 0, 40000])
        #expect(try reopened.image(at: 1).pixels == [7, 65535])
        let error = #expect(throws: FITSError.self) { try reopened.image(at: 0, as: UInt8.self) }
        #expect(error?.reason == .valueOutOfRange)
        #expect(error?.message.contains("cannot read the image in HDU 0 of \(path)") == true)
    }

    @Test func blankIntegerPixelsReadAsNaN() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("blank.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 3, height: 1, pixels: [5, -1, 7] as [Int16]), header: [HeaderCard("BLANK", -1)])
        try file.close()
        let reopened = try FITSFile(path)
        let physical = try reopened.image()
        #expect(physical.pixels[0] == 5 && physical.pixels[1].isNaN && physical.pixels[2] == 7)
        #expect(try reopened.image(at: 0, as: Int16.self).pixels == [5, -1, 7], "integers keep the stored value")
    }

    @Test func headerOnlyHDUsHaveNoImage() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("empty.fits")
        let file = try FITSFile.create(path)
        try file.appendHeaderOnly()
        try file.close()
        let error = #expect(throws: FITSError.self) { try FITSFile(path).image(at: 0) }
        #expect(error?.reason == .noImageData)
    }
}
