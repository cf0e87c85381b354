import Foundation
import SciFITS
import Testing

/// Reads a file that cfitsio wrote on its own (see Fixtures/README.md), not SciFITS.
@Suite struct FixtureTests {
    let file: FITSFile

    init() throws { file = try FITSFile(fixture("cfitsio-written.fits")) }

    @Test func listsEveryHDU() throws {
        let hdus = try file.hdus()
        #expect(hdus.map(\.kind) == [.image, .image, .image, .binaryTable, .asciiTable, .image])
        #expect(hdus.map(\.name) == [nil, "SCI", "SCALED", "CATALOG", "ASCII", "SPECTRUM"])
        #expect(hdus.map(\.dimensions) == [[], [4, 3], [4, 3], [8, 2], [17, 1], [5]])
        #expect(hdus.map(\.pixelType) == [nil, .uint16, .float32, nil, nil, .float32])
    }

    @Test func readsThePrimaryHeader() throws {
        let header = try file.header(at: 0)
        #expect(header["OBJECT"] == "M31")
        #expect(header.comment(forKey: "OBJECT") == "target")
        #expect(header["EXPOSURE"] == 1200)
        #expect(header["AIRMASS"] == 1.25)
        #expect(header["FLATCOR"] == true)
        #expect(header["CPLX"] == .complex(real: 1.5, imaginary: -2))
        #expect(header["NOVALUE"] == .undefined)
        #expect(header.comment(forKey: "NOVALUE") == "no value here")
        #expect(header["ESO TEL NAME"] == "UT1")
        #expect(header["LONGSTR"] == "A long string that cfitsio spreads over CONTINUE cards because it is longer than one card.")
        #expect(header.comment(forKey: "LONGSTR") == "long")
        #expect(header.history == ["written by make-fixture.c"])
        #expect(header.comments.last == "a comment card")
        #expect(!header.cards.contains { $0.keyword == "CONTINUE" }, "continuations are joined")
    }

    @Test func readsUnsignedAndScaledImages() throws {
        let unsigned = try file.image(at: 1, as: UInt16.self)
        #expect(unsigned.width == 4 && unsigned.height == 3)
        let expected: [UInt16] = (0..<11).map { UInt16($0 * 5000 + 535) } + [65535]
        #expect(unsigned.pixels == expected)
        #expect(try file.image(at: 1).pixels.last == 65535)

        let scaled = try file.image(at: 2)
        let physical: [Double] = (0..<12).map { 87.5 + 2.5 * Double($0) }
        #expect(scaled.pixels == physical)
        #expect(try file.header(at: 2)["BSCALE"] == 0.25)
    }

    @Test func readsAOneDimensionalSpectrumWithNaN() throws {
        let spectrum = try file.image(at: 5, as: Float.self)
        #expect(spectrum.width == 5 && spectrum.height == 1)
        #expect(spectrum[x: 0, y: 0] == 1 && spectrum[x: 1, y: 0] == 2.5 && spectrum[x: 2, y: 0].isNaN)
        #expect(spectrum[x: 3, y: 0] == -4 && spectrum[x: 4, y: 0] == 1e30)
    }

    @Test func readsTableHeaders() throws {
        let header = try file.header(at: 3)
        #expect(header["XTENSION"] == "BINTABLE")
        #expect(header["TTYPE2"] == "FLUX" && header["TUNIT2"] == "Jy")
    }
}
