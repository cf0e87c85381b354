import Foundation
import SciCore
import SciFITS
import Testing
import TestSupport

@Suite struct ErrorTests {
    /// Opens a file expecting a FITSError; checks its message names the file and shows no Swift type name.
    func openFailure(_ path: String) throws -> FITSError? {
        let error = #expect(throws: FITSError.self) { try FITSFile(path) }
        if let error {
            let line = SciError.from(error).description
            #expect(line.hasPrefix("cannot open \(path): "))
            #expect(!line.contains("FITSError") && !line.contains("Reason") && !line.contains("\n"))
        }
        return error
    }

    @Test func missingFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("missing.fits")
        let error = try openFailure(path)
        #expect(error?.reason == .notFound)
        #expect(error?.message == "cannot open \(path): no such file")
    }

    @Test func textFiles() throws {
        let folder = try TemporaryDirectory()
        let short = try folder.write(Data("hello world\n".utf8), to: "short.txt")
        let error = try openFailure(short)
        #expect(error?.reason == .notFITS)
        #expect(error?.message == "cannot open \(short): not a FITS file (could not interpret the first header)")

        let long = try folder.write(Data(String(repeating: "a line of text\n", count: 400).utf8), to: "long.txt")
        #expect(try openFailure(long)?.reason == .notFITS)
    }

    @Test func emptyFileAndFolder() throws {
        let folder = try TemporaryDirectory()
        let empty = try folder.write(Data(), to: "empty.fits")
        #expect(try openFailure(empty)?.reason == .empty)
        #expect(try openFailure(folder.path)?.reason == .isFolder)
    }

    @Test func truncatedHeader() throws {
        let folder = try TemporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture("cfitsio-written.fits")))
        let path = try folder.write(whole.prefix(1000), to: "cut.fits")
        let error = try openFailure(path)
        #expect(error?.reason == .truncated)
        #expect(SciError.from(error!).hint == "the download or copy may have been cut short")
    }

    @Test func truncatedData() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("big.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage(width: 100, height: 100, repeating: 1.0))
        try file.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = try folder.write(whole.prefix(2880 + 4000), to: "cut.fits")

        let opened = try FITSFile(cut)
        #expect(try opened.header()["NAXIS1"] == 100, "the header is whole")
        let error = #expect(throws: FITSError.self) { try opened.image() }
        #expect(error?.reason == .truncated)
        #expect(error?.message == "cannot read the image in HDU 0 of \(cut): the file ends too early (truncated?)")
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func unreadableFile() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write(Data(count: 2880), to: "secret.fits")
        chmod(path, 0)
        #expect(try openFailure(path)?.reason == .permissionDenied)
    }

    @Test func creatingInAMissingFolder() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("no/such/folder/new.fits")
        let error = #expect(throws: FITSError.self) { try FITSFile.create(path) }
        #expect(error?.message.hasPrefix("cannot create \(path): no such folder") == true)
    }

    @Test func tablesAreNotImages() throws {
        let error = #expect(throws: FITSError.self) { try FITSFile(fixture("cfitsio-written.fits")).image(at: 3) }
        #expect(error?.reason == .notAnImage(.binaryTable))
        #expect(error?.message.hasSuffix("the HDU is a binary table, not an image") == true)
    }
}

@Suite struct TruncatedExtensionTests {
    @Test func aFileCutInsideALaterHDU() throws {
        let folder = try TemporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture("cfitsio-written.fits")))
        // Blocks: HDU 0 header; HDU 1 header and data; HDU 2 header, then only 10 bytes of its 24 bytes of data.
        let path = try folder.write(whole.prefix(4 * 2880 + 10), to: "cut.fits")
        let file = try FITSFile(path)
        #expect(try file.image(at: 1, as: UInt16.self).pixels.count == 12)
        do {
            let image = try file.image(at: 2)
            Issue.record("read \(image.pixels.count) pixels past the end")
        } catch let error as FITSError {
            #expect(error.reason == .truncated, "\(error.message)")
        }
        do {
            let header = try file.header(at: 3)
            Issue.record("read a header of \(header.count) cards past the end")
        } catch let error as FITSError {
            #expect(error.reason == .noSuchHDU(index: 3, count: 3))
        }
    }
}
