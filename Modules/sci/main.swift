import HenryPlugin
import SciCLI

// The built-in plugins: wiring one in is an entry here and a dependency of `sci` in Package.swift.
await SciMain.run(plugins: [HenryPlugin.self])
