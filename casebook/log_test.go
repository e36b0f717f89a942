package casebook_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
)

// expiryLog writes, through a DecisionLog, the handbook's decisions on a
// registration approved 1 January at each of nows, plus one record whose
// input is masked.
func expiryLog(t *testing.T, nows ...string) string {
	t.Helper()
	set := channelpolicy.Default().Policies()
	input := []byte(`{"approved_at":"2026-01-01T00:00:00Z"}`)
	var buf bytes.Buffer
	dlog := channelpolicy.NewDecisionLog(&buf, channelpolicy.DecisionLogOptions{Mask: []string{"/end_user/email"}, Hash: true})
	for _, s := range nows {
		now, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		res, err := set.Evaluate("dealreg.expiry", input, now)
		require.NoError(t, err)
		dlog.Record(channelpolicy.DecisionRecord{Operation: "dealreg.expiry", Now: now, PolicyDigest: set.Digest(), Input: input, Outcome: res.Outcome, Rules: res.Rules})
	}
	masked := json.RawMessage(`{"kind":"new_subscription","end_user":{"email":"it@customer.example"}}`)
	dlog.Record(channelpolicy.DecisionRecord{Operation: "distribution.order", Now: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Input: masked, Outcome: "x"})
	require.NoError(t, dlog.Close())
	return buf.String()
}

// TestCheckLogReproduces: replayed under the policy it was written with,
// every logged decision reproduces; the masked one is skipped and counted.
func TestCheckLogReproduces(t *testing.T) {
	log := expiryLog(t, "2026-02-01T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-20T00:00:00Z")
	seen, err := casebook.CheckLog(channelpolicy.Default().Policies(), strings.NewReader(log))
	require.NoError(t, err)
	assert.Equal(t, casebook.LogReplay{Records: 4, Skipped: 1}, seen)
}

// TestDiffLogExpiry60: with a 60-day expiry the decisions after 2 March
// move from active to expired; --check under that policy lists them.
func TestDiffLogExpiry60(t *testing.T) {
	log := expiryLog(t, "2026-02-01T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-20T00:00:00Z")
	set := channelpolicy.Default().Policies()
	sixty, err := set.Load([]byte(`{"dealreg": {"expiry_days": 60}}`))
	require.NoError(t, err)

	report, seen, err := casebook.DiffLog(set, sixty, strings.NewReader(log), 3)
	require.NoError(t, err)
	assert.Equal(t, 3, report.Total)
	assert.Equal(t, 2, report.Changed)
	assert.Equal(t, []casebook.Transition{{From: "active", To: "expired", Count: 2, Examples: []string{"line 2", "line 3"}}}, report.Transitions)
	assert.Equal(t, casebook.LogReplay{Records: 4, Skipped: 1}, seen)

	moved, err := casebook.CheckLog(sixty, strings.NewReader(log))
	require.NoError(t, err)
	require.Len(t, moved.Moved, 2)
	assert.Contains(t, moved.Moved[0], "line 2")
	assert.Contains(t, moved.Moved[0], "was active [dealreg.expiry.active], now expired")
	assert.Contains(t, moved.Moved[1], "line 3")
}

// TestReadLogRefusesOtherLines: a log is written by a program, so a line
// that is not a decision record is an error naming the line; blank lines
// are passed over.
func TestReadLogRefusesOtherLines(t *testing.T) {
	set := channelpolicy.Default().Policies()
	_, err := casebook.CheckLog(set, strings.NewReader("\n{\"decision_id\":\"x\"}\n"))
	assert.ErrorContains(t, err, "line 2: not a decision record")
	_, _, err = casebook.DiffLog(set, set, strings.NewReader("not json\n"), 3)
	assert.ErrorContains(t, err, "line 1")
	seen, err := casebook.CheckLog(set, strings.NewReader(""))
	require.NoError(t, err)
	assert.Equal(t, casebook.LogReplay{}, seen)
}
