package marketing

import (
	"bytes"
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

// add appends s, normalized.
func (t *textBuf) add(s []byte) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				t.letter(c)
			case 'A' <= c && c <= 'Z':
				t.letter(c + 'a' - 'A')
			default:
				t.sep = true
			}
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			t.sep = true
			continue
		}
		t.letter(0)
		t.b = utf8.AppendRune(t.b[:len(t.b)-1], unicode.ToLower(r))
	}
}

// letter appends one ASCII byte of a word (0: a placeholder the caller
// replaces), with the pending separator before it.
func (t *textBuf) letter(c byte) {
	if t.sep && len(t.b) > 0 && t.b[len(t.b)-1] != '\n' {
		t.b = append(t.b, ' ')
	}
	t.sep = false
	t.b = append(t.b, c)
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
