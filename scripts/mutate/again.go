package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// Previous is what an earlier run (its -json report) decided about each
// mutant, by the mutant's place in the source: package, file, operator,
// site and replacement. A site names the trimmed line and a column, so the
// key survives edits elsewhere in the file; a line written the same way
// twice in one file gives one key to several mutants, matched in order.
type Previous struct {
	done map[string][]*Mutant
}

// ReadPrevious reads a report written by -json.
func ReadPrevious(file string) (*Previous, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var ms []*Mutant
	if err := json.Unmarshal(data, &ms); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p := &Previous{done: map[string][]*Mutant{}}
	for _, m := range ms {
		k := previousKey(m)
		p.done[k] = append(p.done[k], m)
	}
	return p, nil
}

func previousKey(m *Mutant) string {
	return m.Pkg + "\t" + m.File + "\t" + m.Op + "\t" + m.Site + "\t" + m.To
}

// Settle gives each mutant of ms that the earlier run killed, timed out
// or found not viable that status (and the test that killed it), and
// makes each it saw survive pending, so that only those run again (with
// the mutants it did not list that are pending anyway).
func (p *Previous) Settle(ms []*Mutant) {
	seen := map[string]int{}
	for _, m := range ms {
		k := previousKey(m)
		i := seen[k]
		seen[k] = i + 1
		if i >= len(p.done[k]) {
			continue
		}
		switch old := p.done[k][i]; old.Status {
		case Killed, TimedOut, NotViable:
			m.Status, m.Failed = old.Status, old.Failed
		case Survived:
			m.Status, m.Failed = Pending, ""
		}
	}
}
