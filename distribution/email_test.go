package distribution_test

import (
	"math/rand/v2"
	"strings"
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

// TestEmailLengthLimits: RFC 5321 allows a local part of 64 characters and
// a domain of 253; both readings accept an address at each limit and
// refuse one a character past it (net/mail itself takes longer ones).
// Letters and digits at the ends of their ranges (a, z, A, Z, 0, 9) are
// plain characters.
func TestEmailLengthLimits(t *testing.T) {
	label63 := strings.Repeat("d", 63)
	domain := func(n int) string { // n characters: labels of 63 joined by dots
		var b strings.Builder
		for b.Len() < n {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(label63[:min(63, n-b.Len())])
		}
		return b.String()
	}
	if len(domain(253)) != 253 || len(domain(254)) != 254 {
		t.Fatal("domain lengths")
	}
	plain64 := strings.Repeat("l", 64)
	for _, tc := range []struct {
		addr          string
		plain, parsed bool
	}{
		{plain64 + "@example.com", true, true},
		{plain64 + "l@example.com", false, false},
		{"azAZ09@" + domain(253), true, true},
		{"azAZ09@" + domain(254), false, false},
	} {
		if got := distribution.PlainEmail(tc.addr); got != tc.plain {
			t.Errorf("plain reading of a %d-character address (local %d): %v, want %v", len(tc.addr), strings.IndexByte(tc.addr, '@'), got, tc.plain)
		}
		if got := distribution.ParsedEmail(tc.addr); got != tc.parsed {
			t.Errorf("net/mail reading of a %d-character address (local %d): %v, want %v", len(tc.addr), strings.LastIndexByte(tc.addr, '@'), got, tc.parsed)
		}
	}
	for _, c := range "azAZ09" {
		if s := string(c) + "@example.com"; !distribution.PlainEmail(s) {
			t.Errorf("%q is not read plainly", s)
		}
	}

}
