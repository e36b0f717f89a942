package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Equivalent is a surviving mutant judged equivalent: no test can tell
// it from the original, with the reason.
type Equivalent struct {
	File string `json:"file"` // "incumbency/tender.go"
	Op   string `json:"op"`
	Site string `json:"site"` // the trimmed line and the column in it, as Mutant.Site
	To   string `json:"to"`
	Why  string `json:"why"`
}

func (e Equivalent) key() string { return e.File + "\t" + e.Op + "\t" + e.Site + "\t" + e.To }

// ReadEquivalents reads a list of equivalent mutants:
// {"equivalent": [{file, op, site, to, why}, ...]}.
func ReadEquivalents(file string) ([]Equivalent, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Equivalent []Equivalent `json:"equivalent"`
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for i, e := range doc.Equivalent {
		if e.File == "" || e.Op == "" || e.Site == "" || e.To == "" || strings.TrimSpace(e.Why) == "" {
			return nil, fmt.Errorf("%s: entry %d: file, op, site, to and why are all required", file, i)
		}
	}
	return doc.Equivalent, nil
}

// Score is one package's tally.
type Score struct {
	Pkg                                   string
	Killed, TimedOut, Survived, NotViable int
	Equivalent                            int // survivors judged equivalent
	Pending                               int // never run
	ByGremlins, ByMutate, GremlinsReRun   int
	Survivors, Judged                     []*Mutant
	JudgedWhy                             map[*Mutant]string
}

// Percent is the share of non-equivalent mutants killed (a timeout counts
// as killed: the mutant hung the tests).
func (s *Score) Percent() float64 {
	den := s.Killed + s.TimedOut + s.Survived - s.Equivalent
	if den == 0 {
		return 100
	}
	return 100 * float64(s.Killed+s.TimedOut) / float64(den)
}

// Tally scores the mutants of one package against the equivalence list,
// and reports which entries of the list matched a survivor.
func Tally(pkg string, ms []*Mutant, eq []Equivalent, used map[string]bool) *Score {
	why := map[string]string{}
	for _, e := range eq {
		why[e.key()] = e.Why
	}
	s := &Score{Pkg: pkg, JudgedWhy: map[*Mutant]string{}}
	for _, m := range ms {
		if m.By == byGremlins {
			s.ByGremlins++
		} else {
			s.ByMutate++
		}
		switch m.Status {
		case Killed:
			s.Killed++
		case TimedOut:
			s.TimedOut++
		case NotViable:
			s.NotViable++
		case Pending:
			s.Pending++
		case Survived:
			s.Survived++
			if w, ok := why[m.Key()]; ok {
				s.Equivalent++
				s.Judged = append(s.Judged, m)
				s.JudgedWhy[m] = w
				used[m.Key()] = true
			} else {
				s.Survivors = append(s.Survivors, m)
			}
		}
	}
	return s
}

// Print writes the table of scores, then every survivor not judged
// equivalent, the equivalent ones with their reasons, and list entries
// that matched no survivor (stale after an edit: judge them again).
func Print(w io.Writer, scores []*Score, eq []Equivalent, used map[string]bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "package\tmutants\tkilled\ttimed out\tsurvived\tequivalent\tnot viable\tnot run\tscore\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f%%\t\n", s.Pkg, s.ByGremlins+s.ByMutate,
			s.Killed, s.TimedOut, s.Survived, s.Equivalent, s.NotViable, s.Pending, s.Percent())
	}
	tw.Flush()
	fmt.Fprintln(w, "(score: killed and timed out over all run mutants but the not viable and the equivalent)")
	for _, s := range scores {
		for _, m := range s.Survivors {
			fmt.Fprintf(w, "SURVIVED %s\n", m)
		}
	}
	for _, s := range scores {
		for _, m := range s.Judged {
			fmt.Fprintf(w, "equivalent %s\n    %s\n", m, s.JudgedWhy[m])
		}
	}
	pkgs := map[string]bool{}
	for _, s := range scores {
		pkgs[s.Pkg] = true
	}
	for _, e := range eq {
		if !used[e.key()] && pkgs[e.File[:max(0, strings.LastIndexByte(e.File, '/'))]] {
			fmt.Fprintf(w, "STALE equivalence entry (no survivor matches it): %s %s %q -> %s\n", e.File, e.Op, e.Site, e.To)
		}
	}
}
