import Foundation
import SciCore
import SciXML

/// What a program's XML report says: its error, its warnings and the figures worth keeping.
struct ToolReport {
    var errorMessage: String?
    var warnings: [String]
    var counts: [String: JSONValue]

    /// Warnings every run of these programs prints that say nothing about the data.
    static let expectedWarnings = [
        "ATLAS library without",
        "not found, using internal defaults",
        "FLAGS parameter not found in catalog",
        "I will take 1 instead",
    ]

    /// Reads the report; nil when the program wrote none (it died before, or never started).
    init?(path: String, tool: Tool) {
        guard FileManager.default.fileExists(atPath: path), let table = try? VOTable(contentsOf: path) else { return nil }
        errorMessage = table.errorMessage
        warnings = table.warnings.map(\.message)
        counts = [:]
        switch tool {
        case .sextractor:
            if let rows = table.table(named: "Extension_Data")?.rows, !rows.isEmpty {
                for key in ["NDetect", "NSextracted"] {
                    counts[key] = .int(rows.compactMap { $0[key]?.doubleValue }.reduce(0) { $0 + Int64($1) })
                }
                for key in ["Background_Mean", "Background_StDev", "Threshold"] { counts[key] = rows[0][key] }
            }
        case .scamp:
            if let fields = table.table(named: "Fields") { counts["Fields"] = .int(Int64(fields.rows.count)) }
            if let group = table.table(named: "FGroups")?.rows.first {
                for key in ["AstromSigma_Reference", "AstromSigma_Reference_HighSN", "AstromNDets_Reference",
                            "AstromSigma_Internal", "AstromChi2_Reference"] {
                    counts[key] = group[key]
                }
            }
        case .swarp:
            if let inputs = table.table(named: "Input_Image_Data") { counts["Images"] = .int(Int64(inputs.rows.count)) }
        case .psfex:
            if let field = table.table(named: "PSF_Fields")?.rows.first {
                for key in ["NStars_Loaded_Total", "NStars_Accepted_Total", "FWHM_Mean", "FWHM_Min", "FWHM_Max",
                            "Chi2_Mean", "Ellipticity_Mean"] {
                    counts[key] = field[key]
                }
            }
        }
        counts = counts.filter { $0.value != .null }
        if let duration = table.param(named: "Duration")?.value { counts["Duration"] = duration }
    }

    /// Warnings that mean the run did not do what was asked, though the programs only warn: a misspelt
    /// configuration key or output parameter.
    var fatalWarning: String? {
        warnings.first { $0.contains("keyword unknown") || $0.contains("catalog parameter unknown") }
    }

    /// Texts of warnings that mean an input was not used though the program went on: SWarp's "x.head header file
    /// not found" (the stack is built on the uncorrected WCS), SCAMP's "No valid source found in x.cat", a weight
    /// or flag map not found.
    static let unusedInputSigns = ["not found", "no valid source", "empty", "cannot open", "can't read", "could not read"]

    /// The first warning saying an input was not used, unless one of `allowed` is part of it.
    func unusedInputWarning(allowed: [String]) -> String? {
        notableWarnings.first { warning in
            let text = warning.lowercased()
            return Self.unusedInputSigns.contains { text.contains($0) } && !allowed.contains { warning.contains($0) }
        }
    }

    /// Warnings worth showing: all but the expected ones.
    var notableWarnings: [String] {
        warnings.filter { warning in !Self.expectedWarnings.contains { warning.contains($0) } }
    }
}
