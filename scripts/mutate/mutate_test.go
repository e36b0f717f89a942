package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const sample = `package p

import (
	"math"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/shopspring/decimal"
)

type Policy struct{ ExpiryDays, TurnaroundHours, Seats int }

func Default() Policy { return Policy{ExpiryDays: 90, TurnaroundHours: -6, Seats: 25} }

func f(now, due time.Time, days, agingDays int, d, e decimal.Decimal, c *cal.BusinessCalendar) {
	_ = now.After(due)
	_ = !now.Before(due)
	_ = now.Equal(due)
	_ = now.Compare(due)
	_ = now.AddDate(0, 1, days)
	_ = c.AddBusinessDays(now, 2)
	_ = time.Duration(agingDays) * time.Hour
	_ = days > agingDays
	_ = days == agingDays
	_ = d.Round(2)
	_ = d.GreaterThan(e)
	_ = !d.LessThanOrEqual(e)
	_ = d.Cmp(e)
	_ = time.After(time.Second)
	_ = math.Round(1.5)
	_ = strings.Compare("a", "b")
	_ = cal.Holiday{}
}
`

type gotMutant struct{ Op, From, To string }

func TestGenerateFile(t *testing.T) {
	ms, err := GenerateFile("p", "p.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	var got []gotMutant
	for _, m := range ms {
		got = append(got, gotMutant{m.Op, m.From, m.To})
	}
	want := []gotMutant{
		{OpDayConstant, "90", "91"},
		{OpDayConstant, "90", "89"},
		{OpDayConstant, "-6", "-5"},
		{OpDayConstant, "-6", "-7"},
		// After: > becomes >=, <= and <.
		{OpTimeBoundary, "now.After(due)", "!now.Before(due)"},
		{OpTimeNegation, "now.After(due)", "!now.After(due)"},
		{OpTimeSwap, "now.After(due)", "now.Before(due)"},
		// !Before is >=: the "!" is part of the comparison.
		{OpTimeBoundary, "!now.Before(due)", "now.After(due)"},
		{OpTimeNegation, "!now.Before(due)", "now.Before(due)"},
		{OpTimeSwap, "!now.Before(due)", "!now.After(due)"},
		// Equal may be a time's or a decimal's: swapped in both families.
		{OpEqualNegation, "now.Equal(due)", "!now.Equal(due)"},
		{OpTimeSwap, "now.Equal(due)", "now.Before(due)"},
		{OpTimeSwap, "now.Equal(due)", "now.After(due)"},
		{OpDecimalSwap, "now.Equal(due)", "now.LessThan(due)"},
		{OpDecimalSwap, "now.Equal(due)", "now.GreaterThan(due)"},
		{OpCompareReverse, "now.Compare(due)", "due.Compare(now)"},
		{OpCalendarCount, "0", "1"},
		{OpCalendarCount, "0", "-1"},
		{OpCalendarCount, "1", "2"},
		{OpCalendarCount, "1", "0"},
		{OpCalendarCount, "days", "(days + 1)"},
		{OpCalendarCount, "days", "(days - 1)"},
		{OpCalendarCount, "2", "3"},
		{OpCalendarCount, "2", "1"},
		{OpHourCount, "time.Duration(agingDays)", "(time.Duration(agingDays) + 1)"},
		{OpHourCount, "time.Duration(agingDays)", "(time.Duration(agingDays) - 1)"},
		{OpDayComparison, "agingDays", "(agingDays + 1)"},
		{OpDayComparison, "agingDays", "(agingDays - 1)"},
		{OpRoundingMode, "Round", "RoundBank"},
		{OpRoundingMode, "Round", "RoundUp"},
		{OpRoundingMode, "Round", "RoundDown"},
		{OpRoundingMode, "Round", "RoundCeil"},
		{OpRoundingMode, "Round", "RoundFloor"},
		{OpRoundingMode, "Round", "Truncate"},
		{OpRoundingPlaces, "2", "3"},
		{OpRoundingPlaces, "2", "1"},
		{OpDecimalBoundary, "d.GreaterThan(e)", "d.GreaterThanOrEqual(e)"},
		{OpDecimalNegation, "d.GreaterThan(e)", "d.LessThanOrEqual(e)"},
		{OpDecimalSwap, "d.GreaterThan(e)", "d.LessThan(e)"},
		// !LessThanOrEqual is >.
		{OpDecimalBoundary, "!d.LessThanOrEqual(e)", "d.GreaterThanOrEqual(e)"},
		{OpDecimalNegation, "!d.LessThanOrEqual(e)", "d.LessThanOrEqual(e)"},
		{OpDecimalSwap, "!d.LessThanOrEqual(e)", "d.LessThan(e)"},
		{OpCompareReverse, "d.Cmp(e)", "e.Cmp(d)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mutants (-want +got):\n%s", diff)
	}
}

// Every mutant is still Go, and changes only its own text.
func TestApplyKeepsGo(t *testing.T) {
	ms, err := GenerateFile("p", "p.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		out, err := m.Apply([]byte(sample))
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "p.go", out, 0); err != nil {
			t.Errorf("%s: not Go after the change: %v", m, err)
		}
		if string(out[:m.start]) != sample[:m.start] || string(out[m.start+len(m.To):]) != sample[m.end:] {
			t.Errorf("%s: changed more than its own text", m)
		}
	}
}

func TestApplyRefusesAnEditedSource(t *testing.T) {
	ms, err := GenerateFile("p", "p.go", []byte(sample))
	if err != nil || len(ms) == 0 {
		t.Fatal(err, len(ms))
	}
	edited := strings.Replace(sample, "now.After(due)", "now.After(dux)", 1)
	for _, m := range ms {
		if m.From == "now.After(due)" {
			if _, err := m.Apply([]byte(edited)); err == nil {
				t.Errorf("%s applied to a source that no longer holds it", m)
			}
		}
	}
}

// The site names the line and the column within the trimmed line, so a
// judgement holds when other lines move or the indentation changes.
func TestSiteIgnoresLinesAboveAndIndentation(t *testing.T) {
	a := []byte("package p\n\nfunc f() bool {\n\treturn x.After(y)\n}\n")
	b := []byte("package p\n\n// more\n\nfunc f() bool {\n\t\t  return x.After(y)\n}\n")
	ma, _ := GenerateFile("p", "p.go", a)
	mb, _ := GenerateFile("p", "p.go", b)
	if len(ma) == 0 || len(ma) != len(mb) {
		t.Fatalf("%d and %d mutants", len(ma), len(mb))
	}
	for i := range ma {
		if ma[i].Key() != mb[i].Key() {
			t.Errorf("keys differ: %q and %q", ma[i].Key(), mb[i].Key())
		}
		if ma[i].Line == mb[i].Line {
			t.Errorf("lines should differ: %d", ma[i].Line)
		}
	}
	if got, want := ma[0].Site, "return x.After(y)#8"; got != want {
		t.Errorf("site %q, want %q", got, want)
	}
}

func TestGremlinsMutant(t *testing.T) {
	src := []byte("package p\n\nfunc f(a, b int) bool {\n\tswitch {\n\tcase a-b > 2:\n\t\treturn true\n\t}\n\treturn a <= -b\n}\n")
	for _, tc := range []struct {
		typ       string
		line, col int
		from, to  string
		want      string
	}{
		{"CONDITIONALS_BOUNDARY", 5, 11, ">", ">=", "case a-b >= 2:"},
		{"CONDITIONALS_NEGATION", 5, 11, ">", "<=", "case a-b <= 2:"},
		{"ARITHMETIC_BASE", 5, 8, "-", "+", "case a+b > 2:"},
		{"CONDITIONALS_NEGATION", 8, 11, "<=", ">", "return a > -b"},
		{"INVERT_NEGATIVES", 8, 14, "-", "+", "return a <= +b"},
	} {
		m, err := gremlinsMutant("p", "p.go", src, tc.typ, tc.line, tc.col)
		if err != nil {
			t.Errorf("%s %d:%d: %v", tc.typ, tc.line, tc.col, err)
			continue
		}
		if m.From != tc.from || m.To != tc.to || m.By != byGremlins {
			t.Errorf("%s %d:%d: %s", tc.typ, tc.line, tc.col, m)
		}
		out, err := m.Apply(src)
		if err != nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s %d:%d: got %q, %v; want %q in it", tc.typ, tc.line, tc.col, out, err, tc.want)
		}
	}
	// A position without the token the type changes is an error, not a
	// silent change elsewhere.
	if _, err := gremlinsMutant("p", "p.go", src, "CONDITIONALS_BOUNDARY", 5, 8); err == nil {
		t.Error("a boundary mutant on '-' was accepted")
	}
	if _, err := gremlinsMutant("p", "p.go", src, "NO_SUCH_TYPE", 5, 11); err == nil {
		t.Error("an unknown mutator type was accepted")
	}
}

func TestReadGremlins(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "pkg/a.go", "package pkg\n\nfunc f(a, b int) bool { return a < b || a == b || a > b || a != b }\n")
	report := `{"files": [{"file_name": "a.go", "mutations": [
	  {"type": "CONDITIONALS_BOUNDARY", "status": "KILLED", "line": 3, "column": 34},
	  {"type": "CONDITIONALS_NEGATION", "status": "LIVED", "line": 3, "column": 43},
	  {"type": "CONDITIONALS_BOUNDARY", "status": "NOT COVERED", "line": 3, "column": 53},
	  {"type": "CONDITIONALS_NEGATION", "status": "TIMED OUT", "line": 3, "column": 62},
	  {"type": "CONDITIONALS_NEGATION", "status": "SKIPPED", "line": 3, "column": 62}]}]}`
	writeFile(t, root, "gremlins-pkg.json", report)
	ms, err := ReadGremlins(filepath.Join(root, "gremlins-pkg.json"), root, "pkg")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.From+" "+m.To+" "+string(m.Status))
	}
	want := []string{"< <= killed", "== != survived", "> >= pending", "!= == pending"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestTally(t *testing.T) {
	mk := func(by string, st Status, to string) *Mutant {
		return &Mutant{Pkg: "p", File: "a.go", Op: OpTimeSwap, Site: "x#1", To: to, By: by, Status: st}
	}
	ms := []*Mutant{
		mk(byGremlins, Killed, "1"), mk(byMutate, Killed, "2"), mk(byMutate, TimedOut, "3"),
		mk(byMutate, Survived, "4"), mk(byMutate, Survived, "5"), mk(byGremlins, NotViable, "6"),
	}
	eq := []Equivalent{
		{File: "p/a.go", Op: OpTimeSwap, Site: "x#1", To: "5", Why: "no test can tell"},
		{File: "p/a.go", Op: OpTimeSwap, Site: "x#1", To: "9", Why: "stale"},
	}
	used := map[string]bool{}
	s := Tally("p", ms, eq, used)
	if s.Killed != 2 || s.TimedOut != 1 || s.Survived != 2 || s.Equivalent != 1 || s.NotViable != 1 {
		t.Errorf("tally %+v", s)
	}
	// 3 detected over 5 run, less 1 equivalent.
	if got := s.Percent(); got != 75 {
		t.Errorf("score %v, want 75", got)
	}
	if len(s.Survivors) != 1 || s.Survivors[0].To != "4" {
		t.Errorf("survivors %v", s.Survivors)
	}
	var b strings.Builder
	Print(&b, []*Score{s}, eq, used)
	for _, want := range []string{"75.0%", "SURVIVED", "no test can tell", "STALE"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestReadEquivalentsNeedsAReason(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "eq.json", `{"equivalent": [{"file": "p/a.go", "op": "X", "site": "s#1", "to": "y", "why": " "}]}`)
	if _, err := ReadEquivalents(filepath.Join(dir, "eq.json")); err == nil {
		t.Error("an entry without a reason was accepted")
	}
	writeFile(t, dir, "eq.json", `{"equivalent": [{"file": "p/a.go", "op": "X", "site": "s#1", "to": "y", "why": "w", "extra": 1}]}`)
	if _, err := ReadEquivalents(filepath.Join(dir, "eq.json")); err == nil {
		t.Error("an unknown member was accepted")
	}
}

// A small module whose test pins a deadline exactly: the boundary and
// negation mutants of its comparison are killed, swapping After for
// Before is not (at the deadline both are false), and a mutant that does
// not compile is not viable. The module is never changed.
func TestRunOnACopy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on a module copy")
	}
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module example.com/clock\n\ngo 1.22\n")
	src := "package clock\n\nimport \"time\"\n\nvar Deadline = time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)\n\n" +
		"// Late reports whether t is after the deadline.\nfunc Late(t time.Time) bool { return t.After(Deadline) }\n"
	writeFile(t, root, "clock/clock.go", src)
	writeFile(t, root, "clock/clock_test.go", "package clock\n\nimport \"testing\"\n\n"+
		"func TestAtTheDeadline(t *testing.T) {\n\tif Late(Deadline) {\n\t\tt.Error(\"late at the deadline\")\n\t}\n}\n")
	ms, err := Generate(root, "clock")
	if err != nil {
		t.Fatal(err)
	}
	bad := &Mutant{Pkg: "clock", File: "clock.go", Op: "TEST", From: "t.After(Deadline)", To: `"late"`, By: byMutate}
	bad.start = strings.Index(src, bad.From)
	bad.end = bad.start + len(bad.From)
	ms = append(ms, bad)
	for _, m := range ms {
		m.Status = Pending
	}
	var ran int
	if err := Run(root, t.TempDir(), "./clock", ms, 2, 2*time.Minute, func(*Mutant) { ran++ }); err != nil {
		t.Fatal(err)
	}
	got := map[string]Status{}
	for _, m := range ms {
		got[m.Op] = m.Status
	}
	want := map[string]Status{OpTimeBoundary: Killed, OpTimeNegation: Killed, OpTimeSwap: Survived, "TEST": NotViable}
	if diff := cmp.Diff(want, got); diff != "" || ran != len(ms) {
		t.Errorf("statuses (-want +got):\n%s\nran %d of %d", diff, ran, len(ms))
	}
	for _, m := range ms {
		if m.Status == Killed && m.Failed != "TestAtTheDeadline" {
			t.Errorf("%s: failed test %q", m, m.Failed)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(root, "clock/clock.go")); string(after) != src {
		t.Error("the module's own file was changed")
	}
}

func TestPackageFilesLeavesTestsOut(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.go", "a_test.go", "b.go", "notes.txt"} {
		writeFile(t, dir, n, "package p\n")
	}
	got, err := PackageFiles(dir)
	if err != nil || !slices.Equal(got, []string{"a.go", "b.go"}) {
		t.Errorf("got %v, %v", got, err)
	}
}

func writeFile(t *testing.T, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
