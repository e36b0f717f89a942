package casebook

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy"
)

// A decision log (channelpolicy.DecisionLog) is JSON Lines of decision
// records; replaying it decides each logged input again at its own now.
// Records whose input was masked cannot be decided as they were and are
// skipped and counted.

// LogReplay is what a replay of a decision log saw.
type LogReplay struct {
	Records int `json:"records"`
	// Skipped counts records with a masked input.
	Skipped int `json:"skipped"`
	// Moved lists, for ReplayCheck, the records whose decision no longer
	// reproduces: "line N (ID): was OUTCOME [RULES], now ...".
	Moved []string `json:"moved,omitempty"`
}

// readLog calls each for every record of the log that can be replayed,
// with its line number, counting in seen the records read and those
// skipped for a masked input. Lines that are not records are errors: a log
// is written by a program.
func readLog(r io.Reader, seen *LogReplay, each func(n int, rec channelpolicy.DecisionRecord)) error {
	lines := NewLineReader(r)
	for {
		line, n, tooLong, err := lines.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tooLong {
			return fmt.Errorf("line %d: longer than %d bytes", n, MaxLine)
		}
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var rec channelpolicy.DecisionRecord
		if err := json.Unmarshal(line, &rec); err != nil || rec.Operation == "" {
			return fmt.Errorf("line %d: not a decision record", n)
		}
		seen.Records++
		if rec.Masked {
			seen.Skipped++
			continue
		}
		each(n, rec)
	}
}

// DiffLog replays a decision log under the old and the new policy set,
// each record at its own now, and reports the decisions that change, as
// [Diff] does for case books; examples are named "line N".
func DiffLog(old, next channelpolicy.PolicySet, r io.Reader, examples int) (DiffReport, LogReplay, error) {
	d := newDiffer(examples)
	var seen LogReplay
	err := readLog(r, &seen, func(n int, rec channelpolicy.DecisionRecord) {
		oldRes, oldErr := old.Evaluate(rec.Operation, rec.Input, rec.Now)
		newRes, newErr := next.Evaluate(rec.Operation, rec.Input, rec.Now)
		d.add(fmt.Sprintf("line %d", n), oldRes, oldErr, newRes, newErr)
	})
	return d.done(), seen, err
}

// CheckLog replays a decision log under set and lists every record whose
// outcome or rules differ from what was logged: the regression check after
// an upgrade, run under the policy the log was written with.
func CheckLog(set channelpolicy.PolicySet, r io.Reader) (LogReplay, error) {
	var seen LogReplay
	err := readLog(r, &seen, func(n int, rec channelpolicy.DecisionRecord) {
		res, err := set.Evaluate(rec.Operation, rec.Input, rec.Now)
		switch {
		case err != nil:
			seen.Moved = append(seen.Moved, fmt.Sprintf("line %d (%s): was %s %s, now an error: %v", n, rec.DecisionID, rec.Outcome, rulesString(rec.Rules), err))
		case res.Outcome != rec.Outcome || !slices.Equal(res.Rules, rec.Rules):
			seen.Moved = append(seen.Moved, fmt.Sprintf("line %d (%s): was %s %s, now %s %s", n, rec.DecisionID, rec.Outcome, rulesString(rec.Rules), res.Outcome, rulesString(res.Rules)))
		}
	})
	return seen, err
}
