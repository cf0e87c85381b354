import SciCore
import SciXML
import Testing

/// The XML the real AstrOmatic programs wrote (see Fixtures/README.md), read as their users need it.
@Suite struct AstrOmaticVOTableTests {
    @Test func sourceExtractorRunSummary() throws {
        let votable = try VOTable(contentsOf: Fixture.path("source-extractor.xml"))
        #expect(votable.version == "1.1")
        #expect(votable.description == "produced by Source Extractor")
        let extensions = try #require(votable.table(named: "Extension_Data"))
        #expect(extensions.rows.count == 1)
        let detected = try #require(extensions[row: 0]["NDetect"]?.intValue)
        let extracted = try #require(extensions.column("NSextracted")?.first?.intValue)
        #expect(detected > 0)
        #expect(extracted > 0)
        #expect(extensions[row: 0]["NDetect"] == .int(detected))
        let background = try #require(extensions[row: 0]["Background_Mean"])
        guard case .double(let mean) = background else {
            Issue.record("Background_Mean is \(background), not a double")
            return
        }
        #expect(abs(mean - 1000) < 5, "the synthetic sky is 1000 counts")
        #expect(extensions[row: 0]["External_Header"] == .bool(false))
        #expect(extensions[row: 0]["Image_Ident"]?.stringValue == "Unnamed")
        #expect(extensions.field(named: "Background_Mean")?.unit == "ct")
        #expect(extensions.param(named: "NExtensions")?.value == .int(1))
        #expect(extensions[row: 0]["No_Such_Column"] == nil)
        #expect(extensions.column("No_Such_Column") == nil)
    }

    @Test func sourceExtractorParamsAndConfig() throws {
        let votable = try VOTable(contentsOf: Fixture.path("source-extractor.xml"))
        let config = try #require(votable.resource(named: "Config"))
        let commandLine = try #require(config.param(named: "Command_Line")?.value.stringValue)
        #expect(commandLine.hasPrefix("source-extractor img.fits"))
        #expect(votable.param(named: "Command_Line")?.value.stringValue == commandLine)
        #expect(votable.param(named: "Software")?.value == "Source Extractor")
        #expect(votable.param(named: "NThreads")?.value.intValue == 1)
        #expect(votable.param(named: "Duration")?.unit == "s")
        #expect(config.param(named: "Detect_Thresh")?.value.doubleValue == 5)
        #expect(config.param(named: "Filter")?.value == .bool(true))
        #expect(config.param(named: "Phot_AutoParams")?.value == [2.5, 3.5])
        #expect(config.param(named: "Assoc_Data")?.value == [2, 3, 4])
        #expect(config.param(named: "Filter_Thresh")?.value == .null, "an empty value is null")
        #expect(votable.errorMessage == nil, "a clean run has no Error_Msg")
        #expect(votable.resources.first?.id == "Source Extractor")
        #expect(votable.resource(named: "MetaData")?.infos.first == VOTableInfo(name: "QUERY_STATUS", value: "OK"))
        let sources = try #require(votable.table(named: "Source_List"))
        #expect(sources.columnNames == ["NUMBER", "X_IMAGE", "Y_IMAGE", "FLUX_AUTO", "MAG_AUTO", "FLAGS"])
        #expect(sources.field(named: "NUMBER")?.unit == nil, "unit=\"\" means no unit")
        #expect(sources.field(named: "MAG_AUTO")?.description == "Kron-like elliptical aperture magnitude")
        #expect(sources.rows.isEmpty)
    }

    @Test func warningsOfARunWithAnUnknownKey() throws {
        let votable = try VOTable(contentsOf: Fixture.path("source-extractor-bogus-key.xml"))
        let warnings = votable.warnings
        #expect(warnings.map(\.message) == ["default.sex not found, using internal defaults", "BOGUS keyword unknown"])
        for warning in warnings {
            #expect(warning.date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil)
            #expect(warning.time.wholeMatch(of: /\d{2}:\d{2}:\d{2}/) != nil)
        }
        #expect(votable.param(named: "Command_Line")?.value.stringValue?.contains("-BOGUS 1") == true)
    }

    @Test func fitsStreamIsSkippedNotFollowed() throws {
        let votable = try VOTable(contentsOf: Fixture.path("source-extractor-ldac.xml"))
        let sources = try #require(votable.table(named: "Source_List"))
        #expect(sources.rows.isEmpty)
        #expect(sources.field(named: "VIGNET")?.arraysize == "25x25")
        #expect(votable.table(named: "Extension_Data")?[row: 0]["NSextracted"]?.intValue ?? 0 > 0)
    }

    @Test func psfexFieldStatistics() throws {
        let votable = try VOTable(contentsOf: Fixture.path("psfex.xml"))
        let fields = try #require(votable.table(named: "PSF_Fields"))
        let fwhm = try #require(fields[row: 0]["FWHM_Mean"]?.doubleValue)
        #expect(abs(fwhm - 3.0) < 0.3, "the synthetic stars have FWHM 3 px")
        #expect(fields.field(named: "FWHM_Mean")?.unit == "pix")
        #expect(fields[row: 0]["NStars_Accepted_Total"]?.intValue ?? 0 > 0)
        #expect(fields[row: 0]["Catalog_Name"] == "psf.cat")
        #expect(votable.table(named: "PSF_Extensions")?.rows.count == 1)
        #expect(votable.param(named: "Software")?.value == "PSFEx")
        #expect(votable.warnings.map(\.message) == ["default.psfex not found, using internal defaults"])
    }

    @Test func rowsRenderAsRecords() throws {
        let votable = try VOTable(contentsOf: Fixture.path("source-extractor.xml"))
        let record = try #require(votable.table(named: "Extension_Data")?.rows.first?.record)
        #expect(record.count == 16)
        #expect(record["Image_Ident"] == "Unnamed")
    }
}
