// SciHTTP: placeholder until its first type lands.
