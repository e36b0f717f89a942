package program

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The problems a Problems records are written into its shared space rather
// than formatted one by one; these tests hold every text, pointer, order
// and JSON form to what the formats they replace wrote.

// The implementations the shared space replaced, kept as the oracle.

func oldPath(parent string, names ...string) string {
	for _, n := range names {
		if strings.ContainsAny(n, "~/") {
			n = strings.NewReplacer("~", "~0", "/", "~1").Replace(n)
		}
		parent += "/" + n
	}
	return parent
}

func oldIndex(parent string, i int) string { return parent + "/" + strconv.Itoa(i) }

func oldQuoteShort(s string) string {
	if len(s) <= 40 {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:shortCut(s)]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

func oldOneOf[T ~string](values []T) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}

// oldCheckEnum is the detail CheckEnum wrote for v, "" for a valid v.
func oldCheckEnum[T ~string](v T, what string, values []T) string {
	for _, x := range values {
		if x == v {
			return ""
		}
	}
	if v == "" {
		return fmt.Sprintf("required: one of %s", oldOneOf(values))
	}
	return fmt.Sprintf("%s is not a %s (%s)", oldQuoteShort(string(v)), what, oldOneOf(values))
}

// oldProblem is the problem Problems.Add made before the shared space.
func oldProblem(pointer, format string, args ...any) *FieldError {
	return &FieldError{Pointer: pointer, Detail: fmt.Sprintf(format, args...)}
}

// sameProblems compares two lists of problems through every form a caller
// sees: the error's text, each field error, the JSON form, errors.Is.
func sameProblems(t *testing.T, want []*FieldError, got error) {
	t.Helper()
	var wantErr error
	switch len(want) {
	case 0:
	case 1:
		wantErr = want[0]
	default:
		errs := make([]error, len(want))
		for i, fe := range want {
			errs[i] = fe
		}
		wantErr = errors.Join(errs...)
	}
	if (wantErr == nil) != (got == nil) {
		t.Fatalf("error %v, want %v", got, wantErr)
	}
	if got == nil {
		return
	}
	if got.Error() != wantErr.Error() {
		t.Errorf("text\n%q, want\n%q", got.Error(), wantErr.Error())
	}
	if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", wantErr) {
		t.Errorf("type %T, want %T", got, wantErr)
	}
	fes := FieldErrors(got)
	if len(fes) != len(want) {
		t.Fatalf("%d field errors, want %d", len(fes), len(want))
	}
	for i := range want {
		if *fes[i] != *want[i] {
			t.Errorf("problem %d: %+v, want %+v", i, *fes[i], *want[i])
		}
	}
	gj, err1 := json.Marshal(fes)
	wj, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil || string(gj) != string(wj) {
		t.Errorf("JSON %s (%v), want %s (%v)", gj, err1, wj, err2)
	}
	var fe *FieldError
	if !errors.Is(got, ErrInvalidInput) || !errors.As(got, &fe) || *fe != *want[0] {
		t.Errorf("errors.Is/As: %v %+v", errors.Is(got, ErrInvalidInput), fe)
	}
}

var testEnum = []Track{TrackSelect, TrackOpen, "with/slash", "with~tilde"}

// enumValues are values a caller may send: valid ones, the empty value,
// unknown ones, long ones (cut at 40 bytes, on a character boundary),
// quotes, escapes, invalid UTF-8.
func enumValues() []string {
	return []string{
		"select", "", "gold", "Select", `"quoted"`, "tab\there", "new\nline", "é", "\xff\xfe",
		strings.Repeat("a", 40), strings.Repeat("a", 41), strings.Repeat("é", 21), strings.Repeat("€", 14),
		strings.Repeat("a", 31) + "€€€€", strings.Repeat("a", 32) + "\xff" + strings.Repeat("b", 10),
		strings.Repeat("a", 30) + "\xe2\x82" + strings.Repeat("b", 10), strings.Repeat("x", 5000),
	}
}

func TestCheckEnumTextsAsBefore(t *testing.T) {
	for _, v := range enumValues() {
		for _, values := range [][]Track{testEnum, nil, {TrackOpen}} {
			var p Problems
			CheckEnum(&p, "/track", Track(v), "track", values)
			var want []*FieldError
			if d := oldCheckEnum(Track(v), "track", values); d != "" {
				want = append(want, &FieldError{Pointer: "/track", Detail: d})
			}
			sameProblems(t, want, p.Err())

			var tr Track
			err := UnmarshalEnum(&tr, []byte(v), "track", values)
			if slicesContains(values, Track(v)) {
				if err != nil || string(tr) != v {
					t.Errorf("UnmarshalEnum(%q): %v %q", v, err, tr)
				}
				continue
			}
			wantDetail := fmt.Sprintf("%s is not a %s (%s)", oldQuoteShort(v), "track", oldOneOf(values))
			var fe *FieldError
			if !errors.As(err, &fe) || *fe != (FieldError{Detail: wantDetail}) {
				t.Errorf("UnmarshalEnum(%q): %#v, want detail %q", v, err, wantDetail)
			}
		}
	}
}

func slicesContains(values []Track, v Track) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

func TestQuoteShortAsBefore(t *testing.T) {
	for _, v := range enumValues() {
		if got, want := quoteShort(v), oldQuoteShort(v); got != want {
			t.Errorf("quoteShort(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestPointersAsBefore(t *testing.T) {
	names := [][]string{nil, {""}, {"a"}, {"a", "b"}, {"a/b"}, {"~"}, {"~1/~0", "x"}, {"/"}, {"é", "~/~/"}}
	for _, parent := range []string{"", "/x", "/a~1b", "/seats/0"} {
		for _, ns := range names {
			want := oldPath(parent, ns...)
			if got := Path(parent, ns...); got != want {
				t.Errorf("Path(%q, %q) = %q, want %q", parent, ns, got, want)
			}
			var p Problems
			if got := p.Path(parent, ns...); got != want {
				t.Errorf("Problems.Path(%q, %q) = %q, want %q", parent, ns, got, want)
			}
			var nilP *Problems
			if got := nilP.Path(parent, ns...); got != want {
				t.Errorf("nil Problems.Path(%q, %q) = %q, want %q", parent, ns, got, want)
			}
		}
		for _, i := range []int{0, 7, 10, 99, 100, 12345, -1} {
			want := oldIndex(parent, i)
			var p Problems
			if got, pgot := Index(parent, i), p.Index(parent, i); got != want || pgot != want {
				t.Errorf("Index(%q, %d) = %q, Problems.Index %q, want %q", parent, i, got, pgot, want)
			}
		}
	}
	if got := escapePointer("a~b/c"); got != "a~0b~1c" {
		t.Errorf("escapePointer: %q", got)
	}
}

// TestAddTextsAsBefore: Add writes what fmt.Sprintf wrote, for every shape
// of format the packages use, and for formats with no verb at all.
func TestAddTextsAsBefore(t *testing.T) {
	type call struct {
		pointer, format string
		args            []any
	}
	calls := []call{
		{"/a", "required: a date (YYYY-MM-DD)", nil},
		{"/b", "100%% sure", nil},
		{"/c", "%s with no argument", nil},
		{"/d", "%d is negative", []any{-1}},
		{"/e", "%d is more than %d", []any{1000001, MaxCount}},
		{"/f", "%04d-%02d-%02d is not a calendar date", []any{2026, 2, 30}},
		{"/g", "%q is also the ID of the registration at %s", []any{"R-1", "/registrations/0"}},
		{"/h", "%s is after the submission on %s", []any{NewDate(2026, 3, 11), NewDate(2026, 3, 10)}},
		{"/i", "%s is listed twice", []any{TrackOpen}},
		{"/j", "%v and %w", []any{errors.New("x"), errors.New("y")}},
		{"/k", "extra", []any{1}},
		{"", "%s", []any{strings.Repeat("long ", 200)}},
	}
	var p Problems
	var want []*FieldError
	for round := range 3 { // past the first space, and into more chunks
		for _, c := range calls {
			ptr := c.pointer + strings.Repeat("/x", round)
			p.Add(ptr, c.format, c.args...)
			want = append(want, oldProblem(ptr, c.format, c.args...))
		}
	}
	RequireMember(&p, "/partner", "track", true, "the partner's track")
	RequireMember(&p, "/partner", "standing", false, "unused")
	want = append(want, oldProblem(oldPath("/partner", "track"), "required: %s", "the partner's track"))
	sameProblems(t, want, p.Err())
}

// TestProblemTextsStay: a problem's text and pointer do not change as
// more problems are written after it, into the same space or past it,
// nor when a copy of the Problems records problems of its own.
func TestProblemTextsStay(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var p Problems
	var want []*FieldError
	var pointers []string
	for i := range 2*MaxProblems + 20 {
		v := strings.Repeat(string(rune('a'+rng.IntN(26))), rng.IntN(60))
		ptr := p.Index(p.Path("/list", "a/b"), i)
		pointers = append(pointers, ptr)
		switch i % 3 {
		case 0:
			CheckEnum(&p, ptr, Track(v), "track", testEnum)
			if d := oldCheckEnum(Track(v), "track", testEnum); d != "" && len(want) < MaxProblems {
				want = append(want, &FieldError{Pointer: oldIndex(oldPath("/list", "a/b"), i), Detail: d})
			}
		case 1:
			p.Add(ptr, "%q and %d", v, i)
			if len(want) < MaxProblems {
				want = append(want, oldProblem(oldIndex(oldPath("/list", "a/b"), i), "%q and %d", v, i))
			}
		case 2:
			q := p // a copy shares the space and must not write over p's texts
			q.Add(q.Path("/copy", v), "copy %s", v)
		}
		for j, ptr := range pointers {
			if w := oldIndex(oldPath("/list", "a/b"), j); ptr != w {
				t.Fatalf("after %d problems, pointer %d is %q, want %q", i, j, ptr, w)
			}
		}
		for j, fe := range FieldErrors(p.Err()) {
			if *fe != *want[j] {
				t.Fatalf("after %d problems, problem %d is %+v, want %+v", i, j, *fe, *want[j])
			}
		}
	}
	if p.Len() <= MaxProblems || Omitted(p.Err()) != p.Len()-MaxProblems {
		t.Errorf("Len %d, omitted %d", p.Len(), Omitted(p.Err()))
	}
}

// TestProblemsShareOneAllocation: the first problems of an input take one
// allocation between them, their pointers and texts included; a valid
// value takes none.
func TestProblemsShareOneAllocation(t *testing.T) {
	least := func(f func()) float64 {
		n := testing.AllocsPerRun(50, f)
		for range 2 {
			n = min(n, testing.AllocsPerRun(50, f))
		}
		return n
	}
	if a := least(func() {
		var p Problems
		CheckEnum(&p, "/a/tracks/3", TrackOpen, "track", Tracks)
		if p.Err() != nil {
			t.Fatal("a valid track")
		}
	}); a != 0 {
		t.Errorf("a valid value allocates %v times, want 0", a)
	}
	if a := least(func() {
		var p Problems
		CheckEnum(&p, p.Index(p.Path("/a", "tracks"), 3), Track("gold"), "track", Tracks)
		CheckEnum(&p, "/b", Track(""), "track", Tracks)
		RequireMember(&p, "/partner", "standing", true, "the partner's standing")
		p.Add("/c", "required: a date (YYYY-MM-DD)")
		if err := p.Err(); err == nil {
			t.Fatal("want an error")
		}
	}); a != 1+2 { // the space, and errors.Join's two
		t.Errorf("four problems allocate %v times, want 3", a)
	}
	if a := least(func() {
		var p Problems
		CheckEnum(&p, p.Index(p.Path("/a", "tracks"), 3), Track("gold"), "track", Tracks)
		if p.Err() == nil {
			t.Fatal("want an error")
		}
	}); a != 1 {
		t.Errorf("one problem allocates %v times, want 1", a)
	}
}

// FuzzProblemTexts: for any value, name and index, the texts and pointers
// are what the formats they replace wrote.
func FuzzProblemTexts(f *testing.F) {
	for i, v := range enumValues() {
		f.Add(v, "track", "/x", "a/b~c", i)
	}
	f.Add("", "", "", "", -1)
	f.Fuzz(func(t *testing.T, v, what, parent, name string, i int) {
		if quoteShort(v) != oldQuoteShort(v) {
			t.Fatalf("quoteShort(%q) = %q, want %q", v, quoteShort(v), oldQuoteShort(v))
		}
		values := []Track{TrackSelect, Track(name), TrackOpen}
		var p Problems
		ptr := p.Index(p.Path(parent, name, "x"), i)
		CheckEnum(&p, ptr, Track(v), what, values)
		p.Add(p.Path(parent, v), "%s: %q %d", what, v, i)
		RequireMember(&p, parent, name, true, what)
		var want []*FieldError
		wantPtr := oldIndex(oldPath(parent, name, "x"), i)
		if d := oldCheckEnum(Track(v), what, values); d != "" {
			want = append(want, &FieldError{Pointer: wantPtr, Detail: d})
		}
		want = append(want, oldProblem(oldPath(parent, v), "%s: %q %d", what, v, i),
			oldProblem(oldPath(parent, name), "required: %s", what))
		sameProblems(t, want, p.Err())
		if ptr != wantPtr {
			t.Fatalf("pointer %q, want %q", ptr, wantPtr)
		}
		var tr Track
		if err := UnmarshalEnum(&tr, []byte(v), what, values); err != nil {
			d := fmt.Sprintf("%s is not a %s (%s)", oldQuoteShort(v), what, oldOneOf(values))
			if fe := FieldErrors(err); len(fe) != 1 || fe[0].Detail != d {
				t.Fatalf("UnmarshalEnum: %v, want %q", err, d)
			}
		}
	})
}
