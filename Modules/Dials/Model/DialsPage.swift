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

/// One row of a DIALS listing: field names to values.
public typealias DialsRow = [String: JSONValue]
