import HippoMeta

/// What the search page asks of products: words of the name, an owner, a metadata type and values of its fields.
struct ProductFilter: Sendable {
    /// How one field's value is matched, chosen by the field's type.
    enum Match: Sendable, Equatable {
        /// A text field holding the text (case-insensitive).
        case contains(String)
        /// A date starting with the text (`2026`, `2026-03-01T12`).
        case startsWith(String)
        /// A choice, exactly.
        case equals(String)
        /// A number, exactly.
        case number(Double)
        /// A field holding a string or an integer, as text.
        case textOrInteger(String)
        /// A list holding the item.
        case item(String)
        /// A map with a key or a value holding the text.
        case keyOrValue(String)

        /// The text a matching field's value (or key) holds, nil for a number (written in JSON in several ways).
        var text: String? {
            switch self {
            case .contains(let text), .startsWith(let text), .equals(let text), .textOrInteger(let text), .item(let text), .keyOrValue(let text): text
            case .number: nil
            }
        }
    }

    /// One field of the chosen type and how it must match.
    struct Condition: Sendable {
        /// The field, from hippometa's model (never a name from the request).
        var field: MetadataKind.Field
        /// What the field must hold.
        var value: Match
    }

    /// Words, any of which the name must hold.
    var text = ""
    /// The owner's name, exactly.
    var owner = ""
    /// The metadata type, if one is chosen.
    var kind: MetadataKind?
    /// The fields of `kind` given a value.
    var conditions: [Condition] = []

    /// The filter a search form asks for: `type` picks the metadata type, `field.NAME` its fields' values. Fields of
    /// other types and unknown names are ignored; a value a field cannot hold (a word for a number, a choice that is
    /// not one) is an error to show beside the form.
    init(text: String, owner: String, type: String, fields: [String: String]) throws(WebError) {
        self.text = text.trimmingCharacters(in: .whitespaces)
        self.owner = owner.trimmingCharacters(in: .whitespaces)
        let tag = type.trimmingCharacters(in: .whitespaces)
        guard !tag.isEmpty else { return }
        guard let kind = MetadataKind.all[tag] else { throw WebError(400, "There is no metadata type \(tag).") }
        self.kind = kind
        for field in kind.fields {
            guard let raw = fields[field.name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { continue }
            conditions.append(Condition(field: field, value: try ProductFilter.match(raw, for: field)))
        }
    }

    /// An empty filter: every product.
    init() {}

    /// Whether the filter asks for anything at all.
    var isEmpty: Bool { text.isEmpty && owner.isEmpty && kind == nil }

    private static func match(_ raw: String, for field: MetadataKind.Field) throws(WebError) -> Match {
        switch field.type {
        case .string: return .contains(raw)
        case .dateTime: return .startsWith(raw)
        case .choice(let choices):
            guard choices.contains(raw) else {
                throw WebError(400, "\(field.name) is one of \(choices.joined(separator: ", ")), not \(raw).")
            }
            return .equals(raw)
        case .number:
            guard let number = Double(raw), number.isFinite else { throw WebError(400, "\(field.name) is a number, not \(raw).") }
            return .number(number)
        case .stringOrInteger: return .textOrInteger(raw)
        case .strings: return .item(raw)
        case .stringMap: return .keyOrValue(raw)
        }
    }
}
