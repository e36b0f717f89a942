package jsonscan

import "testing"

// plainLen is Plain a byte at a time.
func plainLen(s string, html bool) int {
	for i := range len(s) {
		if !plain(s[i], html) {
			return i
		}
	}
	return len(s)
}

func TestPlainStopsAtEachByteThatNeedsALook(t *testing.T) {
	stops := []byte{'"', '\\', 0, '\n', 0x1f, 0x7f + 1, 0xe2, 0xff}
	html := []byte{'<', '>', '&'}
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 23} {
		for _, c := range append(stops, html...) {
			for _, tail := range []string{"", "x", "abcdefghij"} {
				s := string(make([]byte, 0, n))
				for range n {
					s += "a"
				}
				s += string(c) + tail
				isHTML := c == '<' || c == '>' || c == '&'
				if got := Plain(s, true); got != n {
					t.Errorf("Plain(%q, html) = %d, want %d", s, got, n)
				}
				want := n
				if isHTML {
					want = len(s)
				}
				if got := Plain(s, false); got != want {
					t.Errorf("Plain(%q) = %d, want %d", s, got, want)
				}
			}
		}
	}
	if got := Plain("0123456789 ~!}{[]^", true); got != 18 {
		t.Errorf("plain ASCII: %d, want all 18", got)
	}
}

func FuzzPlainIsByteByByte(f *testing.F) {
	for _, s := range []string{"", "abc", "abcdefgh\"", "0123456789abcdef<", "é", "\x7f\x80", "a\\b", "\x00\x00\x00\x00\x00\x00\x00\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, html := range []bool{false, true} {
			if got, want := Plain(s, html), plainLen(s, html); got != want {
				t.Fatalf("Plain(%q, %v) = %d, byte by byte %d", s, html, got, want)
			}
		}
	})
}
