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

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func badConfigurationKeyIsAnError() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(sextractor(extra: ["BOGUS": "1"]), name: "sex")
        #expect(await failure(pipeline) == "step 0 (sex) failed: SExtractor: BOGUS keyword unknown")
        #expect(pipeline.results["sex"]?.status == .error)
        #expect(pipeline.runStepIndex == 0)
    }

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func missingInputIsTheProgramsOwnMessage() async throws {
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

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func ignoreErrorsContinues() async throws {
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
    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func framesSelectOneExtensionOfEachImage() async throws {
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
        #expect(errorMessage { try missing.addStep(both, name: "both") } == "step both: frames [1, 2] — a run measures one frame of its images; give one, or make a step per frame")
    }
}

/// Warnings that mean an input was not used fail the step; steps never share scratch files.
extension FailureTests {
    func swarp(_ name: String, headers: String) -> AstromaticRun {
        AstromaticRun(.swarp, files: ["data/img0.fits"],
                      config: ["HEADER_NAME": headers, "HEADER_SUFFIX": "NONE", "IMAGEOUT_NAME": "tmp/\(name).fits",
                               "WEIGHTOUT_NAME": "tmp/\(name).weight.fits", "SUBTRACT_BACK": "N", "VERBOSE_TYPE": "QUIET"])
    }

    @Test(.enabled(if: ProgramsOnPath.swarp, "needs SWarp on PATH")) func aHeaderNotFoundFailsTheStepUnlessItIsAllowed() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(swarp("stack", headers: "tmp/typo.head"), name: "stack")
        #expect(await failure(pipeline) == "step 0 (stack) failed: SWarp: tmp/typo.head header file not found "
            + "(an input was not used; if that is intended, add it to the step's allow_warnings)")
        // SWarp wrote the stack, on the uncorrected WCS: the step lists it but failed.
        #expect(pipeline.results["stack"]?.outputs == ["tmp/stack.fits", "tmp/stack.weight.fits"])

        let allowed = try makePipeline(folder)
        try allowed.addStep(Step(name: "stack", action: .astromatic(swarp("stack", headers: "tmp/typo.head")),
                                 allowedWarnings: ["header file not found"]))
        try await allowed.run()
        #expect(allowed.results["stack"]?.status == .success)
        #expect(allowed.results["stack"]?.warnings == ["tmp/typo.head header file not found"])
    }

    @Test(.enabled(if: ProgramsOnPath.swarp, "needs SWarp on PATH")) func parallelSWarpStepsOnTheSameImagesResampleInFoldersOfTheirOwn() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        for name in ["one", "two"] {
            var run = swarp(name, headers: "")
            run.config["HEADER_NAME"] = nil
            run.config["HEADER_SUFFIX"] = nil
            run.config["DELETE_TMPFILES"] = "N"
            try pipeline.addStep(run, name: name)
        }
        try await pipeline.run(jobs: 2)
        for name in ["one", "two"] {
            let command = try #require(pipeline.results[name]?.command)
            let folderArgument = try #require(command.firstIndex(of: "-RESAMPLE_DIR")).advanced(by: 1)
            #expect(command[folderArgument] == "tmp/\(name).tmp")
            #expect(pipeline.results[name]?.status == .success)
        }
        // Scratch folders go when their step ends.
        #expect(!FileManager.default.fileExists(atPath: folder.file("tmp/one.tmp")))
    }

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func catalogsAreFingerprintedWithoutTheirRunTimes() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try makePipeline(folder)
        try pipeline.addStep(sextractor(), name: "sex")
        try await pipeline.run()
        let catalog = folder.file("tmp/img0.cat")
        let original = try Data(contentsOf: URL(fileURLWithPath: catalog))
        let copy = folder.file("tmp/copy.cat")
        func retimed(_ keyword: String, _ value: String) throws -> Data {
            var bytes = [UInt8](original)
            let key = Array(keyword.utf8)
            let start = try #require((0..<(bytes.count / 80)).map { $0 * 80 }.first { Array(bytes[$0..<$0 + key.count]) == key })
            let card = Array("\(keyword.padding(toLength: 8, withPad: " ", startingAt: 0))= \(value)".padding(toLength: 80, withPad: " ", startingAt: 0).utf8)
            bytes.replaceSubrange(start..<start + 80, with: card)
            return Data(bytes)
        }
        func sum(_ data: Data) async throws -> String? {
            try data.write(to: URL(fileURLWithPath: copy))
            return try await Self.fingerprint(reading: copy)
        }
        let plain = try #require(try await sum(original))
        #expect(try await sum(retimed("SEXTIME", "'23:59:59'")) == plain)
        #expect(try await sum(retimed("SEXDATE", "'1999-01-01'")) == plain)
        #expect(try await sum(retimed("SEXNDET", "1")) != plain)
    }

    /// Files a user may have: one dated after 2262 (nanoseconds past Int64) and a FITS header that claims
    /// Int64.max bytes of data. Both are fingerprinted; neither traps.
    @Test func hostileFilesAreFingerprintedWithoutTrapping() async throws {
        let folder = try TemporaryDirectory()
        let future = folder.file("future.txt")
        try Data("text".utf8).write(to: URL(fileURLWithPath: future))
        var times = [timespec(tv_sec: 13_569_465_600, tv_nsec: 0), timespec(tv_sec: 13_569_465_600, tv_nsec: 0)]  // 2400-01-01
        #expect(utimensat(AT_FDCWD, future, &times, 0) == 0)
        #expect(try await Self.fingerprint(reading: future) != nil)
        let cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    1",
                     "NAXIS1  =  9223372036854775807", "END"]
        let header = cards.map { $0.padding(toLength: 80, withPad: " ", startingAt: 0) }.joined()
        let huge = folder.file("huge.fits")
        try Data(header.padding(toLength: 2880 * 2, withPad: " ", startingAt: 0).utf8).write(to: URL(fileURLWithPath: huge))
        #expect(try await Self.fingerprint(reading: huge) != nil)
    }

    /// The fingerprint of a step that reads only `path`: it changes exactly when the file's checksum does.
    static func fingerprint(reading path: String) async throws -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let pipeline = try Pipeline(paths: PipelinePaths(["log": "log.\(UInt32.random(in: 0...UInt32.max))"]), workingDirectory: folder)
        try pipeline.addStep(Step(name: "read", action: .custom(CustomStep(identity: "read") { _ in .success() }),
                                  inputs: [(path as NSString).lastPathComponent]))
        try await pipeline.run()
        return pipeline.results["read"]?.fingerprint
    }
}
