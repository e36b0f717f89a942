package casetest

import (
	"testing"

	"github.com/channelpolicy/channelpolicy/program"
)

// WantReason is a reason a test expects of a decision: its rule, its
// effect and its exact text.
type WantReason struct {
	Rule   program.RuleID
	Effect program.Effect
	Text   string
}

// ReasonsAre fails t unless reasons are want, in order: each reason's
// rule, effect and text, and its String form ("rule: text").
func ReasonsAre(t testing.TB, reasons program.Reasons, want ...WantReason) {
	t.Helper()
	if reasons.Len() != len(want) {
		t.Fatalf("%d reasons, want %d: %v", reasons.Len(), len(want), reasons.List())
	}
	for i, w := range want {
		r := reasons.At(i)
		if r.Rule != w.Rule || r.Effect != w.Effect || r.Text() != w.Text {
			t.Errorf("reason %d:\n got %s (%s) %q\nwant %s (%s) %q", i, r.Rule, r.Effect, r.Text(), w.Rule, w.Effect, w.Text)
		}
		if s, ws := r.String(), string(w.Rule)+": "+w.Text; s != ws {
			t.Errorf("reason %d as a string: %q, want %q", i, s, ws)
		}
	}
}

// ReasonText is the text of the first of reasons that cites rule, and
// whether there is one.
func ReasonText(reasons program.Reasons, rule program.RuleID) (string, bool) {
	for _, r := range reasons.All() {
		if r.Rule == rule {
			return r.Text(), true
		}
	}
	return "", false
}
