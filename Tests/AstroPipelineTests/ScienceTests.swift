import AstroPipeline
import Foundation
import SciCore
import Testing
import TestSupport

/// The seed's full example on synthetic data, with the real programs, judged by the science.
@Suite(.serialized) struct ScienceTests {
    @Test(.enabled(if: ProgramsOnPath.astromatic, "needs SExtractor, SCAMP, SWarp and PSFEx on PATH")) func fullExampleRecoversStarsAstrometryAndPSF() async throws {
        let folder = try TemporaryDirectory()
        let summary = try StarField().write(to: folder.file("data"))
        let pipeline = try PipelineFile.parse(PipelineExample.yaml, workingDirectory: folder.path)
        let report = try await pipeline.run(jobs: 2)
        #expect(report.ran.count == 9)

        for index in 0..<3 {
            let injected = try #require(summary["images"].flatMap { if case .array(let list) = $0 { list[index] } else { nil } }?["stars_inside"]?.doubleValue)
            let detected = try #require(pipeline.results["sex\(index)"]?.number("NSextracted"))
            #expect(abs(detected - injected) <= 0.1 * injected, "image \(index): \(detected) detected, \(injected) injected")
        }
        let scamp = try #require(pipeline.results["scamp"])
        let sigma = try #require(scamp.number("AstromSigma_Reference"))
        #expect(sigma < 0.1, "SCAMP external RMS \(sigma)\"")
        #expect((scamp.number("AstromNDets_Reference") ?? 0) >= 30)
        let fwhm = try #require(pipeline.results["psfex"]?.number("FWHM_Mean"))
        #expect(abs(fwhm - 3.0) < 0.3, "PSF FWHM \(fwhm) px vs 3.0 injected")
        #expect(FileManager.default.fileExists(atPath: folder.file("work/catalogs/final_psf.cat")))
        #expect(FileManager.default.fileExists(atPath: folder.file("work/log/scamp.xml")))

        // Nothing changed: everything is up to date, as make would say; --force runs again.
        let again = try await pipeline.run(jobs: 2)
        #expect(again.ran.isEmpty && again.upToDate.count == 9)
        let forced = try await pipeline.run(runTags: ["step1"], force: true)
        #expect(forced.ran == ["sex0", "sex1", "sex2"])
    }

    @Test func syntheticDataAreDeterministic() throws {
        let one = try TemporaryDirectory(), two = try TemporaryDirectory()
        var field = StarField()
        field.size = 128
        field.stars = 20
        try field.write(to: one.path)
        try field.write(to: two.path)
        for name in ["img0.fits", "img1.weight.fits", "ref.cat", "synth.json"] {
            #expect(try Checksum.xxh64(ofFileAt: one.file(name)) == Checksum.xxh64(ofFileAt: two.file(name)), "\(name) differs")
        }
    }
}
