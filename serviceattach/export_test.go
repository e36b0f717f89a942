package serviceattach

// Valid exposes the allocation-free validity check to the black-box tests,
// which hold it to agree with Check.
func Valid(r *Registration) bool { return r.valid() }

// Fresh exposes the test that a compiled policy still matches its fields.
func Fresh(p Policy) bool { return p.fresh() }

// CheckPortfolio exposes the portfolio's input check, which must build no
// pointer for good registrations.
var CheckPortfolio = checkPortfolio
