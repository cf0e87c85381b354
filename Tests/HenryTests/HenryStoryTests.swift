import Foundation
import HippoMeta
import SciCore
import SciFITS
import TestSupport
import Testing

@testable import Henry

/// The seed's story end to end against `sci henry serve` on loopback: local products and a collection, preflight,
/// push, pull with realized sources, a revision with a new FITS header and a replaced source, and the new version.
@Suite struct HenryStoryTests {
    /// A small FITS map whose primary header carries the keys hippometa's `MapSet.from_fits` reads.
    static func map(_ folder: TemporaryDirectory, _ name: String, frequency: String, seed: Double) throws -> String {
        let path = folder.file(name)
        let file = try FITSFile.create(path, overwrite: true)
        let header: FITSHeader = [
            HeaderCard("PIXELIS", .string("CAR")), HeaderCard("CTYPE1", .string("RA---CAR")), HeaderCard("TELESCOP", .string("act+planck")),
            HeaderCard("INSTRUME", .string("mbac+actpol+advact")), HeaderCard("RELEASE", .string("dr4dr6")),
            HeaderCard("SEASON", .string("s08s22")), HeaderCard("PATCH", .string("AA")), HeaderCard("FREQ", .string(frequency)),
            HeaderCard("ACTTAGS", .string("daynight,prelim")),
        ]
        try file.appendImage(FITSImage(width: 64, height: 64, pixels: (0..<4096).map { Float(Double($0) * seed) }), header: header)
        try file.close()
        return path
    }

    @Test func mapSetFromFITSReadsTheHeaderAsHippometaDoes() throws {
        let folder = try TemporaryDirectory()
        let metadata = try Metadata.mapSet(fromFITS: try Self.map(folder, "f090.fits", frequency: "f090", seed: 1))
        #expect(metadata.type == "mapset")
        #expect(metadata["pixelisation"] == "equirectangular")
        #expect(metadata["telescope"] == "act+planck")
        #expect(metadata["frequency"] == "090")
        #expect(metadata["patch"] == "AA")
        #expect(metadata["polarization_convention"] == "")
        #expect(metadata["tags"] == ["daynight", "prelim"])
        #expect(metadata.validSlugs.contains("map") && !metadata.validSlugs.contains("coadd"))
    }

    @Test func slugsAreLimitedToTheMetadataType() throws {
        var beam = try LocalProduct(name: "Daynight Beam (DR6)", description: "The beam for DR6 products", metadata: .beam())
        #expect(beam.metadata.validSlugs == ["data"])
        #expect(errorMessage { try beam.set("coadd", path: "x.tar") } == "'coadd' is not a valid slug for beam metadata")
        let error = try #require(throws: InvalidSlug.self) { try beam.set("coadd", path: "x.tar") }
        #expect(error.sciError.hint == "use one of: data")
        try beam.set("data", path: "test_beam.tar")
        #expect(beam["data"]?.name == "test_beam")
        #expect(beam["data"]?.description == nil)
        #expect(errorMessage { try beam.setMetadata(try Metadata(type: "camera", fields: ["date": "2025-01-01T00:00:00"])) } == "'data' is not a valid slug for camera metadata")
    }

    @Test func productsAndCollectionsRoundTripThroughJSONFiles() throws {
        let folder = try TemporaryDirectory()
        var map = try LocalProduct(name: "map", description: "a map", metadata: try .mapSet(pixelisation: "healpix", frequency: "090"))
        try map.set("map", LocalSource(path: "maps/m.fits", description: "the map"))
        let collection = LocalCollection(
            name: "DR6", description: "some products", products: [map],
            collections: [LocalCollection(name: "child", description: "a child", products: [try LocalProduct(name: "b", description: "bb")])])
        try HenryFile.collection(collection).save(to: folder.file("c.json"))
        guard case .collection(let loaded) = try HenryFile.load(folder.file("c.json")) else { Issue.record("not a collection"); return }
        #expect(loaded.name == "DR6" && loaded.count == 1 && loaded.collections.first?.products.first?.name == "b")
        // Relative source paths are read relative to the file's folder.
        #expect(loaded[0]["map"]?.path == URL(fileURLWithPath: folder.file("maps/m.fits")).standardizedFileURL.path)
        #expect(loaded[0].metadata == map.metadata)
        let bad = try folder.writeFile("bad.json", #"{"name": "x", "description": "yy", "metadata": {"metadata_type": "beam"}, "sources": {"map": {"path": "a", "name": "a"}}}"#)
        #expect(errorMessage { try HenryFile.load(bad) } == "\(bad): 'map' is not a valid slug for beam metadata (use one of: data) at $.sources")
    }

    @Test func preflightReportsEveryProblemAtOnce() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("beam.tar", "beam")
        var beam = try LocalProduct(name: "B", description: "", metadata: .beam())
        try beam.set("data", path: file)
        var map = try LocalProduct(name: "map", description: "a map", metadata: try .mapSet(pixelisation: "healpix"))
        try map.set("map", path: folder.file("missing.fits"), description: "the map")
        try map.set("mask", path: folder.path, description: "m")
        let collection = LocalCollection(name: "c", description: "a collection", products: [beam, map])
        let failure = try #require(throws: PreflightFailed.self) { try Preflight.check(collection) }
        #expect(failure.problems.count == 7, "\(failure.problems)")
        #expect(failure.problems.contains { $0.contains("'B'") && $0.contains("name") })
        #expect(failure.problems.contains { $0.contains("'B'") && $0.contains("description") })
        #expect(failure.problems.contains { $0.contains("source 'data'") && $0.contains("description") })
        #expect(failure.problems.contains { $0.contains("no file at") })
        #expect(failure.problems.contains { $0.contains("is a folder") })
        #expect(failure.problems.contains { $0.contains("source 'mask'") && $0.contains("description") })
        #expect(failure.problems.contains { $0.contains("collection 'c'") && $0.contains("name") })
    }

    @Test func theWholeStory() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        let folder = registry.folder
        let beamFile = try folder.write(bytes(120_000, seed: 3), to: "act_dr6.02_daytime_beams.tar.gz")
        let f090 = try Self.map(folder, "act-planck_dr4dr6_coadd_AA_daynight_f090_map.fits", frequency: "f090", seed: 1)

        let beam = try LocalProduct(
            name: "Daynight Beam (DR6)", description: "The beam for DR6 products", metadata: .beam(),
            sources: ["data": LocalSource(path: beamFile, description: "Beam")])
        var mapSet = try LocalProduct(
            name: "ACTxPlanck DR6 f090 coadd map", description: "One of the many coadd maps", metadata: try .mapSet(fromFITS: f090))
        try mapSet.set("map", path: f090)
        var collection = LocalCollection(name: "Some ACT DR6 Products", description: "A beam and a map from DR6", products: [mapSet, beam])
        #expect(collection.map(\.name) == ["ACTxPlanck DR6 f090 coadd map", "Daynight Beam (DR6)"])

        // The map's source has no description: preflight stops the push and nothing reaches the server.
        let preflight = await errorMessage { try await henry.push(&collection) }
        #expect(preflight == "preflight found 1 problem: product 'ACTxPlanck DR6 f090 coadd map', source 'map': needs a description of two characters or more")
        #expect(try await henry.client.searchProducts("coadd").isEmpty)
        collection[0] = try {
            var fixed = collection[0]
            try fixed.set("map", path: f090, description: "actxplanck coadd")
            return fixed
        }()
        let collectionID = try await henry.push(&collection)
        let mapID = try #require(collection[0].productID)
        #expect(collection.allSatisfy { $0.productID != nil })
        // Pushing again sends nothing and answers the same ids.
        #expect(try await henry.push(&collection) == collectionID)
        let record = try await henry.pullCollection(collectionID)
        #expect(Set(record.products.map(\.name)) == ["ACTxPlanck DR6 f090 coadd map", "Daynight Beam (DR6)"])

        // Pull without realizing: metadata and sources, no paths.
        let remote = try await henry.pullProduct(mapID, realizeSources: false)
        #expect(remote.metadata["frequency"] == "090" && remote.version == "1.0.0")
        #expect(remote["map"]?.path == nil)
        // Pull realizing: the file lands in the cache under uploader/uuid/name, byte for byte.
        let realized = try await henry.pullProduct(mapID)
        let cached = try #require(realized["map"]?.path)
        #expect(cached.hasSuffix("/alice/\(realized["map"]!.uuid)/act-planck_dr4dr6_coadd_AA_daynight_f090_map.fits"))
        #expect(FileManager.default.contentsEqual(atPath: cached, andPath: f090))

        // A revision: the f150 map, its header and name.
        let f150 = try Self.map(folder, "act-planck_dr4dr6_coadd_AA_daynight_f150_map.fits", frequency: "f150", seed: 2)
        var revision = remote.createRevision(.major)
        #expect(revision.summary == "A revision object with no changes relative to the parent product")
        revision.name = "ACTxPlanck DR6 f150 coadd map"
        try revision.setMetadata(try .mapSet(fromFITS: f150))
        try revision.set("map", path: f150, description: "actxplanck coadd")
        #expect(revision.summary == """
            Name: 'ACTxPlanck DR6 f090 coadd map' -> 'ACTxPlanck DR6 f150 coadd map'
            Metadata diff: [frequency] 090 -> 150
            Replace sources: map
            """)
        #expect(errorMessage { try revision.setMetadata(.beam()) } == "a revision cannot change the metadata type from mapset to beam")
        let newID = try await henry.push(&revision)
        #expect(newID != mapID)

        let next = try await henry.pullProduct(newID)
        #expect(next.version == "2.0.0" && next.name == "ACTxPlanck DR6 f150 coadd map" && next.metadata["frequency"] == "150")
        let nextPath = try #require(next["map"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: nextPath, andPath: f150))
        #expect(next["map"]?.uuid != realized["map"]?.uuid)
        // The old version stays readable, no longer current.
        let old = try await henry.pullProduct(mapID, realizeSources: false)
        #expect(old.version == "1.0.0" && !old.current)
        #expect(try await henry.client.versions(newID).map(\.version) == ["1.0.0", "2.0.0"])

        // A revision that replaces a file with the same bytes uploads nothing; with nothing else it is refused.
        var same = next.createRevision(.patch)
        try same.set("map", path: f150)
        let unchanged = await errorMessage { try await henry.push(&same) }
        #expect(unchanged == "preflight found 1 problem: revision of 'ACTxPlanck DR6 f150 coadd map': the files are those of version 2.0.0 and nothing else changes")
        same.description = "The f150 coadd map"
        let patched = try await henry.pullProduct(try await henry.push(&same), realizeSources: false)
        #expect(patched.version == "2.0.1" && patched["map"]?.uuid == next["map"]?.uuid)
    }

    @Test func aCorruptCacheEntryIsFetchedAgain() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        let file = try registry.folder.write(bytes(300_000, seed: 9), to: "cat.csv")
        var product = try LocalProduct(
            name: "Catalog", description: "A catalog", metadata: try .catalog(fileType: "csv"),
            sources: ["data": LocalSource(path: file, description: "the rows")])
        let id = try await henry.push(&product)
        let path = try #require(try await henry.pullProduct(id)["data"]?.path)
        // Flip bytes in the cached copy: the next pull notices, drops it and downloads again.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 1000)
        handle.write(Data([0, 1, 2, 3]))
        try handle.close()
        #expect(try henry.cache.verify().map(\.path) == [path])
        #expect(try henry.cache.entries().isEmpty)
        let again = try #require(try await henry.pullProduct(id)["data"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: again, andPath: file))
        // Corrupted behind the index's back, a lookup still verifies before use.
        try Data("short".utf8).write(to: URL(fileURLWithPath: again))
        let third = try #require(try await henry.pullProduct(id)["data"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: third, andPath: file))
    }

    @Test func badCredentialsAndNoServerSayWhatToDo() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let wrong = try registry.henry(key: "hippo_not_a_key")
        let refused = try await #require(throws: SciError.self) { try await wrong.client.searchProducts("x") }
        #expect(refused.message.contains("refused the API key") && refused.message.contains("401"))
        #expect(!refused.description.contains("hippo_not_a_key"))
        var settings = HenrySettings()
        settings.host = "http://127.0.0.1:1"
        let nowhere = try Henry(settings: settings)
        let unreachable = try await #require(throws: SciError.self) { try await nowhere.client.product("0123456789abcdef01234567") }
        #expect(unreachable.message.contains("cannot connect"))
        #expect(unreachable.hint?.contains("sci henry serve") == true)
    }
}

extension HenryStoryTests {
    @Test func aProductWithSeveralSourcesRealizesThemAllAtOnce() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        var product = try LocalProduct(name: "Map set", description: "several maps", metadata: try .mapSet(pixelisation: "healpix"))
        let slugs = ["map", "ivar", "mask", "hits", "weights", "time"]
        for (index, slug) in slugs.enumerated() {
            let file = try registry.folder.write(bytes(50_000 + index, seed: UInt64(index + 20)), to: "\(slug).fits")
            try product.set(slug, path: file, description: "the \(slug)")
        }
        let id = try await henry.push(&product)
        let pulled = try await henry.pullProduct(id)
        for slug in slugs {
            let path = try #require(pulled[slug]?.path)
            #expect(FileManager.default.contentsEqual(atPath: path, andPath: registry.folder.file("\(slug).fits")))
        }
        #expect(try henry.cache.entries().count == slugs.count)
    }
}

extension HenryStoryTests {
    @Test func aNewCollectionLinksProductsPushedBefore() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        let file = try registry.folder.write(bytes(1000, seed: 5), to: "beam.tar")
        var beam = try LocalProduct(
            name: "Beam first", description: "pushed alone", metadata: .beam(), sources: ["data": LocalSource(path: file, description: "Beam")])
        let beamID = try await henry.push(&beam)
        var collection = LocalCollection(name: "Later", description: "made after the beam", products: [beam])
        let id = try await henry.push(&collection)
        #expect(try await henry.pullCollection(id).products.map(\.id) == [beamID])
    }
}
