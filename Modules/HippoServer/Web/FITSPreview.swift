import Foundation
import SciFITS
import Synchronization

/// A small PNG of the first image in a FITS file: at most 512 pixels a side (averaged blocks), scaled linearly
/// between the 0.5th and 99.5th percentiles, north up (FITS rows run from the bottom). Previews are kept in memory
/// by file, since a file's body never changes.
final class FITSPreview: Sendable {
    /// The longest side of a preview, in pixels.
    static let side = 512
    /// Images with more pixels than this are not previewed: reading one takes 8 bytes a pixel.
    static let mostPixels = 1 << 24
    /// How many previews are kept.
    static let kept = 64

    private let cache = Mutex<[String: [UInt8]]>([:])

    /// The preview of the file `uuid` at `path`, rendered on a thread of its own (cfitsio blocks); nil when the file
    /// holds no 2-D image of a size we preview.
    func png(uuid: String, path: String) async -> [UInt8]? {
        if let kept = cache.withLock({ $0[uuid] }) { return kept }
        let rendered: [UInt8]? = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: FITSPreview.render(path: path)) }
        }
        if let rendered {
            cache.withLock { cache in
                if cache.count >= FITSPreview.kept, let any = cache.keys.first { cache[any] = nil }
                cache[uuid] = rendered
            }
        }
        return rendered
    }

    /// Reads and renders; nil for anything that is not a previewable image.
    static func render(path: String) -> [UInt8]? {
        guard let file = try? FITSFile(path), let hdus = try? file.hdus(),
            let hdu = hdus.first(where: { $0.kind == .image && $0.pixelType != nil && $0.dimensions.count >= 2 })
        else { return nil }
        let (pixels, overflow) = hdu.dimensions[0].multipliedReportingOverflow(by: hdu.dimensions[1])
        guard !overflow, hdu.dimensions[0] > 0, hdu.dimensions[1] > 0, pixels <= mostPixels, hdu.dimensions.dropFirst(2).allSatisfy({ $0 == 1 }),
            let image = try? file.image(at: hdu.index)
        else { return nil }
        return preview(width: image.width, height: image.height, pixels: image.pixels)
    }

    /// The PNG of an image given row by row from the bottom.
    static func preview(width: Int, height: Int, pixels: [Double]) -> [UInt8]? {
        guard width > 0, height > 0, pixels.count == width * height else { return nil }
        let block = max(1, (max(width, height) + side - 1) / side)
        let outWidth = (width + block - 1) / block, outHeight = (height + block - 1) / block
        var binned = [Double](repeating: .nan, count: outWidth * outHeight)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                var sum = 0.0, count = 0
                for sy in (y * block)..<min(height, (y + 1) * block) {
                    for sx in (x * block)..<min(width, (x + 1) * block) where pixels[sy * width + sx].isFinite {
                        sum += pixels[sy * width + sx]
                        count += 1
                    }
                }
                if count > 0 { binned[y * outWidth + x] = sum / Double(count) }
            }
        }
        let finite = binned.filter(\.isFinite).sorted()
        let low = finite.isEmpty ? 0 : finite[Int(Double(finite.count - 1) * 0.005)]
        let high = finite.isEmpty ? 1 : finite[Int(Double(finite.count - 1) * 0.995)]
        let span = high > low ? high - low : 1
        var grey = [UInt8](repeating: 0, count: outWidth * outHeight)
        for y in 0..<outHeight {
            // FITS counts rows from the bottom; a picture from the top.
            let source = (outHeight - 1 - y) * outWidth
            for x in 0..<outWidth {
                let value = binned[source + x]
                guard value.isFinite else { continue }
                grey[y * outWidth + x] = UInt8(max(0, min(255, ((value - low) / span * 255).rounded())))
            }
        }
        return PNGWriter.greyscale(width: outWidth, height: outHeight, pixels: grey)
    }
}
