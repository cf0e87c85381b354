import ArgumentParser
import SciCore

/// Where the registry keeps its data; shared by `serve` and `serve keys`.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The registry's folder (default: $XDG_DATA_HOME/sci/hippo).")
    var root = XDG.dataHome() + "/sci/hippo"
}
