import AstroPipeline
import ArgumentParser
import Foundation
import SciCLI
import SciCore

extension PipelineCommand {
    /// `sci pipeline init`.
    struct Init: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a commented example pipeline (the full SExtractor → SCAMP → SWarp → PSFEx chain).",
            discussion: """
                It runs as is on the data of `sci pipeline synth data`.
                Example:
                  sci pipeline init > pipeline.yaml
                  sci pipeline init pipeline.yaml
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Where to write it (stdout when omitted).") var file: String?
        @Flag(help: "Replace an existing file.") var force = false

        func run() throws {
            guard let file else { print(PipelineExample.yaml, terminator: ""); return }
            if !force, FileManager.default.fileExists(atPath: file) { throw ValidationError("\(file) exists; add --force to replace it") }
            try AtomicFile.write(Data(PipelineExample.yaml.utf8), to: file)
        }
    }
}
