import ArgumentParser
import Synchronization

/// The built-in plugins of this process. ArgumentParser reads a command's `configuration` statically, but the list
/// is only known when `sci/main.swift` calls `SciMain.run(plugins:)`, so it lives here, set once before parsing.
enum PluginRegistry {
    private static let storage = Mutex<[any SciPlugin.Type]>([])

    /// The plugins, in the order `main.swift` listed them.
    static var plugins: [any SciPlugin.Type] {
        storage.withLock { $0 }
    }

    /// Replaces the list; called once, before any parsing.
    static func register(_ plugins: [any SciPlugin.Type]) {
        storage.withLock { $0 = plugins }
    }
}
