import Foundation

/// File-system failures, each naming the file and the system's reason.
public enum FileError: Error, SciErrorConvertible, Equatable {
    case cannotOpen(String, errno: Int32)
    case cannotRead(String, errno: Int32)
    case cannotWrite(String, errno: Int32)
    case insecurePermissions(String, mode: UInt16)

    public var sciError: SciError {
        switch self {
        case .cannotOpen(let path, let code):
            return SciError("cannot open \(path): \(String(cString: strerror(code)))")
        case .cannotRead(let path, let code):
            return SciError("cannot read \(path): \(String(cString: strerror(code)))")
        case .cannotWrite(let path, let code):
            return SciError("cannot write \(path): \(String(cString: strerror(code)))")
        case .insecurePermissions(let path, let mode):
            return SciError(
                "refusing to read secret file \(path): its mode \(String(mode, radix: 8)) lets other users read it",
                hint: "run `chmod 600 \(path)`")
        }
    }
}
