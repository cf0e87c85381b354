// SciXML: placeholder until its first type lands.
