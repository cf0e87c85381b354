import Foundation
import SciFITS
import Testing
import TestSupport

@Suite struct TableTests {
    @Test func writesAnLDACStyleCatalog() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("ref.cat")
        let file = try FITSFile.create(path)
        let card = String(repeating: " ", count: 160)
        try file.appendTable(named: "LDAC_IMHEAD", columns: [
            FITSTableColumn("Field Header Card", .text([card], width: 160), dimensions: [80, 2]),
        ])
        try file.appendTable(named: "LDAC_OBJECTS", columns: [
            FITSTableColumn("X_WORLD", .double([10.5, 10.6]), unit: "deg"),
            FITSTableColumn("MAG", .float([17, 18])),
            FITSTableColumn("FLAGS", .int16([0, 1])),
            FITSTableColumn("NUMBER", .int32([1, 2])),
        ], header: [HeaderCard("EPOCH", 2000.0)])
        try file.close()

        let reopened = try FITSFile(path)
        let hdus = try reopened.hdus()
        #expect(hdus.map(\.kind) == [.image, .binaryTable, .binaryTable])
        #expect(hdus.map(\.name) == [nil, "LDAC_IMHEAD", "LDAC_OBJECTS"])
        let header = try reopened.header(at: 1)
        #expect(header["TFORM1"] == "160A" && header["TDIM1"] == "(80,2)")
        let objects = try reopened.header(at: 2)
        #expect(objects["NAXIS2"] == 2 && objects["TTYPE4"] == "NUMBER" && objects["TUNIT1"] == "deg")
        #expect(objects["EPOCH"] == 2000.0)
    }

    @Test func refusesColumnsOfDifferentLengths() throws {
        let folder = try TemporaryDirectory()
        let file = try FITSFile.create(folder.file("bad.fits"))
        #expect(throws: FITSError.self) {
            try file.appendTable(named: "T", columns: [
                FITSTableColumn("A", .double([1, 2])), FITSTableColumn("B", .double([1])),
            ])
        }
    }
}
