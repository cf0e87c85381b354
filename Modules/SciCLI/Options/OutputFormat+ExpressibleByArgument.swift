public import ArgumentParser
public import SciCore

// `--format table|json|jsonl|csv`: the raw values are the words users type, and completion lists them.
extension OutputFormat: ExpressibleByArgument {}
