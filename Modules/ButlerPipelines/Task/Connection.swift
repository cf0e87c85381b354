/// One dataset a task reads or writes, as pipe_base's `connectionTypes.Input`/`Output`: the connection's name in the
/// task (`inputImage`), the dataset type it is bound to (`rawexp`, renamed in the config with
/// `connections.inputImage: rawexp`), its dimensions and storage class.
public struct Connection: Sendable, Hashable, Codable {
    /// The name the task uses for it.
    public var name: String
    /// The dataset type's name.
    public var datasetType: String
    /// The dataset type's dimensions.
    public var dimensions: [String]
    /// The storage class, which decides how it is read and written (`SPHERExImage`, `StructuredDataDict`, ...).
    public var storageClass: String
    /// Whether a quantum takes every matching dataset (dimensions beyond the task's) rather than exactly one.
    public var multiple: Bool

    /// A connection.
    public init(name: String, datasetType: String, dimensions: [String], storageClass: String, multiple: Bool = false) {
        self.name = name
        self.datasetType = datasetType
        self.dimensions = dimensions.sorted()
        self.storageClass = storageClass
        self.multiple = multiple
    }
}
