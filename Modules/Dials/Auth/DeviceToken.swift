public import Foundation
public import SciCore

/// Tokens from the device flow, stored as cmsdials stores them: `<cache dir>/creds` (default `./.cache/creds`, in the
/// working directory), JSON with naive local ISO timestamps. sci writes it atomically with mode 0600.
public struct DeviceToken: Sendable, Equatable {
    /// The DIALS access token.
    public var accessToken: Secret
    /// Its lifetime in seconds, as issued.
    public var expiresIn: Int
    /// The refresh token's lifetime in seconds, as issued.
    public var refreshExpiresIn: Int
    /// The refresh token of the public app.
    public var refreshToken: Secret
    /// `Bearer`.
    public var tokenType: String
    /// When the access token expires.
    public var expiresAt: Date
    /// When the refresh token expires.
    public var refreshExpiresAt: Date

    /// A token issued now.
    public init(accessToken: Secret, expiresIn: Int, refreshToken: Secret, refreshExpiresIn: Int, tokenType: String = "Bearer",
                now: Date = Date()) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.refreshExpiresIn = refreshExpiresIn
        self.tokenType = tokenType
        self.expiresAt = now.addingTimeInterval(TimeInterval(expiresIn))
        self.refreshExpiresAt = now.addingTimeInterval(TimeInterval(refreshExpiresIn))
    }

    /// cmsdials' default cache folder, `.cache`, taken relative to the working directory as cmsdials does.
    public static let defaultCacheDirectory = ".cache"

    /// The cache file in a folder.
    public static func cacheFile(in directory: String = defaultCacheDirectory) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + "creds"
    }

    /// Whether the access token should be refreshed: expired, or in the last tenth of its life (cmsdials' STALE).
    public func needsRefresh(now: Date = Date()) -> Bool {
        now >= expiresAt.addingTimeInterval(-0.1 * Double(expiresIn))
    }

    /// Whether the refresh token is spent too (cmsdials' INVALID).
    public func refreshExpired(now: Date = Date()) -> Bool { now >= refreshExpiresAt }

    /// Reads a cache file; throws `DialsError.notLoggedIn` when there is none.
    public static func read(from path: String) throws -> DeviceToken {
        guard FileManager.default.fileExists(atPath: path) else { throw DialsError.notLoggedIn(cacheFile: path) }
        let text = try SecretFile.read(path).reveal()
        guard case .object(let json) = try JSONParser.parse(Data(text.utf8)),
              let access = json["access_token"]?.stringValue, let refresh = json["refresh_token"]?.stringValue,
              let expiresAt = json["expires_at"]?.stringValue.flatMap(parseTimestamp),
              let refreshExpiresAt = json["refresh_expires_at"]?.stringValue.flatMap(parseTimestamp)
        else {
            throw SciError("the DIALS credentials file \(path) is not one cmsdials or sci wrote", hint: "run `sci dials login`")
        }
        var token = DeviceToken(
            accessToken: Secret(access), expiresIn: lifetime(json["expires_in"]), refreshToken: Secret(refresh),
            refreshExpiresIn: lifetime(json["refresh_expires_in"]), tokenType: json["token_type"]?.stringValue ?? "Bearer")
        token.expiresAt = expiresAt
        token.refreshExpiresAt = refreshExpiresAt
        return token
    }

    /// The longest lifetime believed, in seconds (ten years): a larger one, from a file or an identity provider,
    /// would put the expiry past what dates and timers can hold.
    public static let longestLifetime = 315_360_000

    /// A lifetime in seconds as a file or an identity provider gives it, bounded to 0...`longestLifetime`.
    public static func lifetime(_ value: JSONValue?, default fallback: Int = 0) -> Int {
        guard let seconds = value?.intValue else { return fallback }
        return Int(min(max(seconds, 0), Int64(longestLifetime)))
    }

    /// Writes the cache file atomically with mode 0600, creating its folder.
    public func write(to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let json: JSONValue = .object([
            "access_token": .string(accessToken.reveal()), "expires_in": .int(Int64(expiresIn)),
            "refresh_expires_in": .int(Int64(refreshExpiresIn)), "refresh_token": .string(refreshToken.reveal()),
            "token_type": .string(tokenType), "expires_at": .string(Self.timestamp(expiresAt)),
            "refresh_expires_at": .string(Self.timestamp(refreshExpiresAt)),
        ])
        try AtomicFile.write(Data(json.jsonString().utf8), to: path, permissions: 0o600)
    }

    /// Python's `datetime.isoformat()` of a naive local time: `2026-11-22T17:18:20.484804`.
    static func timestamp(_ date: Date) -> String {
        // Bounded to years 1..9999 (what Python's datetime holds), so the conversion to time_t cannot trap.
        let seconds = min(max(date.timeIntervalSince1970, -62_135_596_800), 253_402_300_799).rounded(.down)
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        let micros = Int(min(max((date.timeIntervalSince1970 - seconds) * 1_000_000, 0), 999_999).rounded(.down))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }

    /// Reads `datetime.fromisoformat` text of a naive local time, with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        let main = text.prefix(19)
        let numbers = main.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int32($0) }
        // Python's datetime range, checked before any arithmetic on numbers read from a file.
        guard numbers.count == 6, (1...9999).contains(numbers[0]), (1...12).contains(numbers[1]), (1...31).contains(numbers[2]),
              (0...23).contains(numbers[3]), (0...59).contains(numbers[4]), (0...60).contains(numbers[5])
        else { return nil }
        var parts = tm()
        parts.tm_year = numbers[0] - 1900
        parts.tm_mon = numbers[1] - 1
        parts.tm_mday = numbers[2]
        parts.tm_hour = numbers[3]
        parts.tm_min = numbers[4]
        parts.tm_sec = numbers[5]
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        var fraction = 0.0
        if text.count > 20, text[text.index(text.startIndex, offsetBy: 19)] == "." {
            fraction = Double("0." + text.dropFirst(20).prefix(while: \.isNumber)) ?? 0
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
