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
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		m := (x-0x20*ones)&^x | x | zeroByte(x^'"'*ones) | zeroByte(x^'\\'*ones)
		if html {
			m |= zeroByte(x^'<'*ones) | zeroByte(x^'>'*ones) | zeroByte(x^'&'*ones)
		}
		// A byte is marked when it needs a look, and perhaps bytes above
		// the first marked one: the lowest mark is exact.
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

// plain reports whether c is one of the bytes Plain passes over.
func plain(c byte, html bool) bool {
	return 0x20 <= c && c < 0x80 && c != '"' && c != '\\' && !(html && (c == '<' || c == '>' || c == '&'))
}

// zeroByte has the high bit of each zero byte of x set, and perhaps of
// bytes above a zero one.
func zeroByte(x uint64) uint64 { return (x - ones) &^ x & highs }
