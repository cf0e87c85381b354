public import Foundation
public import SciCore
public import SciFITS

/// What `put` stores and `get` returns: the in-memory forms the formatters know.
public enum DatasetObject: Sendable, Equatable {
    /// Structured data (`StructuredDataDict`), stored as YAML or JSON.
    case structured(JSONValue)
    /// Text.
    case text(String)
    /// A FITS image (`SPHERExImage`, `ExposureF`, ...), in its primary HDU.
    case image(FITSImage<Double>)
    /// Bytes of any other file, kept as they are.
    case bytes(Data)
}
