import Foundation
import SciFITS
import Testing
import TestSupport

@Suite struct HeaderTests {
    let longText = "This value is deliberately longer than one card can hold, so it must be written with the "
        + "CONTINUE convention; it even has 'quotes' and  double  spaces, and ends here."

    @Test func everyValueTypeAndCommentRoundTrips() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("header.fits")
        var header = FITSHeader()
        header.setValue("M31", forKey: "OBJECT", comment: "target name")
        header.setValue(1200, forKey: "EXPOSURE", comment: "seconds")
        header.setValue(-9_000_000_000_000, forKey: "BIGINT")
        header.setValue(0.1, forKey: "TENTH", comment: "must read back exactly")
        header.setValue(.double(-1.234567890123e-300), forKey: "TINY")
        header.setValue(3.0, forKey: "WHOLE")
        header.setValue(true, forKey: "FLATCOR")
        header.setValue(false, forKey: "DARKCOR")
        header.setValue(.complex(real: 1.5, imaginary: -0.1), forKey: "CPLX")
        header.setValue(.undefined, forKey: "NOVALUE", comment: "nothing known")
        header.setValue("it's", forKey: "QUOTE")
        header.setValue("  leading", forKey: "LEADING")
        header.setValue("", forKey: "EMPTY")
        header.setValue(.string(longText), forKey: "LONGSTR", comment: "a long one")
        header.setValue("UT1", forKey: "ESO TEL NAME", comment: "hierarch with spaces")
        header.setValue(42, forKey: "LONGKEYWORD", comment: "hierarch by length")
        header.setValue(2.5, forKey: "ESO DET GAIN")
        header.addHistory("first step")
        header.addHistory("second step")
        header.addComment("a free comment")

        let file = try FITSFile.create(path)
        try file.appendHeaderOnly(header)
        try file.close()

        let read = try FITSFile(path).header(at: 0)
        #expect(read["OBJECT"] == "M31")
        #expect(read.comment(forKey: "OBJECT") == "target name")
        #expect(read["EXPOSURE"] == 1200)
        #expect(read["BIGINT"] == .integer(-9_000_000_000_000))
        #expect(read["TENTH"] == 0.1)
        #expect(read["TINY"] == .double(-1.234567890123e-300))
        #expect(read["WHOLE"] == .double(3))
        #expect(read["FLATCOR"] == true)
        #expect(read["DARKCOR"] == false)
        #expect(read["CPLX"] == .complex(real: 1.5, imaginary: -0.1))
        #expect(read["NOVALUE"] == .undefined)
        #expect(read.comment(forKey: "NOVALUE") == "nothing known")
        #expect(read["MISSING"] == nil)
        #expect(read["QUOTE"] == "it's")
        #expect(read["LEADING"] == "  leading")
        #expect(read["EMPTY"] == "")
        #expect(read["LONGSTR"] == .string(longText))
        #expect(read.comment(forKey: "LONGSTR") == "a long one")
        #expect(read["ESO TEL NAME"] == "UT1")
        #expect(read.comment(forKey: "ESO TEL NAME") == "hierarch with spaces")
        #expect(read["LONGKEYWORD"] == 42)
        #expect(read["ESO DET GAIN"] == 2.5)
        #expect(read.history == ["first step", "second step"])
        #expect(read.comments.contains("a free comment"))
        // Structural cards come first, then ours in the order given.
        #expect(read.cards.first?.keyword == "SIMPLE")
        #expect(read["NAXIS"] == 0)
        let ours = read.keywords.filter { header.contains($0) }
        #expect(ours == header.keywords)
        // Typed accessors.
        #expect(read["EXPOSURE"]?.intValue == 1200)
        #expect(read["EXPOSURE"]?.doubleValue == 1200)
        #expect(read["OBJECT"]?.stringValue == "M31")
        #expect(read["FLATCOR"]?.boolValue == true)
        #expect(read["naxis"] == 0, "look-ups ignore case")
    }

    @Test func longHistoryIsSplitOverCards() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("history.fits")
        let file = try FITSFile.create(path)
        try file.appendHeaderOnly()
        let text = String(repeating: "0123456789", count: 10)
        try file.addHistory(text)
        try file.close()
        #expect(try FITSFile(path).header().history.joined() == text)
    }

    @Test func editingAnExistingFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("edit.fits")
        let created = try FITSFile.create(path)
        try created.appendHeaderOnly([
            HeaderCard("OBJECT", "M31", comment: "target"), HeaderCard("DUP", 1), HeaderCard("DUP", 2),
            HeaderCard("ESO TEL NAME", "UT1"), HeaderCard("ESO DET GAIN", 1.5),
        ])
        try created.appendImage(FITSImage<Int16>(width: 2, height: 2))
        try created.close()

        let file = try FITSFile(path, mode: .readWrite)
        try file.setValue("M33", forKey: "OBJECT")
        try file.setValue(.string(longText), forKey: "NOTES", comment: "added later")
        try file.setValue(7, forKey: "EXTRA", comment: "in the extension", inHDU: 1)
        try file.addComment("edited", inHDU: 1)
        #expect(try file.removeValue(forKey: "DUP"))
        #expect(try !file.removeValue(forKey: "DUP"))
        try file.setValue("UT4", forKey: "ESO TEL NAME")
        #expect(try file.removeValue(forKey: "ESO DET GAIN"))
        try file.close()

        let reopened = try FITSFile(path)
        let primary = try reopened.header(at: 0)
        #expect(primary["OBJECT"] == "M33")
        #expect(primary.comment(forKey: "OBJECT") == "target", "a nil comment keeps the old one")
        #expect(primary["NOTES"] == .string(longText))
        #expect(!primary.contains("DUP"))
        #expect(primary["ESO TEL NAME"] == "UT4")
        #expect(primary.cards.filter { $0.keyword == "ESO TEL NAME" }.count == 1, "updated in place")
        #expect(!primary.contains("ESO DET GAIN"))
        let extensionHeader = try reopened.header(at: 1)
        #expect(extensionHeader["EXTRA"] == 7)
        #expect(extensionHeader.comments == ["edited"])
        #expect(extensionHeader["XTENSION"] == "IMAGE")

        // cfitsio shares one handle per file in a process, so read-write must wait for read-only to close.
        let busy = #expect(throws: FITSError.self) { try FITSFile(path, mode: .readWrite) }
        #expect(busy?.reason == .openReadOnlyElsewhere)
        try reopened.close()

        // Replacing a long string with a short one leaves no stray CONTINUE cards.
        let again = try FITSFile(path, mode: .readWrite)
        try again.setValue("short", forKey: "NOTES")
        try again.close()
        let final = try FITSFile(path).header()
        #expect(final["NOTES"] == "short")
        #expect(!final.cards.contains { $0.keyword == "CONTINUE" })
    }

    @Test func headersThatCannotBeWrittenAreRefused() throws {
        let folder = try TemporaryDirectory()
        let file = try FITSFile.create(folder.file("bad.fits"))
        try file.appendHeaderOnly()

        func reason(_ body: () throws -> Void) -> FITSError.Reason? {
            do { try body() } catch let error as FITSError { return error.reason } catch { return nil }
            return nil
        }
        guard case .invalidHeader(let nan)? = reason({ try file.setValue(.double(.nan), forKey: "BAD") }) else {
            Issue.record("NaN accepted"); return
        }
        #expect(nan.contains("BAD"))
        guard case .invalidHeader(let ascii)? = reason({ try file.setValue("café", forKey: "TEXT") }) else {
            Issue.record("non-ASCII accepted"); return
        }
        #expect(ascii.contains("printable ASCII"))
        guard case .invalidHeader(let layout)? = reason({ try file.setValue(3, forKey: "NAXIS") }) else {
            Issue.record("NAXIS accepted"); return
        }
        #expect(layout.contains("NAXIS"))
        guard case .invalidHeader(let hierarch)? = reason({ try file.setValue(.string(longText), forKey: "ESO LONG TEXT") }) else {
            Issue.record("long HIERARCH string accepted"); return
        }
        #expect(hierarch.contains("HIERARCH"))
        try file.close()
        #expect(try FITSFile(folder.file("bad.fits")).header().keywords == ["SIMPLE", "BITPIX", "NAXIS", "EXTEND"])
    }

    @Test func readOnlyFilesRefuseChanges() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("ro.fits")
        let created = try FITSFile.create(path)
        try created.appendHeaderOnly()
        try created.close()

        let file = try FITSFile(path)
        let error = #expect(throws: FITSError.self) { try file.setValue(1, forKey: "X") }
        #expect(error?.reason == .readOnly)
        #expect(error?.message == "cannot change the header of HDU 0 in \(path): the file is open read-only")
    }

    @Test func headerValueLiteralsAndDescriptions() {
        let values: [HeaderValue] = ["a", 1, 1.5, true, .complex(real: 1, imaginary: 2), .undefined]
        #expect(values.map(\.description) == ["a", "1", "1.5", "T", "(1.0, 2.0)", ""])
        #expect(HeaderValue.double(2).intValue == 2)
        #expect(HeaderValue.double(2.5).intValue == nil)
        var header: FITSHeader = [.comment("c"), HeaderCard("A", 1)]
        header["A"] = 2
        header["B"] = "x"
        #expect(header.cards.map(\.keyword) == ["COMMENT", "A", "B"])
        header["A"] = nil
        #expect(header.keywords == ["B"])
        #expect(HeaderCard("ESO X", 1).isHierarch && !HeaderCard("NAXIS1", 1).isHierarch)
    }
}
