@testable import Butler
import Testing

/// The SPHEREx universe as written for the real butler (reference/butler.md §1.3).
let spherexDimensions = """
    version: 1
    namespace: spherex
    skypix: {common: htm7, htm: {class: lsst.sphgeom.HtmPixelization, max_level: 24}}
    elements:
      instrument:
        keys: [{name: name, type: string, length: 32}]
        metadata: [{name: detector_max, type: int}, {name: class_name, type: string, length: 64}]
        governor: true
        storage: {cls: lsst.daf.butler.registry.dimensions.governor.BasicGovernorDimensionRecordStorage}
      detector:
        keys: [{name: id, type: int}, {name: full_name, type: string, length: 32}]
        requires: [instrument]
        metadata: [{name: lmin, type: float}, {name: lmax, type: float}]
        storage: {cls: lsst.daf.butler.registry.dimensions.table.TableDimensionRecordStorage}
      observation:
        keys: [{name: id, type: int}, {name: obs_name, type: string, length: 64}]
        requires: [instrument]
        metadata: [{name: exposure_time, type: float}, {name: ra_boresight, type: float}, {name: dec_boresight, type: float}]
        storage: {cls: lsst.daf.butler.registry.dimensions.table.TableDimensionRecordStorage}
    topology:
      spatial: {}
      temporal: {observation_timespans: [observation]}
    packers: {}
    """

@Suite struct DimensionUniverseTests {
    @Test func loadsTheSpherexUniverse() throws {
        let universe = try DimensionUniverse(yaml: spherexDimensions)
        #expect(universe.namespace == "spherex")
        #expect(universe.elements.map(\.name) == ["instrument", "detector", "observation"])
        let observation = try universe.element("observation")
        #expect(observation.isTemporal)
        #expect(observation.keys.map(\.name) == ["id", "obs_name"])
        #expect(try universe.element("instrument").isGovernor)
        let group = try universe.group(["observation", "detector"])
        #expect(group.required == ["detector", "instrument", "observation"])
        #expect(group.key == "detector+instrument+observation")
    }

    @Test func defaultUniverseSplitsRequiredAndImplied() throws {
        let universe = DimensionUniverse.default
        #expect(universe.version == 8)
        let group = try universe.group(["exposure", "detector"])
        #expect(group.required == ["detector", "exposure", "instrument"])
        #expect(group.implied == ["band", "day_obs", "group", "physical_filter"])
        #expect(try universe.group(["visit"]).required == ["instrument", "visit"])
    }

    @Test func loadsThe2020PocFormatNestedUnderDimensions() throws {
        let universe = try DimensionUniverse(yaml: """
            dimensions:
              version: 0
              elements:
                instrument: {keys: [{name: name, type: string, length: 16}], governor: true}
                exposure:
                  keys: [{name: id, type: int}, {name: name, type: string, length: 64}]
                  requires: [instrument]
                  metadata: [{name: group_name, type: string, length: 64}]
              topology: {temporal: {observation_timespans: [exposure]}}
            """)
        #expect(universe.elements.map(\.name) == ["instrument", "exposure"])
        #expect(try universe.element("exposure").recordFields.map(\.name) == ["name", "group_name"])
    }

    @Test func rejectsUnknownReferencesAndBadTypes() {
        #expect(throws: ButlerError.self) {
            try DimensionUniverse(yaml: "elements: {detector: {keys: [{name: id, type: int}], requires: [instrument]}}")
        }
        #expect(throws: ButlerError.self) {
            try DimensionUniverse(yaml: "elements: {detector: {keys: [{name: id, type: complex}]}}")
        }
    }
}
