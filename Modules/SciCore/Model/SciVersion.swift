/// The version of sci, shown by `sci version` and sent in `User-Agent`.
public enum SciVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
