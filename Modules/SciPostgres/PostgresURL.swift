/// Checks on a connection URL given on a command line or in a config file. The password belongs in `PGPASSWORD` or
/// `~/.pgpass`: in a URL it would be seen in process listings, shell history and the files that record the URL.
public enum PostgresURL {
    /// Whether `url` carries a password (`user:password@` or a `password=` parameter).
    public static func holdsPassword(_ url: String) -> Bool {
        let authority = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        let userInfo = authority.lastIndex(of: "@").map { authority[..<$0] } ?? ""
        return userInfo.contains(":") || url.contains("password=")
    }

    /// `postgresql://user:***@host`: `url` with its password (if any) hidden, for messages.
    public static func redacted(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://") {
            let authorityEnd = text[scheme.upperBound...].firstIndex(where: { "/?".contains($0) }) ?? text.endIndex
            if let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        var searchStart = text.startIndex
        while let value = text.range(of: "password=", range: searchStart..<text.endIndex) {
            let end = text[value.upperBound...].firstIndex(of: "&") ?? text.endIndex
            let offset = text.distance(from: text.startIndex, to: value.upperBound)
            text.replaceSubrange(value.upperBound..<end, with: "***")
            searchStart = text.index(text.startIndex, offsetBy: offset + 3)
        }
        return text
    }
}
