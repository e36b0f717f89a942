package nfr

// Fresh exposes the test that a compiled policy still matches its fields.
func Fresh(p Policy) bool { return p.fresh() }
