import ArgumentParser

/// `sci dials`: the command group.
struct DialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dials",
        abstract: "Query CMS DIALS: histograms, runs, lumisections and ML flags.",
        discussion: """
            Endpoints: dataset_index file_index h1d h2d lumi run mes ml_models_index ml_bad_lumisection.
            Filters are the cmsdials ones, written as options: --run_number__gte 380000 --me__regex PXBarrel.

            Examples:
              sci dials login
              sci dials list run --run_number__gte 380000 --run_number__lte 380100
              sci dials list-all h1d --me PixelPhase1/Tracks/PXBarrel/charge_PXLayer_2 --format jsonl > h1d.jsonl
              sci dials show h1d --dataset_id 14677060 --run_number 380001 --ls_number 3 --me_id 2
            """,
        subcommands: [
            Get.self, List.self, ListAll.self, Show.self, MEs.self, CertJSON.self, GoldenJSON.self, OMS.self, Workspaces.self, Login.self,
        ])
}
