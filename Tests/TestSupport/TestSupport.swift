// TestSupport: placeholder until its first type lands.
