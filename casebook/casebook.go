// Package casebook loads case books — files of inputs with the decisions the
// handbook says they must get — checks them against a policy set, and diffs
// two policy sets over them.
//
// A case book is a JSON file holding {"cases": [...]}. Each case names an
// operation ("dealreg.route"), the handbook section it comes from, a note
// saying why the case exists, the input, the evaluation instant and what is
// expected: an outcome and the ordered rule IDs of its reasons, optionally
// some values of the decision by JSON Pointer ("/next/due", "/expires_at"),
// or, for bad input, the JSON Pointers the error must name. A case may also
// carry a partial policy that is laid over the policy in force, to pin a
// reading switch.
//
// Operations are evaluated through the front door, package channelpolicy.
// The rules packages' own table tests run their case books through this
// package (see package casetest), and so does the channelpolicy command.
package casebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
)

// Case is one expected decision.
type Case struct {
	ID        string          `json:"id"`
	Section   string          `json:"section"`
	Note      string          `json:"note"`
	Operation string          `json:"operation"`
	Now       time.Time       `json:"now,omitzero"`
	Policy    json.RawMessage `json:"policy,omitempty"`
	Input     json.RawMessage `json:"input"`
	// InputFiles names members of the input whose values are files beside
	// the case book: member name to a path relative to the case book's
	// folder. Each file's text becomes the member's string value when the
	// case book is loaded (an HTML page, say, kept as a file rather than
	// as one escaped JSON string); the input must not name the member.
	// Once loaded, Input holds the files' text and InputFiles is empty.
	InputFiles map[string]string `json:"input_files,omitempty"`
	Want       Want              `json:"want"`

	// File is where the case was loaded from; not part of the format.
	File string `json:"-"`
}

// Want is what a case expects. Either Outcome (with Rules) or ErrorFields is
// set.
type Want struct {
	Outcome string           `json:"outcome,omitempty"`
	Rules   []program.RuleID `json:"rules,omitempty"`
	// Fields maps a JSON Pointer into the decision's JSON ("/next/due",
	// "/entries/1/outcome") to its expected value; null expects the member
	// to be absent. Instants compare as instants, whatever their offsets.
	Fields map[string]json.RawMessage `json:"fields,omitempty"`
	// ErrorFields are what the input error must name, in order: the JSON
	// Pointer of each problem in the input ("/opportunity/stage"), or the
	// name of a parameter ("now").
	ErrorFields []string `json:"error_fields,omitempty"`
}

type file struct {
	Cases []Case `json:"cases"`
}

// MaxFile is the largest case book, or policy file, read: 16 MiB, hundreds
// of times the largest case book of this repository. A file (or a pipe)
// that holds more is refused once MaxFile bytes are read, not read to its
// end.
const MaxFile = 16 << 20

// ReadFile reads the file at path, at most [MaxFile] bytes of it: a larger
// one is an error that names the file and the limit.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxFile {
		return nil, fmt.Errorf("%s: larger than %d bytes (%d MiB), the most a case book or policy file may hold", path, MaxFile, MaxFile>>20)
	}
	return data, nil
}

// LoadFile reads one case book strictly, at most [MaxFile] bytes. Errors
// name the file and the case, and locate each problem by JSON Pointer into
// the file ("/cases/3/section").
func LoadFile(path string) ([]Case, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f file
	if err := program.DecodeJSON(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Cases) == 0 {
		return nil, fmt.Errorf("%s: %w", path, program.Invalid("/cases", "no cases"))
	}
	for i := range f.Cases {
		c := &f.Cases[i]
		c.File = path
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("%s: case %d (%q): %w", path, i, c.ID, program.Within(program.Index("/cases", i), err))
		}
		if err := c.readInputFiles(filepath.Dir(path)); err != nil {
			return nil, fmt.Errorf("%s: case %d (%q): %w", path, i, c.ID, err)
		}
	}
	return f.Cases, nil
}

// LoadDir reads every *.json case book under dir, recursively, in path
// order, and rejects duplicate case IDs.
func LoadDir(dir string) ([]Case, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var all []Case
	seen := map[string]string{}
	for _, p := range paths {
		cs, err := LoadFile(p)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if prev, dup := seen[c.ID]; dup {
				return nil, fmt.Errorf("%s: case %q: ID already used in %s", p, c.ID, prev)
			}
			seen[c.ID] = p
		}
		all = append(all, cs...)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s: no case books (*.json)", dir)
	}
	return all, nil
}

func (c *Case) check() error {
	var p program.Problems
	if c.ID == "" {
		p.Add("/id", "required")
	}
	if c.Section == "" {
		p.Add("/section", "required: the handbook section heading the case comes from")
	}
	if c.Note == "" {
		p.Add("/note", "required: say why this case exists")
	}
	if c.Operation == "" {
		p.Add("/operation", "required, such as dealreg.route")
	}
	if len(c.Input) == 0 {
		p.Add("/input", "required")
	}
	w := c.Want
	switch {
	case w.Outcome == "" && len(w.ErrorFields) == 0:
		p.Add("/want", "set outcome (with rules) or error_fields")
	case w.Outcome != "" && len(w.ErrorFields) > 0:
		p.Add("/want", "outcome and error_fields exclude each other")
	case w.Outcome != "" && len(w.Rules) == 0:
		p.Add("/want/rules", "required with an outcome: the rule IDs of the reasons, in order")
	}
	return p.Err()
}

// readInputFiles sets each member InputFiles names to its file's text, in
// name order, at the start of the input object.
func (c *Case) readInputFiles(dir string) error {
	if len(c.InputFiles) == 0 {
		return nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(c.Input, &members); err != nil {
		return fmt.Errorf("input_files: the input is not a JSON object: %w", err)
	}
	names := slices.Sorted(maps.Keys(c.InputFiles))
	var head []byte
	for _, name := range names {
		file := c.InputFiles[name]
		if _, dup := members[name]; dup {
			return fmt.Errorf("input_files: the input already has member %q", name)
		}
		if !filepath.IsLocal(file) {
			return fmt.Errorf("input_files: %q is not a path inside the case book's folder", file)
		}
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return fmt.Errorf("input_files: %w", err)
		}
		if !utf8.Valid(data) {
			return fmt.Errorf("input_files: %s is not UTF-8 text", file)
		}
		head, _ = jsontext.AppendQuote(append(head, ' '), name)
		head, _ = jsontext.AppendQuote(append(head, ':'), data)
		head = append(head, ',')
	}
	rest := bytes.TrimSpace(c.Input)[1:] // after "{"
	if len(members) == 0 {
		head = head[:len(head)-1]
	}
	c.Input = append(append([]byte{'{'}, head...), rest...)
	c.InputFiles = nil
	return nil
}

// Run evaluates c under set, with the case's own policy (if any) laid over
// the set's policy for the operation's package, and returns the result or
// the error.
func Run(set channelpolicy.PolicySet, c Case) (channelpolicy.Result, error) {
	if len(c.Policy) > 0 {
		pkg, _, _ := strings.Cut(c.Operation, ".")
		var err error
		if set, err = set.With(pkg, c.Policy); err != nil {
			return channelpolicy.Result{}, fmt.Errorf("the case's policy: %w", err)
		}
	}
	return set.Evaluate(c.Operation, c.Input, c.Now)
}
