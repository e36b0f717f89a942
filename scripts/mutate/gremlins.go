package main

import (
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
)

// gremlinsReport is the part of a gremlins JSON report (-o) read here.
type gremlinsReport struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Col    int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// gremlinsTokens is what each gremlins mutator type turns a token into
// (gremlins' own table, for the types it enables by default).
var gremlinsTokens = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":       {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY": {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION": {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":   {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_NEGATIVES":      {token.SUB: token.ADD},
	"INVERT_LOGICAL":        {token.LAND: token.LOR, token.LOR: token.LAND},
}

// gremlins statuses.
const (
	gKilled     = "KILLED"
	gLived      = "LIVED"
	gTimedOut   = "TIMED OUT"
	gNotCovered = "NOT COVERED"
	gNotViable  = "NOT VIABLE"
)

// ReadGremlins reads the gremlins report of the package at root/pkg. Its
// mutants come back with the status gremlins gave them, except those it
// did not run (NOT COVERED: gremlins maps positions to coverage blocks,
// and the conditions of a switch's cases lie in none, so it never runs
// them) and those it timed out (its timeout scales a coverage run that
// compiled nothing): those come back as Pending, to be run here.
func ReadGremlins(file, root, pkg string) ([]*Mutant, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rep gremlinsReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var out []*Mutant
	for _, f := range rep.Files {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(pkg), f.Name))
		if err != nil {
			return nil, err
		}
		for _, g := range f.Mutations {
			m, err := gremlinsMutant(pkg, f.Name, src, g.Type, g.Line, g.Col)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			switch g.Status {
			case gKilled:
				m.Status = Killed
			case gLived:
				m.Status = Survived
			case gNotViable:
				m.Status = NotViable
			case gNotCovered, gTimedOut:
				m.Status = Pending
			default:
				continue // skipped, or a dry run's RUNNABLE
			}
			out = append(out, m)
		}
	}
	return out, nil
}

// gremlinsMutant rebuilds a gremlins mutant: the token at line:col of src
// changed as mutator type typ changes it.
func gremlinsMutant(pkg, name string, src []byte, typ string, line, col int) (*Mutant, error) {
	tab, ok := gremlinsTokens[typ]
	if !ok {
		return nil, fmt.Errorf("%s:%d:%d: unknown gremlins mutator %s", name, line, col, typ)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(name, -1, len(src))
	var s scanner.Scanner
	s.Init(tf, src, nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, fmt.Errorf("%s:%d:%d: no token for %s there", name, line, col, typ)
		}
		p := fset.Position(pos)
		if p.Line != line || p.Column != col {
			continue
		}
		to, ok := tab[tok]
		if !ok {
			return nil, fmt.Errorf("%s:%d:%d: %s does not change %s", name, line, col, typ, tok)
		}
		start := p.Offset
		l, c, st := site(src, start)
		return &Mutant{Pkg: pkg, File: name, Line: l, Col: c, Op: typ, By: byGremlins,
			From: tok.String(), To: to.String(), Site: st, start: start, end: start + len(tok.String())}, nil
	}
}
