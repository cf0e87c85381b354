public import SciCore
import Foundation

/// One page of a DIALS listing: its rows and the cursor (`next_token`) of the page after it.
public struct DialsPage: Sendable {
    /// The rows, as DIALS sent them.
    public var rows: [DialsRow]
    /// The `next_token` of the next page; nil on the last page.
    public var nextToken: String?
    /// The `next` URL as the server sent it.
    public var next: String?

    /// A page.
    public init(rows: [DialsRow], nextToken: String?, next: String?) {
        self.rows = rows
        self.nextToken = nextToken
        self.next = next
    }

    /// Reads the envelope `{"next": ..., "previous": ..., "results": [...]}`.
    init(parsing data: Data, url: String) throws {
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch { throw DialsError.unexpectedAnswer(url: url, reason: "\(error)") }
        guard case .object(let envelope) = value, case .array(let results)? = envelope["results"] else {
            throw DialsError.unexpectedAnswer(url: url, reason: "no results list")
        }
        rows = try results.map { result in
            guard case .object(let row) = result else { throw DialsError.unexpectedAnswer(url: url, reason: "a result is not an object") }
            return row
        }
        next = envelope["next"]?.stringValue
        nextToken = try next.map { next in
            // Only the cursor is taken from `next`, as cmsdials does: the host a proxy puts there may not be ours.
            guard let token = URLComponents(string: next)?.queryItems?.first(where: { $0.name == "next_token" })?.value else {
                throw DialsError.unexpectedAnswer(url: url, reason: "next has no next_token: \(next)")
            }
            return token
        }
    }
}

extension DialsPage {
    /// The `next_token` of a page read from the start of its body without parsing the rows, so the next page can be
    /// asked for while this one is parsed. DIALS (DRF) writes `next` first; `.unknown` when it is not found there.
    enum Peek: Equatable { case last, token(String), unknown }

    static func peekNextToken(_ body: Data) -> Peek {
        let head = body.prefix(8192)
        guard let key = head.range(of: Data("\"next\":".utf8)) else { return .unknown }
        if let results = head.range(of: Data("\"results\"".utf8)), results.lowerBound < key.lowerBound { return .unknown }
        var index = key.upperBound
        while index < head.endIndex, head[index] == UInt8(ascii: " ") { index += 1 }
        if head[index...].starts(with: Data("null".utf8)) { return .last }
        guard index < head.endIndex, head[index] == UInt8(ascii: "\""),
              let end = head[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return .unknown }
        let url = String(decoding: head[(index + 1)..<end], as: UTF8.self)
        guard !url.contains("\\"), let token = URLComponents(string: url)?.queryItems?.first(where: { $0.name == "next_token" })?.value
        else { return .unknown }
        return .token(token)
    }
}

/// A page's body as it arrived, parsed on demand.
public struct DialsRawPage: Sendable {
    let body: Data
    let url: String
    /// The cursor of the next page when it could be read without parsing the rows; nil when this is the last page.
    /// Throws only when the body is not a DIALS page.
    public func nextToken() throws -> String? {
        switch DialsPage.peekNextToken(body) {
        case .last: return nil
        case .token(let token): return token
        case .unknown: return try parse().nextToken
        }
    }

    /// The rows and cursor.
    public func parse() throws -> DialsPage { try DialsPage(parsing: body, url: url) }
}

/// One row of a DIALS listing: field names to values.
public typealias DialsRow = [String: JSONValue]
