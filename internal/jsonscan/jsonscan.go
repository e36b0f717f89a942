// Package jsonscan finds, eight bytes at a time, where a JSON string needs
// a closer look: what the decoder (program) and the encoder (the root
// package) both do to every string they read or write.
package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Plain is the length of the longest prefix of s made of bytes that a JSON
// string holds as they are and that end nothing: printable ASCII other
// than the quote and the backslash, and, when html is set, other than <, >
// and &. The byte at Plain(s, html), if any, is a quote, a backslash, a
// control character, a byte of a multi-byte UTF-8 sequence (or not UTF-8),
// or one of the HTML characters.
func Plain(s string, html bool) int {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	i := 0
	// A word's byte is marked (its high bit set in m) when it is below
	// 0x20, at or above 0x80, or equal to one of the others, and perhaps
	// bytes above a marked one are too, by a borrow: the lowest mark is
	// exact. (Below the lowest mark every byte is printable ASCII and
	// none of the others, so no borrow reaches it.)
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		m := Marks(x)
		if html {
			m |= ((x ^ '<'*ones) - ones) | ((x ^ '>'*ones) - ones) | ((x ^ '&'*ones) - ones)
		}
		if m &= highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if !plain(b[i], html) {
			return i
		}
	}
	return i
}

// Marks is Plain's test of eight bytes at once, without the HTML
// characters, for a caller that loads the words itself: the lowest byte of
// x (read little-endian) whose high bit is set in Marks(x)&0x8080808080808080
// is the first that Plain(s, false) stops at; no bit is set when it passes
// over all eight.
func Marks(x uint64) uint64 {
	return (x - 0x20*ones) | x | ((x ^ '"'*ones) - ones) | ((x ^ '\\'*ones) - ones)
}

// Highs is the mask of Marks' meaningful bits.
const Highs = highs

// plain reports whether c is one of the bytes Plain passes over.
func plain(c byte, html bool) bool {
	return 0x20 <= c && c < 0x80 && c != '"' && c != '\\' && !(html && (c == '<' || c == '>' || c == '&'))
}
