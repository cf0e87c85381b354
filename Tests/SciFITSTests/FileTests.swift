import Foundation
import SciCore
import SciFITS
import Testing
import TestSupport

@Suite struct FileTests {
    @Test func multipleHDUsAreListedAndReadByIndex() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("multi.fits")
        let file = try FITSFile.create(path)
        #expect(try file.hduCount() == 0)
        #expect(try file.appendHeaderOnly([HeaderCard("OBJECT", "NGC 1275")]) == 0)
        #expect(try file.appendImage(FITSImage(width: 3, height: 2, repeating: Float(1.5)), header: [HeaderCard("EXTNAME", "SCI")]) == 1)
        #expect(try file.appendImage(FITSImage(width: 3, height: 2, repeating: UInt8(3)), header: [HeaderCard("EXTNAME", "DQ")]) == 2)
        #expect(try file.appendImage(FITSImage(width: 4, height: 1, repeating: 0.5), header: [HeaderCard("EXTNAME", "ERR")]) == 3)
        try file.close()

        let reopened = try FITSFile(path)
        let hdus = try reopened.hdus()
        #expect(hdus.map(\.index) == [0, 1, 2, 3])
        #expect(hdus.map(\.kind) == [.image, .image, .image, .image])
        #expect(hdus.map(\.name) == [nil, "SCI", "DQ", "ERR"])
        #expect(hdus.map(\.dimensions) == [[], [3, 2], [3, 2], [4, 1]])
        #expect(hdus.map(\.pixelType) == [nil, .float32, .uint8, .float64])
        #expect(try reopened.header(at: 0)["OBJECT"] == "NGC 1275")
        #expect(try reopened.header(at: 2)["XTENSION"] == "IMAGE")
        #expect(try reopened.image(at: 2, as: UInt8.self).pixels == Array(repeating: 3, count: 6))
        #expect(try reopened.image(at: 1, as: Float.self)[x: 2, y: 1] == 1.5)
        #expect(try reopened.image(at: 3).pixels == [0.5, 0.5, 0.5, 0.5])

        let error = #expect(throws: FITSError.self) { try reopened.header(at: 4) }
        #expect(error?.reason == .noSuchHDU(index: 4, count: 4))
        #expect(error?.message == "cannot read the header of HDU 4 in \(path): there is no HDU 4; the file has 4 (numbered from 0)")
    }

    @Test func appendingToAnExistingFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("grow.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 2, height: 2, repeating: Int16(1)))
        try file.close()

        let again = try FITSFile(path, mode: .readWrite)
        #expect(try again.appendImage(FITSImage(width: 1, height: 1, repeating: Int16(2))) == 1)
        try again.close()
        let reopened = try FITSFile(path)
        #expect(try reopened.hduCount() == 2)
        #expect(try reopened.image(at: 1, as: Int16.self).pixels == [2])
    }

    @Test func newFilesAppearOnlyWhenClosed() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("atomic.fits")
        do {
            let file = try FITSFile.create(path)
            try file.appendImage(FITSImage(width: 2, height: 2, repeating: 1.0))
            #expect(!FileManager.default.fileExists(atPath: path), "nothing at the destination before close()")
            #expect(try folder.contents().count == 1, "only the temporary file")
            // Released without close(): the write is abandoned.
        }
        #expect(try folder.contents() == [])

        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 2, height: 2, repeating: 1.0))
        try file.close()
        try file.close()
        #expect(try folder.contents() == ["atomic.fits"])
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 2 * 2880)

        let closed = #expect(throws: FITSError.self) { try file.header(at: 0) }
        #expect(closed?.reason == .closed)
    }

    @Test func existingFilesAreReplacedOnlyWhenAsked() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("keep.fits")
        let first = try FITSFile.create(path)
        try first.appendHeaderOnly([HeaderCard("VERSION", 1)])
        try first.close()

        let error = #expect(throws: FITSError.self) { try FITSFile.create(path) }
        #expect(error?.reason == .alreadyExists)
        #expect(SciError.from(error!).description == "cannot create \(path): the file already exists (remove it first, or ask for it to be overwritten)")

        let second = try FITSFile.create(path, overwrite: true)
        try second.appendHeaderOnly([HeaderCard("VERSION", 2)])
        #expect(try FITSFile(path).header()["VERSION"] == 1, "the old file stays until close()")
        try second.close()
        #expect(try FITSFile(path).header()["VERSION"] == 2)
        #expect(try folder.contents() == ["keep.fits"])
    }

    @Test func pathsAreTakenLiterally() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("odd[1] name!.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 1, height: 1, repeating: Int32(5)))
        try file.close()
        #expect(try folder.contents() == ["odd[1] name!.fits"])
        #expect(try FITSFile(path).image(at: 0, as: Int32.self).pixels == [5])
    }

    @Test func closingANewFileWithNoHDUsWritesNothing() throws {
        let folder = try TemporaryDirectory()
        let file = try FITSFile.create(folder.file("none.fits"))
        #expect(errorMessage { try file.close() } == "cannot write \(folder.file("none.fits")): 1st key not SIMPLE or XTENSION (cfitsio status 252)")
        #expect(try folder.contents() == [])
    }
}
