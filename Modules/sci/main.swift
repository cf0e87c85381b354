import ButlerPlugin
import DialsPlugin
import HenryPlugin
import PipelinePlugin
import SciCLI
import TiledPlugin

// A module's own `sci butler` command, registered the way the SPHEREx POC added `butler ingest-simulated`.
ButlerCommand.register(IngestSimulated.self)

// The built-in plugins: wiring one in is an entry here and a dependency of `sci` in Package.swift.
await SciMain.run(plugins: [HenryPlugin.self, PipelinePlugin.self, ButlerPlugin.self, DialsPlugin.self, TiledPlugin.self])
