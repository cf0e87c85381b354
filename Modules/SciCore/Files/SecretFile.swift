import Foundation

/// Reads and writes secret files (API keys, tokens). They are written with mode 0600 and refused when others can read them.
public enum SecretFile {
    /// Reads a secret, trimming surrounding whitespace; throws when the file's mode lets group or others read it.
    public static func read(_ path: String) throws -> Secret {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileError.cannotOpen(path, errno: errno) }
        let mode = UInt16(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw FileError.insecurePermissions(path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        return Secret(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes a secret atomically with mode 0600.
    public static func write(_ secret: Secret, to path: String) throws {
        try AtomicFile.write(Data((secret.reveal() + "\n").utf8), to: path, permissions: 0o600)
    }
}
