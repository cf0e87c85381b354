import Foundation
import HippoMeta
import SciCore
import Testing

/// hippometa's models as the registry and the client both check them.
@Suite struct MetadataKindTests {
    @Test func validMetadataRoundTripsNormalised() throws {
        let metadata: JSONValue = [
            "metadata_type": "mapset", "pixelisation": "healpix", "telescope": "SAT", "split": 3, "tags": ["a", "b"],
            "unknown": "dropped",
        ]
        let normalised = try MetadataKind.validate(metadata)
        #expect(normalised["pixelisation"] == "healpix")
        #expect(normalised["split"] == .int(3))
        #expect(normalised["tags"] == ["a", "b"])
        #expect(normalised["unknown"] == nil)
        // Every field is present, null when absent, so the stored form is the same whoever wrote it.
        #expect(normalised["release"] == .null)
        // Validating what was stored changes nothing: the normal form is a fixed point.
        #expect(try MetadataKind.validate(normalised) == normalised)
        #expect(MetadataKind.of(normalised).tag == "mapset")
        // Through JSON text and back, as it travels between server and client.
        let data = try JSONEncoder().encode(normalised)
        #expect(try MetadataKind.validate(try JSONValue(parsing: data)) == normalised)
    }

    @Test func nullMetadataIsSimple() throws {
        #expect(try MetadataKind.validate(nil) == ["metadata_type": "simple"])
        #expect(try MetadataKind.validate(.null) == ["metadata_type": "simple"])
        #expect(MetadataKind.of(["metadata_type": "nosuch"]).tag == "simple")
    }

    @Test(arguments: [
        (JSONValue.string("x"), "metadata must be an object"),
        (["file_type": "csv"], "metadata needs a metadata_type, one of archive, beam, camera, catalog, mapset, numeric, simple"),
        (["metadata_type": "movie"], "unknown metadata_type 'movie'; expected one of archive, beam, camera, catalog, mapset, numeric, simple"),
        (["metadata_type": "catalog"], "metadata field 'file_type' is required for catalog"),
        (["metadata_type": "catalog", "file_type": "xlsx"], "metadata field 'file_type' of catalog must be one of csv, fits, hdf5, txt"),
        (["metadata_type": "numeric", "value": 1e300], "metadata field 'value' of numeric must be a number between -1e100 and 1e100"),
        (["metadata_type": "camera", "date": "yesterday"], "metadata field 'date' of camera must be an ISO 8601 date and time"),
    ] as [(JSONValue, String)])
    func invalidMetadataSaysWhy(metadata: JSONValue, message: String) {
        #expect(throws: MetadataError(message)) { try MetadataKind.validate(metadata) }
    }

    @Test func slugsAreCheckedPerKind() throws {
        let mapset = try #require(MetadataKind.all["mapset"])
        try mapset.check(slugs: ["map", "ivar"])
        let error = try #require(throws: MetadataError.self) { try mapset.check(slugs: ["map", "selfie"]) }
        #expect(error.invalidSlug == "selfie")
        #expect(error.message.hasPrefix("slug 'selfie' is not valid for mapset metadata; valid slugs: data, file_names, hits"))
    }

    @Test(arguments: [
        ("2025-06-17", true), ("2025-06-17T19:13:04", true), ("2025-06-17 19:13:04.512+02:00", true), ("2025-06-17T19:13Z", true),
        ("17/06/2025", false), ("2025-06-17T", false), ("", false),
    ])
    func datesAsPydanticReadsThem(text: String, accepted: Bool) {
        #expect(MetadataKind.parseDate(text) == accepted)
    }
}
