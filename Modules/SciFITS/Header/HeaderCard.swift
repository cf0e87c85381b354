/// One header record: a keyword with a value and a comment, or a commentary card (HISTORY, COMMENT, blank).
public struct HeaderCard: Equatable, Hashable, Sendable {
    /// The keyword, without any `HIERARCH ` prefix: `NAXIS1`, `HISTORY`, `ESO DET CHIP NAME`.
    public var keyword: String
    /// The value; nil for commentary cards, which have none.
    public var value: HeaderValue?
    /// The comment after the value, or the text of a commentary card.
    public var comment: String

    /// A keyword card.
    public init(_ keyword: String, _ value: HeaderValue, comment: String = "") {
        self.keyword = keyword
        self.value = value
        self.comment = comment
    }

    /// A commentary card such as HISTORY or COMMENT, whose text follows the keyword.
    public init(commentary keyword: String, text: String) {
        self.keyword = keyword
        self.value = nil
        self.comment = text
    }

    /// A HISTORY card.
    public static func history(_ text: String) -> HeaderCard { HeaderCard(commentary: "HISTORY", text: text) }

    /// A COMMENT card.
    public static func comment(_ text: String) -> HeaderCard { HeaderCard(commentary: "COMMENT", text: text) }

    /// True for HISTORY, COMMENT, blank and other value-less cards.
    public var isCommentary: Bool { value == nil }

    /// True when written with the HIERARCH convention: a keyword longer than 8 characters or containing spaces.
    public var isHierarch: Bool { keyword.count > 8 || keyword.contains(" ") }
}
