internal import CFITSIO
import Foundation
import SciCore

/// Whole-image input and output for the common case of unscaled float pixels. cfitsio moves pixels through its
/// 28,800-byte buffers, converting and byte-swapping a piece at a time, which for a 1024² image means hundreds of
/// system calls and as many small copies; here the data unit is read with one `pread` straight into the caller's
/// array, and a new file is written from one header block and a few large writes.
extension FITSFile {
    /// Writes `image` as the only HDU (the primary) of a new FITS file at `path`, the way `create`, `appendImage`
    /// and `close()` would: written under a temporary name and renamed into place, an existing file replaced only
    /// when `overwrite` is true, and with `durable` false not synced before the rename (for a caller that syncs
    /// its files itself). Float images stored as float32 or float64 are converted here and written in large pieces;
    /// other types go through cfitsio.
    public static func writeImage<Element: FITSPixel>(
        _ image: FITSImage<Element>, storedAs stored: FITSPixelType = Element.pixelType, header: FITSHeader = FITSHeader(),
        to path: String, overwrite: Bool = false, durable: Bool = true
    ) throws {
        guard Element.self == Float.self || Element.self == Double.self, stored == .float32 || stored == .float64 else {
            let file = try FITSFile.create(path, overwrite: overwrite, durable: durable)
            try file.appendImage(image, storedAs: stored, scale: 1, zero: 0, header: header)
            try file.close()
            return
        }
        if !overwrite, FileManager.default.fileExists(atPath: path) { throw FITSError("cannot create", path, .alreadyExists) }
        if let file = try imageFile(image, storedAs: stored, header: header, path: path) {
            return try file.write(to: path, overwrite: overwrite, durable: durable)
        }
        let headerBlocks = try primaryHeader(width: image.width, height: image.height, storedAs: stored, header: header, path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FITSImageFile.largest, alignment: AtomicFile.directAlignment)
        defer { buffer.deallocate() }
        try writing(to: path, overwrite: overwrite, durable: durable) { file in
            try image.pixels.withUnsafeBytes { raw in
                try encode(raw, from: Element.self, as: stored, after: headerBlocks, into: buffer) { used in
                    try file.writeBypassingCache(UnsafeRawBufferPointer(rebasing: buffer[..<used]))
                }
            }
        }
    }

    /// The file `writeImage` would write for `image`, made in memory (`FITSImageFile`), so that making it and
    /// writing it can happen at different times or on different threads; nil when the image is not made of
    /// floats stored as floats, or the file would be larger than `FITSImageFile.largest`. `path` only names the
    /// file in errors.
    public static func imageFile<Element: FITSPixel>(
        _ image: FITSImage<Element>, storedAs stored: FITSPixelType = Element.pixelType, header: FITSHeader = FITSHeader(), path: String
    ) throws -> FITSImageFile? {
        guard Element.self == Float.self || Element.self == Double.self, stored == .float32 || stored == .float64 else { return nil }
        let (dataBytes, overflow) = image.pixels.count.multipliedReportingOverflow(by: stored == .float32 ? 4 : 8)
        guard !overflow, dataBytes <= FITSImageFile.largest else { return nil }
        let headerBlocks = try primaryHeader(width: image.width, height: image.height, storedAs: stored, header: header, path: path)
        let total = headerBlocks.count + dataBytes + (2880 - dataBytes % 2880) % 2880
        guard total <= FITSImageFile.largest else { return nil }
        let alignment = AtomicFile.directAlignment
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: (total + alignment - 1) / alignment * alignment, alignment: alignment)
        var count = 0
        do {
            try image.pixels.withUnsafeBytes { raw in
                // The buffer holds the whole file, so it is full only once, at the end.
                try encode(raw, from: Element.self, as: stored, after: headerBlocks, into: buffer) { count += $0 }
            }
        } catch {
            buffer.deallocate()
            throw error
        }
        return FITSImageFile(taking: buffer, count: count)
    }

    /// Writes a new file at `path` through `body` as `writeImage` promises: atomically, an existing file kept unless
    /// `overwrite`, synced when `durable`, and a system error as one `FITSError`.
    static func writing(to path: String, overwrite: Bool, durable: Bool, _ body: (AtomicFile) throws -> Void) throws {
        do {
            let file = try AtomicFile(destination: path)
            try body(file)
            if !overwrite, FileManager.default.fileExists(atPath: path) { throw FITSError("cannot create", path, .alreadyExists) }
            try file.commit(durable: durable)
        } catch let error as FileError {
            if case .cannotWrite(_, let code) = error { throw FITSError("cannot write", path, .system(String(cString: strerror(code)))) }
            throw error
        }
    }

    /// Reads an unscaled float image's pixels (BITPIX -32 into Float or Double, -64 into Double) with one read of
    /// the data unit into `buffer`; returns false, having read nothing, when the image or file does not qualify
    /// (scaled, compressed, open for writing, or cut short, which cfitsio's path then reports).
    func readWholeFloatImage<Element: FITSPixel>(
        _ handle: UnsafeMutablePointer<fitsfile>, bitpix: Int32, into buffer: UnsafeMutableBufferPointer<Element>
    ) throws -> Bool {
        let fromFloat32 = bitpix == FLOAT_IMG && (Element.self == Float.self || Element.self == Double.self)
        let fromFloat64 = bitpix == DOUBLE_IMG && Element.self == Double.self
        guard fromFloat32 || fromFloat64, mode == .readOnly, temporaryPath == nil, let base = buffer.baseAddress, !buffer.isEmpty else {
            return false
        }
        var status: Int32 = 0
        guard fits_is_compressed_image(handle, &status) == 0, status == 0, Self.isUnscaled(handle) else {
            ffcmsg()
            return false
        }
        var headStart: Int64 = 0
        var dataStart: Int64 = 0
        var dataEnd: Int64 = 0
        ffghadll(handle, &headStart, &dataStart, &dataEnd, &status)
        let stored = fromFloat64 ? 8 : 4
        let (bytes, overflow) = buffer.count.multipliedReportingOverflow(by: stored)
        guard status == 0, !overflow else { ffcmsg(); return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { Glibc.close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int64(info.st_size) - dataStart >= Int64(bytes) else { return false }
        let raw = UnsafeMutableRawPointer(base)
        if fromFloat64 || Element.self == Float.self {
            // Same width in the file and in memory: read in place, then swap the bytes.
            try readAll(descriptor, into: UnsafeMutableRawBufferPointer(start: raw, count: bytes), at: dataStart)
            if stored == 8 {
                let words = raw.assumingMemoryBound(to: UInt64.self)
                for index in 0..<buffer.count { words[index] = UInt64(bigEndian: words[index]) }
            } else {
                let words = raw.assumingMemoryBound(to: UInt32.self)
                for index in 0..<buffer.count { words[index] = UInt32(bigEndian: words[index]) }
            }
            return true
        }
        // float32 into Double: through a small buffer, converted a piece at a time.
        let output = raw.assumingMemoryBound(to: Double.self)
        let piece = 65_536
        let words = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: piece)
        defer { words.deallocate() }
        var done = 0
        while done < buffer.count {
            let count = min(piece, buffer.count - done)
            try readAll(descriptor, into: UnsafeMutableRawBufferPointer(start: words.baseAddress, count: count * 4), at: dataStart + Int64(done * 4))
            for index in 0..<count { output[done + index] = Double(Float(bitPattern: UInt32(bigEndian: words[index]))) }
            done += count
        }
        return true
    }

    // MARK: Private

    /// Whether the current HDU has neither BSCALE nor BZERO, or the identity ones.
    private static func isUnscaled(_ handle: UnsafeMutablePointer<fitsfile>) -> Bool {
        for (key, identity) in [("BSCALE", 1.0), ("BZERO", 0.0)] {
            var value = 0.0
            var status: Int32 = 0
            ffgkyd(handle, key, &value, nil, &status)
            if status == KEY_NO_EXIST { ffcmsg(); continue }
            if status != 0 || value != identity { ffcmsg(); return false }
        }
        return true
    }

    private func readAll(_ descriptor: Int32, into bytes: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let count = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw FITSError("cannot read the image of", path, .system(String(cString: strerror(errno)))) }
            if count == 0 { throw FITSError("cannot read the image of", path, .truncated) }
            done += count
        }
    }

    /// The primary header cfitsio would write for such an image, END card and blank padding included.
    private static func primaryHeader(width: Int, height: Int, storedAs stored: FITSPixelType, header: FITSHeader, path: String) throws -> [UInt8] {
        let action = "cannot write an image to"
        let memory = try FITSFile(inMemoryFor: path)
        let handle = try memory.appendImageHeader(width: width, height: height, storedAs: stored, scale: 1, zero: 0, header: header, action)
        var text: UnsafeMutablePointer<CChar>?
        var cards: Int32 = 0
        var status: Int32 = 0
        ffhdr2str(handle, 0, nil, 0, &text, &cards, &status)
        guard status == 0, let text else { throw memory.failure(action, status) }
        defer { fffree(text, &status) }
        var bytes = Array(UnsafeRawBufferPointer(start: text, count: strlen(text)))
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: (2880 - bytes.count % 2880) % 2880)
        // Closed as it is, the memory file would first grow to hold the image's data unit, zero-filled (4 MB for a
        // 1024² float32 image): its header is all that is wanted, so the header is emptied first.
        var emptied: Int32 = 0
        ffmkyj(handle, "NAXIS", 0, nil, &emptied)
        ffrdef(handle, &emptied)
        ffcmsg()
        return bytes
    }

    /// Encodes the header blocks, then the float pixels big-endian as `stored` and the data unit's padding, into
    /// `buffer`, handing each full buffer, and the last part, to `flush` with the number of bytes used (a buffer
    /// of `FITSImageFile.largest` makes a 1024² image one piece).
    private static func encode<Element>(
        _ pixels: UnsafeRawBufferPointer, from _: Element.Type, as stored: FITSPixelType, after header: [UInt8],
        into buffer: UnsafeMutableRawBufferPointer, flush write: (Int) throws -> Void
    ) throws {
        let count = pixels.count / MemoryLayout<Element>.stride
        let width = stored == .float32 ? 4 : 8
        let dataBytes = count * width
        let size = buffer.count
        var used = 0
        func flush() throws {
            try write(used)
            used = 0
        }
        // The header (a few 2,880-byte blocks) first: far smaller than the buffer.
        for start in stride(from: 0, to: header.count, by: size) {
            let piece = header[start..<min(header.count, start + size)]
            UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyBytes(from: piece)
            used += piece.count
            if used == size { try flush() }
        }
        var done = 0
        while done < count {
            if used + width > size { try flush() }
            let n = min((size - used) / width, count - done)
            let out = buffer.baseAddress! + used
            switch (Element.self == Float.self, width) {
            case (true, 4):
                let input = pixels.baseAddress!.assumingMemoryBound(to: Float.self) + done
                let output = out.assumingMemoryBound(to: UInt32.self)
                for index in 0..<n { output[index] = input[index].bitPattern.bigEndian }
            case (true, _):
                let input = pixels.baseAddress!.assumingMemoryBound(to: Float.self) + done
                let output = out.assumingMemoryBound(to: UInt64.self)
                for index in 0..<n { output[index] = Double(input[index]).bitPattern.bigEndian }
            case (false, 4):
                let input = pixels.baseAddress!.assumingMemoryBound(to: Double.self) + done
                let output = out.assumingMemoryBound(to: UInt32.self)
                for index in 0..<n { output[index] = Float(input[index]).bitPattern.bigEndian }
            case (false, _):
                let input = pixels.baseAddress!.assumingMemoryBound(to: Double.self) + done
                let output = out.assumingMemoryBound(to: UInt64.self)
                for index in 0..<n { output[index] = input[index].bitPattern.bigEndian }
            }
            used += n * width
            done += n
        }
        var padding = (2880 - dataBytes % 2880) % 2880
        while padding > 0 {
            if used == size { try flush() }
            let n = min(padding, size - used)
            (buffer.baseAddress! + used).initializeMemory(as: UInt8.self, repeating: 0, count: n)
            used += n
            padding -= n
        }
        if used > 0 { try flush() }
    }
}
