import Foundation
import SciCore
import SciFITS
import Testing
import TestSupport
@testable import Tiled

/// CSV files and FITS images as `sci tiled put` sends them, and arrays as `get`/`export` write FITS.
@Suite struct ConversionTests {
    @Test func csvColumnsGetTheirTypesAndQuotedFieldsKeepTheirLineBreaks() throws {
        let text = "id,big,x,ok,note\n1,18446744073709551615,1.5,true,\"two\nlines, one cell\"\n-2,,2,FALSE,\n"
        let table = try Table(csv: text, from: "scan.csv")
        #expect(table.columns == ["id", "big", "x", "ok", "note"])
        #expect(table.values["id"] == [.int(1), .int(-2)])
        #expect(table.values["big"] == [.integer(UInt64.max), .null])
        #expect(table.values["x"] == [.double(1.5), .double(2)])
        #expect(table.values["ok"] == [.bool(true), .bool(false)])
        #expect(table.values["note"] == [.string("two\nlines, one cell"), .null])
    }

    @Test(arguments: [
        ("", "scan.csv is empty; a CSV table needs a header row"),
        ("a,a\n1,2\n", "scan.csv: the header row must name every column once"),
        ("a,b\n1\n", "scan.csv: row 2 has 1 fields, the header 2"),
        ("a\n\"open\n", "scan.csv: a quoted field opened on line 2 is not closed"),
    ])
    func badCSVSaysWhatAndWhere(text: String, message: String) {
        let error = #expect(throws: SciError.self) { try Table(csv: text, from: "scan.csv") }
        #expect(error?.message == message)
    }

    @Test func fitsImagesRoundTripThroughArrays() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("img.fits")
        let file = try FITSFile.create(path)
        try file.appendImage(FITSImage<Double>(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6.5]),
                             header: [HeaderCard("BAND", .string("r")), HeaderCard("EXPTIME", .double(120))])
        try file.close()

        let fits = try FITSArray(contentsOf: path)
        #expect(fits.array.shape == [2, 3])
        #expect(try fits.array.doubles() == [1, 2, 3, 4, 5, 6.5])
        #expect(fits.header["BAND"] == "r")
        #expect(fits.header["EXPTIME"] == .double(120))
        #expect(fits.header["NAXIS"] == .int(2))
        let metadata = fits.metadata(adding: ["operator": "ana"])
        #expect(metadata["operator"] == "ana" && metadata["fits"]?["BAND"] == "r")

        let copy = folder.file("copy.fits")
        try FITSArray.write(fits.array, to: copy)
        #expect(try FITSArray(contentsOf: copy).array.doubles() == [1, 2, 3, 4, 5, 6.5])
        let cube = try ArrayData(shape: [1, 1, 2], dataType: DataType(kind: "f", itemSize: 8), bytes: Data(count: 16))
        let error = try #require(throws: SciError.self) { try FITSArray.write(cube, to: folder.file("cube.fits")) }
        #expect(error.message == "FITS takes 1-D and 2-D arrays; this one has 3 dimensions")
        #expect(!FileManager.default.fileExists(atPath: folder.file("cube.fits")))
    }
}
