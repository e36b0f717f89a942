package program

import (
	"fmt"
	"strconv"
	"strings"
)

// Templates returns a [Text] that writes one of several sentences, chosen
// by the reason's variant (Facts.V: 0 the first), each filled from the
// fact slots where it names them:
//
//	{s0} {s1} {s2}   string slots, as they are
//	{q0} {q1} {q2}   string slots, quoted
//	{n0} ... {n5}    counts
//	{t0} ... {t5}    instants, RFC 3339 in the recorded zone
//	{d0} ... {d5}    dates, YYYY-MM-DD
//	{x0} {x1}        decimals
//	{m0s1}           money: decimal slot 0 at its currency's minor unit,
//	                 then string slot 1 as the currency ("1000.00 USD")
//
// The templates are parsed once, when the rule is declared; a template
// naming a slot that does not exist panics then, not while writing.
func Templates(templates ...string) Text {
	parsed := make([][]segment, len(templates))
	for i, t := range templates {
		parsed[i] = parseTemplate(t)
	}
	return func(b []byte, f Facts) []byte {
		v := int(f.V)
		if v >= len(parsed) {
			v = 0
		}
		for _, s := range parsed[v] {
			switch s.kind {
			case 0:
				b = append(b, s.lit...)
			case 's':
				b = append(b, f.S[s.slot]...)
			case 'q':
				b = f.AppendQuoted(b, s.slot)
			case 'n':
				b = f.AppendInt(b, s.slot)
			case 't':
				b = f.AppendInstant(b, s.slot)
			case 'd':
				b = f.AppendDate(b, s.slot)
			case 'x':
				b = f.AppendDecimal(b, s.slot)
			case 'm':
				b = f.AppendMoney(b, s.slot, s.cur)
			}
		}
		return b
	}
}

type segment struct {
	kind      byte // 0: literal
	lit       string
	slot, cur int
}

func parseTemplate(t string) []segment {
	var out []segment
	for t != "" {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			out = append(out, segment{lit: t})
			break
		}
		if i > 0 {
			out = append(out, segment{lit: t[:i]})
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			panic(fmt.Sprintf("program.Templates: unclosed { in %q", t))
		}
		out = append(out, placeholder(t[i+1:i+j]))
		t = t[i+j+1:]
	}
	return out
}

func placeholder(p string) segment {
	bad := func() segment { panic(fmt.Sprintf("program.Templates: unknown placeholder {%s}", p)) }
	if len(p) < 2 {
		return bad()
	}
	kind := p[0]
	limits := map[byte]int{'s': 3, 'q': 3, 'n': 6, 't': 6, 'd': 6, 'x': 2, 'm': 2}
	limit, ok := limits[kind]
	if !ok {
		return bad()
	}
	num, cur, hasCur := strings.Cut(p[1:], "s")
	if hasCur != (kind == 'm') {
		return bad()
	}
	slot, err := strconv.Atoi(num)
	if err != nil || slot < 0 || slot >= limit {
		return bad()
	}
	s := segment{kind: kind, slot: slot}
	if kind == 'm' {
		if s.cur, err = strconv.Atoi(cur); err != nil || s.cur < 0 || s.cur >= 3 {
			return bad()
		}
	}
	return s
}
