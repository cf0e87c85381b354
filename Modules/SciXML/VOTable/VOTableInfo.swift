/// An INFO element: a name and value a VOTable writer attaches, such as `QUERY_STATUS` = "OK".
public struct VOTableInfo: Sendable, Hashable {
    /// The name attribute.
    public var name: String
    /// The value attribute, as written.
    public var value: String
    /// The XML ID, when it has one.
    public var id: String?
    /// Any text inside the element.
    public var text: String

    /// Makes an INFO by hand.
    public init(name: String, value: String, id: String? = nil, text: String = "") {
        self.name = name
        self.value = value
        self.id = id
        self.text = text
    }
}
