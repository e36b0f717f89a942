package marketing

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"
)

// textBuf collects text normalized for matching: lower-case words of
// letters, digits and combining marks, separated by one space; blocks
// (paragraphs, list items, cells) separated by a newline. Everything else
// — punctuation, symbols, white space, bytes that are not UTF-8 —
// separates words.
type textBuf struct {
	b   []byte
	sep bool // a separator is pending before the next letter
}

// wordByte classifies ASCII bytes: 1 a lower-case letter or a digit, 2 an
// upper-case letter, 0 anything else.
var wordByte = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 2
	}
	return t
}()

// add appends s, normalized. It writes into room made once for the
// whole of s (normalized text is never more than a byte longer per input
// byte, and one more for a separator), then trims.
func (t *textBuf) add(s []byte) {
	b, sep := t.b, t.sep
	n := len(b)
	b = slices.Grow(b, 2*len(s)+1)
	b = b[:cap(b)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			k := wordByte[c]
			if k == 0 {
				sep = true
				continue
			}
			if sep {
				if n > 0 && b[n-1] != '\n' {
					b[n] = ' '
					n++
				}
				sep = false
			}
			b[n] = c + (k>>1)*('a'-'A')
			n++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		i += size - 1
		if r == utf8.RuneError && size == 1 || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			sep = true
			continue
		}
		if sep {
			if n > 0 && b[n-1] != '\n' {
				b[n] = ' '
				n++
			}
			sep = false
		}
		b = utf8.AppendRune(b[:n], unicode.ToLower(r))
		n = len(b)
		b = slices.Grow(b, len(s)-i+utf8.UTFMax)
		b = b[:cap(b)]
	}
	t.b, t.sep = b[:n], sep
}

// block ends the current block.
func (t *textBuf) block() {
	if len(t.b) > 0 && t.b[len(t.b)-1] != '\n' {
		t.b = append(t.b, '\n')
	}
	t.sep = false
}

// normalize is s as textBuf writes it, on one line.
func normalize(s string) string {
	var t textBuf
	t.add([]byte(s))
	return string(t.b)
}

// containsWords reports whether the normalized text s holds the normalized
// words w as whole words.
func containsWords(s, w []byte) bool {
	return indexWords(s, w, 0) >= 0
}

// indexWords is the index of the first whole-word occurrence of w in s at
// or after from, or -1.
func indexWords(s, w []byte, from int) int {
	if len(w) == 0 {
		return -1
	}
	for from <= len(s)-len(w) {
		i := bytes.Index(s[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(w)
		if (i == 0 || s[i-1] == ' ' || s[i-1] == '\n') && (end == len(s) || s[end] == ' ' || s[end] == '\n') {
			return i
		}
		from = i + 1
	}
	return -1
}
