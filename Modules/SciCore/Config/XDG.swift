public import Foundation

/// The XDG base directories, with their documented fallbacks.
public enum XDG {
    /// `$XDG_CONFIG_HOME` or `~/.config`.
    public static func configHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        nonEmpty(environment["XDG_CONFIG_HOME"]) ?? "\(home(environment))/.config"
    }

    /// `$XDG_CACHE_HOME` or `~/.cache`.
    public static func cacheHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        nonEmpty(environment["XDG_CACHE_HOME"]) ?? "\(home(environment))/.cache"
    }

    /// `$XDG_DATA_HOME` or `~/.local/share`.
    public static func dataHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        nonEmpty(environment["XDG_DATA_HOME"]) ?? "\(home(environment))/.local/share"
    }

    private static func home(_ environment: [String: String]) -> String {
        nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
