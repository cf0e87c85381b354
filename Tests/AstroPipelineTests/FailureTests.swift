import AstroPipeline
import Foundation
import SciCore
import Testing
import TestSupport

/// Errors come from the programs' own reports, in one line; policies decide whether the run goes on.
@Suite(.serialized) struct FailureTests {
    func makePipeline(_ folder: TemporaryDirectory, buildPaths: BuildPaths = BuildPaths()) throws -> Pipeline {
        var field = StarField()
        field.images = 1
        field.size = 256
        field.stars = 40
        try field.write(to: folder.file("data"))
        return try Pipeline(paths: PipelinePaths(["temp": "tmp", "log": "log"]), buildPaths: buildPaths, workingDirectory: folder.path)
    }

    func sextractor(_ image: String = "data/img0.fits", extra: [String: String] = [:]) -> AstromaticRun {
        AstromaticRun(.sextractor, files: [image], config: ["CATALOG_NAME": "tmp/img0.cat", "CATALOG_TYPE": "FITS_LDAC"].merging(extra) { $1 },
                      parameters: ["NUMBER", "XWIN_IMAGE", "YWIN_IMAGE", "FLUX_AUTO", "FLAGS"])
    }

    func failure(_ pipeline: Pipeline) async -> String? {
        do { try await pipeline.run(); return nil } catch { return SciError.from(error).message }
    }

    @Test func badConfigurationKeyIsAnError() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(sextractor(extra: ["BOGUS": "1"]), name: "sex")
        #expect(await failure(pipeline) == "step 0 (sex) failed: SExtractor: BOGUS keyword unknown")
        #expect(pipeline.results["sex"]?.status == .error)
        #expect(pipeline.runStepIndex == 0)
    }

    @Test func missingInputIsTheProgramsOwnMessage() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(sextractor("data/nope.fits"), name: "sex")
        #expect(await failure(pipeline) == "step 0 (sex) failed: cannot open data/nope.fits")
    }

    @Test func missingBinarySaysWhatWasTried() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder, buildPaths: BuildPaths([.sextractor: "/nope/sex"]))
        try pipeline.addStep(sextractor(), name: "sex")
        #expect(await failure(pipeline) == "step 0 (sex) failed: SExtractor not found (tried /nope/sex)")
    }

    @Test func ignoreErrorsContinues() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(sextractor("data/nope.fits"), name: "broken", ignoreErrors: true)
        try pipeline.addStep(sextractor(), name: "good")
        let report = try await pipeline.run()
        #expect(report.result("broken")?.status == .error && report.result("good")?.status == .success)
        #expect((report.result("good")?.number("NSextracted") ?? 0) > 0)
    }
}

extension FailureTests {
    @Test func framesSelectOneExtensionOfEachImage() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        var first = sextractor()
        first.frames = [1]
        try pipeline.addStep(first, name: "frame1")
        try await pipeline.run()
        #expect(pipeline.results["frame1"]?.status == .success)
        #expect(pipeline.results["frame1"]?.command?.contains("data/img0.fits[1]") == true)
        // A frame the image does not have is the program's own message; more than one frame is refused up front.
        let missing = try makePipeline(folder)
        var second = sextractor()
        second.frames = [2]
        try missing.addStep(second, name: "frame2")
        #expect(await failure(missing)?.contains("Not enough valid FITS image extensions") == true)
        var both = sextractor()
        both.frames = [1, 2]
        #expect(throws: PipelineError.self) { try missing.addStep(both, name: "both") }
    }
}
