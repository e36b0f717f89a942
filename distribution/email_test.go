package distribution_test

import (
	"math/rand/v2"
	"testing"

	"github.com/channelpolicy/channelpolicy/distribution"
)

// TestPlainEmailIsParsedEmail: every address the allocation-free reading
// accepts, net/mail's reading accepts too, so the order and policy checks
// refuse what they refused before; and the common forms are read without
// net/mail.
func TestPlainEmailIsParsedEmail(t *testing.T) {
	for _, s := range []string{"it@customer.example", "billing@partner.example", "SBCASGRP-DevOps+gitlabdisti@g.softbank.co.jp",
		"a.b@c", "x!#$%&'*+-/=?^_`{|}~@d-e.f"} {
		if !distribution.PlainEmail(s) || !distribution.ParsedEmail(s) {
			t.Errorf("%q: plain %v, parsed %v; want both", s, distribution.PlainEmail(s), distribution.ParsedEmail(s))
		}
	}
	for _, s := range []string{"", "@", "a@", "@b", ".a@b", "a.@b", "a..b@c", "a@b.", "a@.b", "a@b..c", "a@-b", "a@b-", `"a"@b`, "a b@c",
		"a@b@c", "é@b", "a@é", "<a@b>", "a@[1.2.3.4]"} {
		if distribution.PlainEmail(s) {
			t.Errorf("%q: the plain reading accepts it", s)
		}
	}
	// Mostly address-like strings, with now and then a character either
	// reading may take differently.
	const local, domain, odd = "ab.+_!~Z09-", "ab.-Z09", "\"<> (),:;[]\\é@"
	rng := rand.New(rand.NewPCG(1, 2))
	part := func(alphabet string) []byte {
		b := make([]byte, rng.IntN(8))
		for i := range b {
			if rng.IntN(20) == 0 {
				b[i] = odd[rng.IntN(len(odd))]
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		return b
	}
	accepted := 0
	for range 200000 {
		b := append(append(part(local), '@'), part(domain)...)
		s := string(b)
		if distribution.PlainEmail(s) {
			accepted++
			if !distribution.ParsedEmail(s) {
				t.Fatalf("%q: the plain reading accepts what net/mail's refuses", s)
			}
		}
	}
	if accepted < 1000 {
		t.Errorf("only %d random addresses read plainly: the test proves little", accepted)
	}
}
