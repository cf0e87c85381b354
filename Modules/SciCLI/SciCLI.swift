// SciCLI: placeholder until its first type lands.
