package serviceattach

// Valid exposes the allocation-free validity check to the black-box tests,
// which hold it to agree with Check.
func Valid(r *Registration) bool { return r.valid() }
