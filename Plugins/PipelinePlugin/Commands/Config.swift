import AstroPipeline
import ArgumentParser
import Foundation
import SciCLI

extension PipelineCommand {
    /// `sci pipeline config`.
    struct Config: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Print a program's default configuration (its -dd output), or its parameter list.",
            discussion: """
                Programs: sextractor (or sex, source-extractor), scamp, swarp, psfex.
                Example:
                  sci pipeline config sextractor > conf/default.sex
                  sci pipeline config sextractor --parameters > conf/all.param
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The program.") var tool: String
        @Flag(help: "SExtractor only: list the output parameters (-dp).") var parameters = false
        @Option(help: "The binary to use instead of searching PATH.") var binary: String?

        func run() async throws {
            guard let program = Tool(named: tool) else { throw ValidationError("unknown program '\(tool)': use sextractor, scamp, swarp or psfex") }
            if parameters, program != .sextractor { throw ValidationError("--parameters is for SExtractor only") }
            let buildPaths = BuildPaths(binary.map { [program: $0] } ?? [:])
            print(try await AstromaticDefaults.text(of: program, parameters: parameters, buildPaths: buildPaths), terminator: "")
        }
    }
}
