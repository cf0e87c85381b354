import Foundation

/// Node paths and query strings as Tiled's routes take them.
enum TiledPath {
    /// `a/b c/d` → `a/b%20c/d`; leading and trailing slashes dropped, so "" and "/" are the root.
    static func encode(_ path: String) -> String {
        path.split(separator: "/").map { segment in
            String(segment).addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? String(segment)
        }.joined(separator: "/")
    }

    /// `name=value&...` with brackets, quotes, `&`, `=` and `+` escaped, which URLComponents leaves alone.
    static func queryString(_ items: [URLQueryItem]) -> String {
        items.map { escape($0.name) + "=" + escape($0.value ?? "") }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: valueCharacters) ?? text
    }

    private static let segmentCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    private static let valueCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
}
