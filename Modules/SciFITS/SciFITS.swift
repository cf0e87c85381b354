// SciFITS: placeholder until its first type lands.
