/// The formatter for each storage class: daf_butler's names where they exist, plain files otherwise.
public enum Formatters {
    /// The formatter for `storageClass`, or a configured formatter name (`datastore.formatters`) when given.
    public static func formatter(forStorageClass storageClass: String, configured: String? = nil) -> any DatasetFormatter {
        let all: [any DatasetFormatter] = [YAMLFormatter(), JSONFormatter(), TextFormatter(), FITSImageFormatter(), PlainFileFormatter()]
        if let configured, let match = all.first(where: { $0.name == configured || $0.name.hasSuffix("." + configured) }) {
            return match
        }
        switch storageClass {
        case "StructuredDataDict", "StructuredData", "StructuredDataList", "Config", "Packages": return YAMLFormatter()
        case "StructuredDataJson", "JSON", "ArrowTable": return storageClass == "ArrowTable" ? PlainFileFormatter() : JSONFormatter()
        case "Text", "String", "StringText": return TextFormatter()
        case "SPHERExImage", "MyImage", "CCDData", "ExposureF", "ExposureI", "ImageF", "ImageD", "MaskedImageF", "FITSImage":
            return FITSImageFormatter()
        default: return PlainFileFormatter()
        }
    }
}
