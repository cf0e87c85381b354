import Foundation

extension AstromaticRun {
    /// The run with the defaults a pipeline needs filled in where the user set nothing: Debian's filter file for
    /// SExtractor, no check-plots (they need plplot and a display), scratch output in the temp folder.
    func effective(paths: PipelinePaths, stepName: String) -> AstromaticRun {
        var run = self
        func fill(_ key: String, _ value: String?) {
            guard let value, run.value(key) == nil else { return }
            run.config[key] = value
        }
        let temp = paths.temp ?? "."
        switch tool {
        case .sextractor:
            if !parameters.isEmpty { fill("PARAMETERS_NAME", "\(temp)/\(stepName).param") }
            if (value("FILTER") ?? "Y").uppercased().hasPrefix("Y") {
                fill("FILTER_NAME", Self.existing("/usr/share/source-extractor/default.conv", "/usr/share/sextractor/default.conv"))
            }
            fill("STARNNW_NAME", Self.existing("/usr/share/source-extractor/default.nnw", "/usr/share/sextractor/default.nnw"))
            if !weightImages.isEmpty { fill("WEIGHT_TYPE", "MAP_WEIGHT") }
        case .scamp:
            fill("CHECKPLOT_TYPE", "NONE")
            fill("CHECKPLOT_DEV", "NULL")
        case .swarp:
            // Each step its own: two SWarp steps on the same images would overwrite each other's *.resamp.fits.
            fill("RESAMPLE_DIR", "\(temp)/\(stepName).tmp")
            if !weightImages.isEmpty { fill("WEIGHT_TYPE", "MAP_WEIGHT") }
        case .psfex:
            fill("CHECKPLOT_TYPE", "NONE")
            fill("CHECKPLOT_DEV", "NULL")
            fill("CHECKIMAGE_TYPE", "NONE")
            fill("PSF_DIR", temp)
        }
        if !weightImages.isEmpty { fill("WEIGHT_IMAGE", weightImages.map(selectingFrame).joined(separator: ",")) }
        if !flagImages.isEmpty { fill("FLAG_IMAGE", flagImages.map(selectingFrame).joined(separator: ",")) }
        return run
    }

    /// The arguments after the program name; `report` is where the XML goes.
    func arguments(report: String) -> [String] {
        var arguments = files.map(selectingFrame)
        if let configFile { arguments += ["-c", configFile] }
        for key in config.keys.sorted() where !["WRITE_XML", "XML_NAME"].contains(key.uppercased()) {
            arguments += ["-\(key.uppercased())", config[key]!]
        }
        // Always explicit: SExtractor writes no XML by default, and the others would all write one file in the CWD.
        return arguments + ["-WRITE_XML", "Y", "-XML_NAME", report]
    }

    private static func existing(_ candidates: String...) -> String? {
        candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
