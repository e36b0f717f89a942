package distribution

// Fresh exposes the test that a compiled policy still matches its fields.
func Fresh(p Policy) bool { return p.fresh() }

// PlainEmail and ParsedEmail are the two readings of an e-mail address:
// the allocation-free one of the common form, and net/mail's.
var PlainEmail, ParsedEmail = plainEmail, parsedEmail
