public import Foundation
public import SciCore

/// A DIALS access token without a refresh token: what the api-access endpoint issues to an application.
public struct AccessToken: Sendable, Equatable {
    /// The token.
    public var accessToken: Secret
    /// `Bearer`.
    public var tokenType: String
    /// Its lifetime in seconds, as issued.
    public var expiresIn: Int
    /// When it expires.
    public var expiresAt: Date

    /// A token issued at `now`.
    public init(accessToken: Secret, tokenType: String = "Bearer", expiresIn: Int, now: Date = Date()) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.expiresAt = now.addingTimeInterval(TimeInterval(expiresIn))
    }

    /// Whether to fetch a new one: expired, or in the last tenth of its life (cmsdials' STALE).
    public func needsRefresh(now: Date = Date()) -> Bool {
        now >= expiresAt.addingTimeInterval(-0.1 * Double(expiresIn))
    }
}
