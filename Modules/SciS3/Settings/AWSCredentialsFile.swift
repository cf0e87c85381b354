import Foundation
import SciCore

/// The shared credentials file of the AWS tools (`~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`): INI
/// sections named by profile, with `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`.
enum AWSCredentialsFile {
    /// The credentials of `profile` in the file's text; nil when the profile or its keys are missing.
    static func credentials(in text: String, profile: String) -> S3Credentials? {
        var section: String?
        var values: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                if section == profile { break }
                section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == profile, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let id = values["aws_access_key_id"], !id.isEmpty, let secret = values["aws_secret_access_key"], !secret.isEmpty
        else { return nil }
        return S3Credentials(
            accessKeyId: id, secretAccessKey: Secret(secret),
            sessionToken: values["aws_session_token"].flatMap { $0.isEmpty ? nil : Secret($0) })
    }

    /// Reads the file at `path`; a file that group or others can read is refused, as every secret file of sci is.
    static func read(_ path: String, profile: String) throws -> S3Credentials? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = UInt16(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw FileError.insecurePermissions(path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        return credentials(in: String(decoding: data, as: UTF8.self), profile: profile)
    }
}
