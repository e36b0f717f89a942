package main

import (
	"strings"
	"testing"
	"time"
)

// TestProgressLineOnATerminal checks the stderr progress line: quiet within
// a second of the last one, then one rewritten line, and a closing line.
func TestProgressLineOnATerminal(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b)
	p.update(10, 0)
	if b.Len() != 0 {
		t.Fatalf("progress written within the first second: %q", b.String())
	}
	p.last = p.last.Add(-2 * time.Second)
	p.start = p.start.Add(-2 * time.Second)
	p.update(5000, 2)
	if !strings.HasPrefix(b.String(), "\r5000 lines decided (2 rejected), ") || !strings.HasSuffix(b.String(), "/s") {
		t.Fatalf("progress line = %q", b.String())
	}
	p.finish(6000, 2)
	if !strings.HasSuffix(b.String(), "\r6000 lines decided (2 rejected)\n") {
		t.Fatalf("closing line = %q", b.String())
	}
	var none *progressLine // stderr is not a terminal: no progress at all
	none.update(1, 0)
	none.finish(1, 0)
}
