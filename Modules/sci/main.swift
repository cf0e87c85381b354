import ButlerPipelinesPlugin
import ButlerPlugin
import DialsPlugin
import HenryPlugin
import PipelinePlugin
import SciCLI
import TiledPlugin

// The built-in plugins: wiring one in is an entry here and a dependency of `sci` in Package.swift. A plugin may extend
// another's group: `IngestSimulatedPlugin` is `sci butler ingest-simulated`, as the SPHEREx POC added it.
await SciMain.run(plugins: [
    HenryPlugin.self, PipelinePlugin.self, ButlerPlugin.self, DialsPlugin.self, TiledPlugin.self, IngestSimulatedPlugin.self,
    QuantumGraphPlugin.self, RunPipelinePlugin.self, RunQuantumPlugin.self,
])
