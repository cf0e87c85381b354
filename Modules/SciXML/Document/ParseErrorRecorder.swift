internal import CLibXML2

/// Keeps the first error of a parse, which says where the text went wrong; libxml2's lastError keeps the last
/// one, often a consequence ("Premature end of data" at the end of the file after a mismatched tag).
final class ParseErrorRecorder {
    private(set) var first: (line: Int, column: Int?, message: String)?

    /// Hooks the recorder into one parser context; the context must not outlive the recorder.
    func attach(to context: xmlParserCtxtPtr) {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        // libxml2 calls this with the context's userData, which a new context sets to the context itself.
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let recorder = context.pointee._private else { return }
            Unmanaged<ParseErrorRecorder>.fromOpaque(recorder).takeUnretainedValue().record(error.pointee)
        }
    }

    private func record(_ error: xmlError) {
        guard first == nil, let message = LibXML.message(error) else { return }
        // For parser errors libxml2 keeps the column in int2; 0 means it did not know.
        first = (Int(max(error.line, 1)), error.int2 > 0 ? Int(error.int2) : nil, message)
    }
}
