/// The cards of one HDU's header, in order; look values up by keyword as in astropy: `header["NAXIS1"]`.
///
/// A header read from a file is a snapshot: changing it changes nothing on disk. Write changes with
/// `FITSFile.setValue(_:forKey:comment:inHDU:)` and friends, or pass a header to `FITSFile.appendImage`.
public struct FITSHeader: Equatable, Sendable, Sequence, ExpressibleByArrayLiteral {
    /// Every card, in file order, CONTINUE cards already joined into their long strings.
    public var cards: [HeaderCard]

    /// A header with these cards.
    public init(_ cards: [HeaderCard] = []) { self.cards = cards }

    /// A header written as a list of cards: `[HeaderCard("OBJECT", "M31"), .history("made")]`.
    public init(arrayLiteral cards: HeaderCard...) { self.cards = cards }

    /// Iterates over the cards in order.
    public func makeIterator() -> IndexingIterator<[HeaderCard]> { cards.makeIterator() }

    /// The number of cards.
    public var count: Int { cards.count }

    /// The value of the first card with this keyword (case-insensitive); nil when absent or commentary.
    /// Setting replaces that card's value (keeping its comment) or appends a card; setting nil removes every such card.
    public subscript(keyword: String) -> HeaderValue? {
        get { firstIndex(of: keyword).flatMap { cards[$0].value } }
        set {
            guard let newValue else {
                removeValue(forKey: keyword)
                return
            }
            setValue(newValue, forKey: keyword)
        }
    }

    /// The comment of the first card with this keyword.
    public func comment(forKey keyword: String) -> String? {
        firstIndex(of: keyword).map { cards[$0].comment }
    }

    /// True when a card has this keyword.
    public func contains(_ keyword: String) -> Bool { firstIndex(of: keyword) != nil }

    /// The keywords of cards that carry a value, in order, without repeats.
    public var keywords: [String] {
        var seen = Set<String>()
        return cards.filter { !$0.isCommentary }.map(\.keyword).filter { seen.insert($0.uppercased()).inserted }
    }

    /// The text of every HISTORY card, in order.
    public var history: [String] { commentary("HISTORY") }

    /// The text of every COMMENT card, in order.
    public var comments: [String] { commentary("COMMENT") }

    /// Sets the value of the first card with this keyword, or appends one; a nil comment keeps the existing one.
    public mutating func setValue(_ value: HeaderValue, forKey keyword: String, comment: String? = nil) {
        if let index = firstIndex(of: keyword) {
            cards[index].value = value
            if let comment { cards[index].comment = comment }
        } else {
            cards.append(HeaderCard(keyword, value, comment: comment ?? ""))
        }
    }

    /// Removes every card with this keyword.
    public mutating func removeValue(forKey keyword: String) {
        let key = keyword.uppercased()
        cards.removeAll { $0.keyword.uppercased() == key }
    }

    /// Appends a card, even when its keyword is already present.
    public mutating func append(_ card: HeaderCard) { cards.append(card) }

    /// Appends a HISTORY card.
    public mutating func addHistory(_ text: String) { cards.append(.history(text)) }

    /// Appends a COMMENT card.
    public mutating func addComment(_ text: String) { cards.append(.comment(text)) }

    private func firstIndex(of keyword: String) -> Int? {
        // FITS keywords are upper case; users write `header["naxis1"]` too.
        let key = keyword.uppercased()
        return cards.firstIndex { $0.keyword.uppercased() == key && !$0.isCommentary }
            ?? cards.firstIndex { $0.keyword.uppercased() == key }
    }

    private func commentary(_ keyword: String) -> [String] {
        cards.filter { $0.isCommentary && $0.keyword == keyword }.map(\.comment)
    }
}
