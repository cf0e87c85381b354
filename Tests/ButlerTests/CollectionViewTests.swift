@testable import Butler
import Foundation
import Testing
import TestSupport

/// The views `sci butler query-collections` prints, as the registry computes them.
@Suite struct CollectionViewTests {
    /// darkr1, darkr2 (RUN), best (TAGGED), calib/all → [darkr2, inner], inner → [darkr1] (CHAINED).
    static func makeChains(_ folder: TemporaryDirectory, _ engine: RegistryEngine) throws -> Butler {
        let butler = try CalibrationTests.makeRepository(folder, engine)
        try butler.registry.associate("best", try butler.registry.queryDatasets("dark", collections: ["darkr1"]))
        _ = try butler.registry.registerCollection("inner", type: .chained)
        _ = try butler.registry.setChain("inner", children: ["darkr1"])
        _ = try butler.registry.setChain("calib/all", children: ["darkr2", "inner"])
        return butler
    }

    @Test(arguments: RegistryEngine.available) func patternsMatchEachCollectionOnceByName(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let registry = try Self.makeChains(folder, engine).registry
        let matched = try registry.collections(matchingAny: ["dark*", "*r1", "best"], types: Set(CollectionType.allCases))
        #expect(matched.map(\.name) == ["best", "darkr1", "darkr2"])
        #expect(try registry.collections(matchingAny: [], types: [.chained]).map(\.name) == ["calib/all", "inner"])
    }

    @Test(arguments: RegistryEngine.available) func treesWalkChainsBothWays(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let registry = try Self.makeChains(folder, engine).registry
        let down = try registry.collectionTree([try registry.collection("calib/all")])
        #expect(down.map { "\($0.depth) \($0.collection.name)" } == ["0 calib/all", "1 darkr2", "1 inner", "2 darkr1"])
        let up = try registry.collectionTree([try registry.collection("darkr1")], inverse: true)
        #expect(up.map { "\($0.depth) \($0.collection.name)" } == ["0 darkr1", "1 inner", "2 calib/all"])
    }

    @Test(arguments: RegistryEngine.available) func listingOrderIsByTypeThenNameAndFlatteningReplacesChains(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let registry = try Self.makeChains(folder, engine).registry
        let all = try registry.collections(matchingAny: [], types: Set(CollectionType.allCases))
        #expect(try registry.listingOrder(all).map(\.name) == ["darkr1", "darkr2", "best", "calib/all", "inner"])
        // Chains give way to what they search, in search order, each collection once.
        #expect(try registry.listingOrder(all, flattenChains: true).map(\.name) == ["darkr1", "darkr2", "best"])
        let chains = try registry.collections(matchingAny: ["calib/*"], types: Set(CollectionType.allCases))
        #expect(try registry.listingOrder(chains, flattenChains: true).map(\.name) == ["darkr2", "darkr1"])
    }
}
