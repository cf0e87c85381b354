/// The version of `sci`, kept in this one place.
public enum SciVersion {
    /// The release number, printed by `sci version` and `sci --version` and sent in `User-Agent`.
    public static let current = "0.1.0"
}
