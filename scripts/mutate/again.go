package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Previous is what an earlier run (its -json report) decided about each
// mutant, by the mutant's place in the source: package, file, operator,
// site and replacement. A site names the trimmed line and a column, so the
// key survives edits elsewhere in the file; a line written the same way
// twice in one file gives one key to several mutants, matched in order.
type Previous struct {
	done map[string][]*Mutant
	all  []*Mutant
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
	p := &Previous{done: map[string][]*Mutant{}, all: ms}
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

// Gremlins gives back the earlier run's gremlins mutants of pkg, found
// again in the source as it is now by their site, so that gremlins need not
// run (its report names lines, which edits elsewhere in a file move). A
// mutant whose line has changed is gone: run gremlins again after changing
// the code under test.
func (p *Previous) Gremlins(root, pkg string) ([]*Mutant, error) {
	srcs := map[string][]byte{}
	used := map[string]int{}
	var out []*Mutant
	for _, old := range p.all {
		if old.By != byGremlins || old.Pkg != pkg {
			continue
		}
		src, ok := srcs[old.File]
		if !ok {
			var err error
			if src, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(pkg), old.File)); err != nil {
				if os.IsNotExist(err) {
					srcs[old.File] = nil
					continue
				}
				return nil, err
			}
			srcs[old.File] = src
		}
		k := previousKey(old)
		start, ok := findSite(src, old.Site, old.From, used[k])
		used[k]++
		if !ok {
			continue
		}
		l, c, st := site(src, start)
		out = append(out, &Mutant{Pkg: pkg, File: old.File, Line: l, Col: c, Op: old.Op, By: byGremlins,
			From: old.From, To: old.To, Site: st, Status: Pending, start: start, end: start + len(old.From)})
	}
	return out, nil
}

// findSite is the byte offset in src of the nth line (from 0) whose
// trimmed text and column are site ("text#col") and where from stands.
func findSite(src []byte, site, from string, nth int) (int, bool) {
	i := strings.LastIndexByte(site, '#')
	if i < 0 {
		return 0, false
	}
	text := site[:i]
	col, err := strconv.Atoi(site[i+1:])
	if err != nil || col < 1 {
		return 0, false
	}
	off := 0
	for _, line := range strings.SplitAfter(string(src), "\n") {
		raw := strings.TrimSuffix(line, "\n")
		trimmed := strings.TrimLeft(raw, " \t")
		lead := len(raw) - len(trimmed)
		if strings.TrimRight(trimmed, " \t") == text && lead+col-1+len(from) <= len(raw) && raw[lead+col-1:lead+col-1+len(from)] == from {
			if nth == 0 {
				return off + lead + col - 1, true
			}
			nth--
		}
		off += len(line)
	}
	return 0, false
}
