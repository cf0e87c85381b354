import Foundation
import SciCore

/// What `sci` prints when a command fails: `error: <message>`, then `hint: <hint>` when there is one, and the
/// underlying cause only with `--verbose`, so no Swift type names reach the terminal otherwise.
struct ErrorReport: Equatable {
    /// The lines to print on standard error, without newlines.
    var lines: [String]
    /// The process exit code.
    var exitCode: Int32

    init(_ error: any Error, verbose: Bool) {
        var sciError = SciError.from(error)
        if !Self.speaksToUsers(error) {
            // `SciError.from` wraps unknown errors with `String(describing:)`, which can be a type dump.
            sciError.message = Self.userMessage(for: error)
            if sciError.hint == nil, !verbose { sciError.hint = "run the command again with --verbose for details" }
        }
        lines = ["error: \(Self.oneLine(sciError.message))"]
        if let hint = sciError.hint { lines.append("hint: \(Self.oneLine(hint))") }
        // A SciError made directly has no cause beyond its message; any other error shows its own form.
        if verbose, let cause = sciError.underlying ?? (error is SciError ? nil : String(reflecting: error)) {
            lines.append("cause: \(Self.oneLine(cause))")
        }
        exitCode = sciError.exitCode
    }

    /// The lines joined for the terminal.
    var text: String { lines.map { $0 + "\n" }.joined() }

    /// Errors that were written for users: SciCore's own, convertible ones and cancellation.
    private static func speaksToUsers(_ error: any Error) -> Bool {
        error is SciError || error is any SciErrorConvertible || error is CancellationError
    }

    private static func userMessage(for error: any Error) -> String {
        if let error = error as? DecodingError {
            switch error {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
                .valueNotFound(_, let context):
                return "could not read the data: \(context.debugDescription)"
            @unknown default:
                return "could not read the data"
            }
        }
        // Foundation's own errors carry sentences meant for people; a plain Swift error's domain is its type name.
        let nsError = error as NSError
        if [NSCocoaErrorDomain, NSPOSIXErrorDomain, NSURLErrorDomain].contains(nsError.domain) {
            return nsError.localizedDescription
        }
        return "unexpected failure"
    }

    /// One line of text, with any secret the process knows masked: a server may echo a token back in its error.
    private static func oneLine(_ text: String) -> String {
        Redactor.shared.redact(
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
    }
}
