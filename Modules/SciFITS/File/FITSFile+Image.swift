internal import CFITSIO

extension FITSFile {
    /// The image in HDU `index` as physical values (BSCALE/BZERO applied), converted to `Element`.
    /// Blank integer pixels read as NaN into Float and Double. Throws `valueOutOfRange` when a value
    /// does not fit, for example a negative value read as UInt8.
    public func image<Element: FITSPixel>(at index: Int = 0, as type: Element.Type) throws -> FITSImage<Element> {
        let action = "cannot read the image in HDU \(index) of"
        let kind = try self.kind(at: index, action)
        guard kind == .image else { throw FITSError(action, path, .notAnImage(kind)) }
        let handle = try move(to: index, action)
        precondition(MemoryLayout<Element>.size == Element.pixelType.byteCount, "\(Element.self) does not match \(Element.pixelType)")

        var bitpix: Int32 = 0
        var axisCount: Int32 = 0
        var axes = [Int](repeating: 0, count: 9)
        var status: Int32 = 0
        ffgipr(handle, 9, &bitpix, &axisCount, &axes, &status)
        if status != 0 { throw failure(action, status) }
        if axisCount == 0 { throw FITSError(action, path, .noImageData) }
        // A cube of one plane (NAXIS3 = 1) is a 2-D image in all but name.
        if axisCount > 2, axes[2..<min(Int(axisCount), 9)].contains(where: { $0 != 1 }) { throw FITSError(action, path, .tooManyAxes(Int(axisCount))) }
        let width = axes[0]
        let height = axisCount >= 2 ? axes[1] : 1
        let count = width * height

        // cfitsio's null test on floats also catches infinities, so ask for it only where BLANK marks integers.
        var blankValue = 0
        var blankStatus: Int32 = 0
        let hasBlank = bitpix > 0 && ffgkyj(handle, "BLANK", &blankValue, nil, &blankStatus) == 0
        ffcmsg()
        var anyBlank: Int32 = 0
        var wholeReadError: (any Error)?
        let pixels = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Every type here is plain bits, so the buffer counts as initialised even if cfitsio stops early.
            initialized = count
            guard count > 0 else { return }
            do {
                if try readWholeFloatImage(handle, bitpix: bitpix, into: buffer) { return }
            } catch {
                wholeReadError = error
                return
            }
            withBlankValue(for: hasBlank ? Element.pixelType : nil) { blank in
                ffgpv(handle, Element.pixelType.datatype, 1, Int64(count), blank, buffer.baseAddress, &anyBlank, &status)
            }
        }
        if let wholeReadError { throw wholeReadError }
        if status != 0 { throw failure(action, status) }
        return FITSImage(width: width, height: height, pixels: pixels)
    }

    /// The image in HDU `index` as physical values in Double, whatever type the file stores.
    public func image(at index: Int = 0) throws -> FITSImage<Double> {
        try image(at: index, as: Double.self)
    }

    /// Appends the image as a new HDU (the primary HDU when the file has none) and returns its index.
    /// Types FITS lacks are stored as cfitsio does: UInt16 as int16 with BZERO 32768, Int8 as uint8 with
    /// BZERO -128, and so on. The header's own cards follow the ones that describe the data; its structural
    /// keywords (BITPIX, NAXISn, …) and BSCALE/BZERO are ignored, since the image and scaling decide them.
    @discardableResult
    public func appendImage<Element: FITSPixel>(_ image: FITSImage<Element>, header: FITSHeader = FITSHeader()) throws -> Int {
        try appendImage(image, storedAs: Element.pixelType, scale: 1, zero: 0, header: header)
    }

    /// Appends the image stored as `storedAs` with BSCALE = `scale` and BZERO = `zero`: the file holds
    /// (value − zero) / scale, rounded for integer types, and reading gives the values back. Returns the HDU index.
    /// `storedAs` must be a native FITS type (uint8, int16, int32, int64, float32, float64) unless scale is 1 and zero 0.
    @discardableResult
    public func appendImage<Element: FITSPixel>(
        _ image: FITSImage<Element>, storedAs stored: FITSPixelType, scale: Double, zero: Double,
        header: FITSHeader = FITSHeader()
    ) throws -> Int {
        let action = "cannot write an image to"
        let handle = try appendImageHeader(width: image.width, height: image.height, storedAs: stored, scale: scale, zero: zero, header: header, action)
        var status: Int32 = 0
        if !image.pixels.isEmpty {
            // cfitsio byte-swaps an unconverted array in place while it writes, so it gets a copy.
            var pixels = image.pixels
            ffppr(handle, Element.pixelType.datatype, 1, Int64(pixels.count), &pixels, &status)
        }
        if status != 0 { throw failure(action, status) }
        return try hduCount() - 1
    }

    /// Appends a new image HDU of `width` × `height` pixels stored as `stored`, with its scaling and the caller's
    /// header cards but no pixels yet, and returns the handle positioned on it.
    func appendImageHeader(
        width: Int, height: Int, storedAs stored: FITSPixelType, scale: Double, zero: Double, header: FITSHeader, _ action: String
    ) throws -> UnsafeMutablePointer<fitsfile> {
        try requireWritable(action)
        let scaled = scale != 1 || zero != 0
        if scaled, !stored.isNative {
            throw FITSError(action, path, .invalidHeader("\(stored) is stored with its own BZERO; choose a native type to scale"))
        }
        if scale == 0 || !scale.isFinite || !zero.isFinite {
            throw FITSError(action, path, .invalidHeader("BSCALE must be finite and not 0, BZERO finite"))
        }
        let cards = header.cards.filter { FITSFile.belongsInAppendedHeader($0) }
        if let problem = cards.lazy.compactMap(FITSFile.problem(in:)).first {
            throw FITSError(action, path, .invalidHeader(problem))
        }

        let handle = try newHDU(stored.bitpix, axes: [width, height], action)
        var status: Int32 = 0
        if scaled {
            try write(HeaderCard("BSCALE", .double(scale), comment: "physical = BZERO + BSCALE * stored value"),
                      handle, update: true, action)
            try write(HeaderCard("BZERO", .double(zero), comment: "offset of the physical values"), handle, update: true, action)
            ffpscl(handle, scale, zero, &status)
            if status != 0 { throw failure(action, status) }
        }
        for card in cards { try write(card, handle, update: false, action) }
        return handle
    }

    /// Appends an HDU with a header and no data, such as a primary HDU in front of image extensions.
    @discardableResult
    public func appendHeaderOnly(_ header: FITSHeader = FITSHeader()) throws -> Int {
        let action = "cannot write an HDU to"
        try requireWritable(action)
        let cards = header.cards.filter { FITSFile.belongsInAppendedHeader($0) }
        if let problem = cards.lazy.compactMap(FITSFile.problem(in:)).first {
            throw FITSError(action, path, .invalidHeader(problem))
        }
        let handle = try newHDU(BYTE_IMG, axes: [], action)
        for card in cards { try write(card, handle, update: false, action) }
        return try hduCount() - 1
    }

    // MARK: Private

    private func newHDU(_ bitpix: Int32, axes: [Int], _ action: String) throws -> UnsafeMutablePointer<fitsfile> {
        let count = try hduCount()
        // cfitsio appends a new HDU after the current one; make that the last.
        let handle = count > 0 ? try move(to: count - 1, action) : try liveHandle(action)
        var axes = axes
        var status: Int32 = 0
        ffcrim(handle, bitpix, Int32(axes.count), &axes, &status)
        if status != 0 { throw failure(action, status) }
        didAppendHDU(handle)
        return handle
    }

    /// Whether a card of a caller's header is copied into a new HDU: not the ones cfitsio derives from the
    /// data, nor the two COMMENT cards it adds to every primary header, which a copied header would repeat.
    private static func belongsInAppendedHeader(_ card: HeaderCard) -> Bool {
        let key = card.keyword.uppercased()
        if card.value != nil { return !isStructural(key) && key != "BSCALE" && key != "BZERO" }
        if key == "COMMENT" {
            return !card.comment.hasPrefix("  FITS (Flexible Image Transport System) format is defined in")
                && !card.comment.hasPrefix("  and Astrophysics', volume 376, page 359;")
        }
        return true
    }
}

/// Calls `body` with a pointer to NaN of the given float type, or with nil for integer types and no type: cfitsio
/// then turns BLANK pixels into NaN, and leaves integers as stored because they have no spare value.
private func withBlankValue(for type: FITSPixelType?, _ body: (UnsafeMutableRawPointer?) -> Void) {
    switch type {
    case .float32:
        var blank = Float.nan
        withUnsafeMutableBytes(of: &blank) { body($0.baseAddress) }
    case .float64:
        var blank = Double.nan
        withUnsafeMutableBytes(of: &blank) { body($0.baseAddress) }
    default:
        body(nil)
    }
}
