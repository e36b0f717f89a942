package program

import "testing"

// TestValidIsLegalTender: Valid, a look-up in a table of bits, accepts
// exactly the codes of tender, among every string of three upper-case
// letters, and no code of another length or case.
func TestValidIsLegalTender(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := string([]rune{a, b, c})
				if want := tender[code] != ""; Currency(code).Valid() != want {
					t.Errorf("%s: Valid %v, want %v", code, !want, want)
				}
				if Currency(code).Valid() {
					n++
				}
			}
		}
	}
	if n != len(tender) || n < 150 {
		t.Errorf("%d valid codes, %d in tender", n, len(tender))
	}
	for _, c := range []Currency{"", "US", "USDX", "usd", "Usd", "U$D", "US\x00"} {
		if c.Valid() {
			t.Errorf("%q is valid", c)
		}
	}
}
