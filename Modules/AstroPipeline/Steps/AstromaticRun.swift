import Foundation

/// A typed run of one AstrOmatic program: input files, configuration file and overrides, output parameters.
public struct AstromaticRun: Sendable, Hashable {
    /// The program.
    public var tool: Tool
    /// The positional inputs: images for SExtractor and SWarp, catalogs for SCAMP and PSFEx.
    public var files: [String]
    /// Weight maps (`WEIGHT_IMAGE`; SExtractor also wants `WEIGHT_TYPE MAP_WEIGHT`), comma-joined for SWarp.
    public var weightImages: [String]
    /// Data-quality masks (`FLAG_IMAGE`, the wrapper's `dqmask`).
    public var flagImages: [String]
    /// Configuration overrides, `-KEY value` on the command line; they win over the configuration file.
    public var config: [String: String]
    /// A configuration file (`-c`), e.g. made with `sci pipeline config sextractor`.
    public var configFile: String?
    /// SExtractor output parameters; written to a per-step parameter file that becomes `PARAMETERS_NAME`.
    public var parameters: [String]
    /// The frame (FITS extension) of each image to measure, as the wrapper's `frames`: `[n]` reads `image.fits[n]`
    /// (and the same extension of its weight and flag maps); empty reads the whole file. Applies to the image
    /// readers, SExtractor and SWarp; a pipeline refuses more than one frame per run.
    public var frames: [Int]
    /// Largest acceptable SCAMP external RMS (`AstromSigma_Reference`, arcsec); a worse solution is an error
    /// even though SCAMP exits 0.
    public var maxAstrometricRMS: Double?

    /// A run of `tool` on `files`.
    public init(_ tool: Tool, files: [String], weightImages: [String] = [], flagImages: [String] = [],
                config: [String: String] = [:], configFile: String? = nil, parameters: [String] = [],
                frames: [Int] = [], maxAstrometricRMS: Double? = nil) {
        self.tool = tool
        self.files = files
        self.weightImages = weightImages
        self.flagImages = flagImages
        self.config = config
        self.configFile = configFile
        self.parameters = parameters
        self.frames = frames
        self.maxAstrometricRMS = maxAstrometricRMS ?? (tool == .scamp ? 1.0 : nil)
    }

    /// A configuration value, case-insensitively by key.
    public func value(_ key: String) -> String? {
        config.first { $0.key.uppercased() == key }?.value
    }

    /// Files the run reads, as written in the step (relative to the pipeline's folder).
    var impliedInputs: [String] {
        var inputs = files.map(Self.withoutFrame) + weightImages.map(Self.withoutFrame) + flagImages.map(Self.withoutFrame)
        if let configFile { inputs.append(configFile) }
        switch tool {
        case .sextractor:
            // With `parameters` the step writes PARAMETERS_NAME itself: it is hashed as the list, not as a file.
            let keys = ["PSF_NAME", "FILTER_NAME", "STARNNW_NAME"] + (parameters.isEmpty ? ["PARAMETERS_NAME"] : [])
            for key in keys { if let file = value(key) { inputs.append(file) } }
        case .scamp:
            if let reference = value("ASTREFCAT_NAME") { inputs.append(reference) }
        case .swarp:
            if let headers = value("HEADER_NAME") { inputs += headers.split(separator: ",").map(String.init) }
            if let weights = value("WEIGHT_IMAGE") { inputs += weights.split(separator: ",").map(String.init) }
        case .psfex:
            break
        }
        return inputs
    }

    /// Files the run writes, from its configuration and the programs' naming rules.
    var impliedOutputs: [String] {
        switch tool {
        case .sextractor:
            return [value("CATALOG_NAME") ?? "test.cat"]
        case .scamp:
            if let headers = value("HEADER_NAME") { return headers.split(separator: ",").map(String.init) }
            let suffix = value("HEADER_SUFFIX") ?? ".head"
            return files.map { Self.replacingExtension(of: $0, with: suffix) }
        case .swarp:
            return [value("IMAGEOUT_NAME") ?? "coadd.fits", value("WEIGHTOUT_NAME") ?? "coadd.weight.fits"]
        case .psfex:
            let suffix = value("PSF_SUFFIX") ?? ".psf"
            return files.map { file in
                let base = Self.replacingExtension(of: (file as NSString).lastPathComponent, with: suffix)
                guard let folder = value("PSF_DIR") else { return Self.replacingExtension(of: file, with: suffix) }
                return "\(folder)/\(base)"
            }
        }
    }

    /// `img.fits` → `img.fits[n]` when the run selects frame n of its images (a file already naming a frame keeps it).
    func selectingFrame(_ file: String) -> String {
        guard let frame = frames.first, tool == .sextractor || tool == .swarp, Self.withoutFrame(file) == file else { return file }
        return "\(file)[\(frame)]"
    }

    /// `img.fits[1]` → `img.fits`: the file behind a frame selection.
    static func withoutFrame(_ file: String) -> String {
        guard file.hasSuffix("]"), let open = file.lastIndex(of: "[") else { return file }
        return String(file[..<open])
    }

    /// `tmp/img0.cat` → `tmp/img0.head`, as SCAMP and PSFEx name their outputs.
    static func replacingExtension(of file: String, with suffix: String) -> String {
        let name = file as NSString
        let base = name.lastPathComponent as NSString
        let stem = base.pathExtension.isEmpty ? base as String : base.deletingPathExtension
        let folder = name.deletingLastPathComponent
        return folder.isEmpty ? stem + suffix : "\(folder)/\(stem)\(suffix)"
    }
}
