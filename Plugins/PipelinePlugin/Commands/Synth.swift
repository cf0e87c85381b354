import AstroPipeline
import ArgumentParser
import SciCLI

extension PipelineCommand {
    /// `sci pipeline synth`.
    struct Synth: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "synth",
            abstract: "Write synthetic star-field exposures, weight maps and a reference catalog for testing.",
            discussion: """
                The header WCS of each image is off by a few arcseconds so SCAMP has work to do; synth.json says
                what was injected. The same seed gives the same bytes.
                Example:
                  sci pipeline synth data --images 3 --stars 160 --seed 42
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The folder to write.") var folder: String
        @Option(help: "Number of exposures.") var images = 3
        @Option(help: "Stars over the whole field.") var stars = 160
        @Option(help: "Image width and height in pixels.") var size = 512
        @Option(help: "Random seed.") var seed: UInt64 = 42
        @Option(help: "PSF FWHM in pixels.") var fwhm = 3.0

        func validate() throws {
            let limits = StarField.limits
            guard limits.images ~= images, limits.stars ~= stars, limits.size ~= size, limits.fwhm ~= fwhm else {
                throw ValidationError(
                    "--images must be in \(limits.images), --stars in \(limits.stars), --size in \(limits.size) and --fwhm in \(limits.fwhm)")
            }
        }

        func run() throws {
            var field = StarField()
            field.images = images
            field.stars = stars
            field.size = size
            field.seed = seed
            field.fwhm = fwhm
            try field.write(to: folder)
            if !globals.quiet { print("wrote \(images) images, weight maps, ref.cat and synth.json to \(folder)") }
        }
    }
}
