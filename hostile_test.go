package channelpolicy_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// The budgets of issue 14: every hostile request answered within a second
// and with less than 50 MB of heap growth while it is served, measured
// with the collector off, so that the growth is everything the request
// allocated: an upper bound on the server's growth at any instant. The
// race detector makes code 5 to 10 times slower and its allocations
// larger, so under it the time budget is 10 s; the memory budget holds
// everywhere.
const (
	hostileBody = 1 << 20 // the handler's default MaxBody
	hostileHeap = 50 << 20
	hostileDeep = 4000
	hostileLong = 64 << 10
	// sameDayRegistrations is how many registrations of one opportunity,
	// submitted the same day, once got an explanation of 44 MB.
	sameDayRegistrations = 1789
)

func hostileTime() time.Duration {
	if raceEnabled {
		return 10 * time.Second
	}
	return time.Second
}

// leafMode says how a hostile body writes the leaves of an input.
type leafMode int

const (
	leavesValid      leafMode = iota
	leavesBadInstant          // every instant and date impossible
	leavesLong                // every string 64 KiB long
	leavesHuge                // every number, and every decimal, 64 Ki digits long
)

// leaves says how to write the leaves of a hostile body: the mode, and
// for long strings and numbers, their text.
type leaves struct {
	mode         leafMode
	long, digits string
}

func newLeaves(mode leafMode, size int) *leaves {
	return &leaves{mode, `"` + strings.Repeat("x", size) + `"`, strings.Repeat("9", size)}
}

// writeValue writes a value of Go type t with its leaves as l says:
// objects with every member, lists of one element.
func writeValue(b *bytes.Buffer, t reflect.Type, l *leaves) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	mode, long, digits := l.mode, l.long, l.digits
	c := classOf(t)
	switch {
	case mode == leavesLong && c != classObject && c != classList && c != classMap && c != classBool && c != classInt:
		b.WriteString(long)
		return
	case mode == leavesHuge && (c == classInt || c == classStage):
		b.WriteString(digits)
		return
	case mode == leavesHuge && c == classDecimal:
		b.WriteString(`"` + digits + `.5"`)
		return
	case mode == leavesBadInstant && (c == classInstant || c == classDateOrInstant):
		b.WriteString(`"2026-13-45T25:61:61Z"`)
		return
	case mode == leavesBadInstant && c == classDate:
		b.WriteString(`"2026-02-30"`)
		return
	}
	switch c {
	case classObject:
		b.WriteByte('{')
		for i, f := range goFields(t) {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(f.name) + ":")
			writeValue(b, f.typ, l)
		}
		b.WriteByte('}')
	case classList:
		b.WriteByte('[')
		writeValue(b, t.Elem(), l)
		b.WriteByte(']')
	case classMap:
		b.WriteString(`{}`)
	case classEnum:
		b.WriteString(strconv.Quote(reflect.Zero(t).Interface().(program.Enumerated).EnumValues()[0]))
	case classInstant:
		b.WriteString(`"2026-01-15T09:00:00Z"`)
	case classDate, classDateOrInstant:
		b.WriteString(`"2026-01-15"`)
	case classDecimal:
		b.WriteString(`"1.00"`)
	case classStage:
		b.WriteString(`2`)
	case classCountry:
		b.WriteString(`"DE"`)
	case classCurrency:
		b.WriteString(`"USD"`)
	case classInt:
		b.WriteString(`1`)
	case classBool:
		b.WriteString(`true`)
	default:
		b.WriteString(`"x"`)
	}
}

// topList is the first list member of an input's root object.
func topList(t reflect.Type) (goField, bool) {
	for _, f := range goFields(t) {
		if f.typ.Kind() == reflect.Slice {
			return f, true
		}
	}
	return goField{}, false
}

// fillList writes {"name": [elem, elem, ...], rest} with as many elements
// as fit in hostileBody bytes, at most limit (0: no limit).
func fillList(name string, elem []byte, rest string, limit int) []byte {
	var b bytes.Buffer
	b.WriteString(`{` + strconv.Quote(name) + `:[`)
	room := hostileBody - b.Len() - len(rest) - 3
	n := max(1, room/(len(elem)+1))
	if limit > 0 {
		n = min(n, limit)
	}
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(elem)
	}
	b.WriteString(`]`)
	if rest != "" {
		b.WriteString("," + rest)
	}
	b.WriteString(`}`)
	return b.Bytes()
}

// deepValue is a value nested depth objects deep, each with the one
// member "zz", which no input has.
func deepValue(depth int) []byte {
	return []byte(strings.Repeat(`{"zz":`, depth) + `null` + strings.Repeat(`}`, depth))
}

// hostileBodies are the bodies of issue 14 written for op's input: a 1 MiB
// list of empty items in each list member (or, for an input without
// lists, in an unknown one), 4,000-deep nesting under an unknown member,
// every instant impossible, every string 64 KiB long, every number and
// decimal 64 Ki digits long, and as many valid list elements as the list
// and the body hold (for serviceattach.portfolio, the same-day
// registrations of one opportunity whose explanation once grew with their
// square).
func hostileBodies(t *testing.T, op channelpolicy.Operation, valid []casebook.Case) map[string][]byte {
	in := op.Input()
	bodies := map[string][]byte{}
	lists := 0
	for _, f := range goFields(in) {
		if f.typ.Kind() != reflect.Slice {
			continue
		}
		lists++
		elem := `{}`
		if classOf(f.typ.Elem()) != classObject {
			elem = `"x"`
		}
		bodies["1 MiB of "+elem+" in /"+f.name] = fillList(f.name, []byte(elem), "", 0)
	}
	if lists == 0 {
		bodies["1 MiB of {} in an unknown list"] = fillList("items", []byte(`{}`), "", 0)
	}

	deep := deepValue(hostileDeep)
	if f, ok := topList(in); ok {
		bodies["4,000-deep unknown members in /"+f.name] = fillList(f.name, deep, "", 0)
	} else {
		var b bytes.Buffer
		b.WriteString(`{`)
		for i := 0; b.Len()+len(deep)+16 < hostileBody; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"zz%d":%s`, i, deep)
		}
		b.WriteString(`}`)
		bodies["4,000-deep unknown members"] = b.Bytes()
	}

	for mode, name := range map[leafMode]string{leavesBadInstant: "bad instants", leavesLong: "long strings", leavesHuge: "long numbers"} {
		// Strings and numbers are 64 Ki long, or as long as lets the
		// document fit the body.
		for size := hostileLong; ; size /= 2 {
			l := newLeaves(mode, size)
			var doc bytes.Buffer
			writeValue(&doc, in, l)
			f, ok := topList(in)
			if !ok {
				if doc.Len() > hostileBody {
					continue
				}
				bodies[fmt.Sprintf("%s (%d)", name, size)] = doc.Bytes()
				break
			}
			// The document's first list is filled with copies of its
			// element, up to the list's bound.
			var elem bytes.Buffer
			writeValue(&elem, f.typ.Elem(), l)
			var rest []string
			for _, g := range goFields(in) {
				if g.name == f.name {
					continue
				}
				var v bytes.Buffer
				writeValue(&v, g.typ, l)
				rest = append(rest, strconv.Quote(g.name)+":"+v.String())
			}
			if body := fillList(f.name, elem.Bytes(), strings.Join(rest, ","), f.maxItems); len(body) <= hostileBody {
				bodies[fmt.Sprintf("%s (%d)", name, size)] = body
				break
			}
		}
	}

	if f, ok := topList(in); ok {
		for _, c := range valid {
			var doc map[string]json.RawMessage
			var list []map[string]json.RawMessage
			if json.Unmarshal(c.Input, &doc) != nil || json.Unmarshal(doc[f.name], &list) != nil || len(list) == 0 {
				continue
			}
			var rest []string
			for k, v := range doc {
				if k != f.name {
					rest = append(rest, strconv.Quote(k)+":"+string(v))
				}
			}
			slices.Sort(rest)
			elem, _ := json.Marshal(list[0])
			copyOf := uniqueIDs(elem)
			n := min(f.maxItems, (hostileBody-len(strings.Join(rest, ","))-64)/(len(copyOf(99999))+1))
			if op.Name() == "serviceattach.portfolio" {
				n = sameDayRegistrations // the count, a little over 1 MiB with these registrations
			}
			var b bytes.Buffer
			b.WriteString(`{` + strconv.Quote(f.name) + `:[`)
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(copyOf(i))
			}
			b.WriteString(`]`)
			if len(rest) > 0 {
				b.WriteString("," + strings.Join(rest, ","))
			}
			b.WriteString(`}`)
			bodies[fmt.Sprintf("%d copies of an item of case %s in /%s", n, c.ID, f.name)] = b.Bytes()
			break
		}
	}
	for name, b := range bodies {
		if len(b) > hostileBody && !strings.HasPrefix(name, strconv.Itoa(sameDayRegistrations)+" ") {
			t.Fatalf("%s: body %s is %d bytes, over the limit", op.Name(), name, len(b))
		}
	}
	return bodies
}

// uniqueIDs is elem, a list element, as a template of copies in which
// every "id" member is made unique to copy i, except the opportunity's:
// copies of a registration are then as many registrations of one
// opportunity, of copies of a partner as many partners. copy(i) writes
// copy i.
func uniqueIDs(elem []byte) (copy func(i int) []byte) {
	const mark = "\u0000"
	var v any
	if json.Unmarshal(elem, &v) != nil {
		return func(int) []byte { return elem }
	}
	var walk func(v any, member string)
	walk = func(v any, member string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "id" && member != "opportunity" {
					x[k] = s + "-H" + mark
				}
				walk(e, k)
			}
		case []any:
			for _, e := range x {
				walk(e, member)
			}
		}
	}
	walk(v, "")
	out, _ := json.Marshal(v)
	parts := bytes.Split(out, []byte(`-H\u0000`))
	return func(i int) []byte {
		return bytes.Join(parts, []byte("-H"+strconv.Itoa(i)))
	}
}

// countingWriter is a ResponseWriter that keeps a problem document and
// only counts the bytes of a decision, as a server's connection would
// hold none of it.
type countingWriter struct {
	header http.Header
	status int
	n      int
	body   bytes.Buffer
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	if w.status != http.StatusOK {
		w.body.Write(p)
	}
	return len(p), nil
}

// TestHostileBodies sends every hostile body of issue 14, written for each
// operation's input, to that operation through the handler, and the
// portfolio's same-day registrations to every operation: each answer comes
// within the time budget, allocates less than 50 MB, and is a decision or a
// problem document whose errors are located and at most MaxProblems.
func TestHostileBodies(t *testing.T) {
	cases, err := casebook.LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	byOp := map[string][]casebook.Case{}
	for _, c := range cases {
		if c.Want.Outcome != "" && len(c.Policy) == 0 {
			byOp[c.Operation] = append(byOp[c.Operation], c)
		}
	}
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Now: func() time.Time { return caseNow }})
	if err != nil {
		t.Fatal(err)
	}
	// The same-day registrations are a little over the default MaxBody.
	h2, err := channelpolicy.NewHandler(channelpolicy.Options{Now: func() time.Time { return caseNow }, MaxBody: 2 * hostileBody})
	if err != nil {
		t.Fatal(err)
	}
	type send struct {
		op, name string
		body     []byte
		now      time.Time
	}
	var sends []send
	var sameDay send
	for _, op := range channelpolicy.Default().Operations() {
		bodies := hostileBodies(t, op, byOp[op.Name()])
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range bodies {
				if !yield(k) {
					return
				}
			}
		})
		for _, name := range names {
			s := send{op.Name(), name, bodies[name], caseNow}
			if strings.Contains(name, "copies") && len(byOp[op.Name()]) > 0 && !byOp[op.Name()][0].Now.IsZero() {
				s.now = byOp[op.Name()][0].Now
			}
			sends = append(sends, s)
			if op.Name() == "serviceattach.portfolio" && strings.Contains(name, "copies") {
				sameDay = s
			}
		}
	}
	if sameDay.body == nil {
		t.Fatal("no same-day portfolio body")
	}
	for _, op := range channelpolicy.Default().Operations() {
		if op.Name() != sameDay.op {
			sends = append(sends, send{op.Name(), "the portfolio's " + sameDay.name, sameDay.body, caseNow})
		}
	}

	budget := hostileTime()
	var worstTime time.Duration
	var worstGrowth uint64
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, s := range sends {
		pkg, short, _ := strings.Cut(s.op, ".")
		target := "/v1/" + pkg + "/" + short + "?now=" + s.now.Format(time.RFC3339)
		req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(s.body))
		req.Header.Set("Content-Type", "application/json")
		rec := &countingWriter{header: http.Header{}}

		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if before.HeapAlloc > 256<<20 {
			runtime.GC()
			runtime.ReadMemStats(&before)
		}
		start := time.Now()
		if len(s.body) > hostileBody {
			h2.ServeHTTP(rec, req)
		} else {
			h.ServeHTTP(rec, req)
		}
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		// The heap can also shrink during a request (the runtime frees some
		// memory without a collection): no growth then, not an underflow.
		growth := uint64(0)
		if after.HeapAlloc > before.HeapAlloc {
			growth = after.HeapAlloc - before.HeapAlloc
		}
		if after.NumGC != before.NumGC {
			t.Fatalf("the collector ran during a request")
		}
		worstTime, worstGrowth = max(worstTime, took), max(worstGrowth, growth)

		omitted := ""
		if rec.status != http.StatusOK {
			var p channelpolicy.Problem
			if err := json.Unmarshal(rec.body.Bytes(), &p); err != nil {
				t.Errorf("%s, %s: %d and not a problem document: %v", s.op, s.name, rec.status, err)
				continue
			}
			if rec.status != http.StatusBadRequest || len(p.Errors) == 0 || len(p.Errors) > program.MaxProblems {
				t.Errorf("%s, %s: %d %s with %d errors; want 400 with 1 to %d located errors", s.op, s.name, rec.status, p.Detail, len(p.Errors), program.MaxProblems)
			}
			if p.ErrorsOmitted > 0 {
				omitted = fmt.Sprintf(", %d more omitted", p.ErrorsOmitted)
			}
			omitted = fmt.Sprintf("%d errors%s", len(p.Errors), omitted)
		} else {
			omitted = "decided"
		}
		t.Logf("%-28s %-62.62s %5d KiB in, %5d KiB out, %d: %7.1f ms, heap +%5.1f MB (%s)",
			s.op, s.name, len(s.body)>>10, rec.n>>10, rec.status, float64(took.Microseconds())/1000,
			float64(growth)/(1<<20), omitted)
		if took > budget {
			t.Errorf("%s, %s: answered in %v, over the budget of %v", s.op, s.name, took, budget)
		}
		if growth > hostileHeap {
			t.Errorf("%s, %s: the heap grew %d MB, over the budget of %d MB", s.op, s.name, growth>>20, hostileHeap>>20)
		}
	}
	t.Logf("%d hostile requests; the slowest took %v, the heap grew at most %.1f MB", len(sends), worstTime, float64(worstGrowth)/(1<<20))

	// The same-day registrations are decided as the issue has them: each
	// needs review for the same day, and the decision is linear in them.
	res, err := channelpolicy.Evaluate(sameDay.op, sameDay.body, sameDay.now)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Decision.(serviceattach.PortfolioDecision)
	if len(d.Entries) != sameDayRegistrations {
		t.Fatalf("%d entries for %d registrations", len(d.Entries), sameDayRegistrations)
	}
	for _, e := range d.Entries {
		if e.Outcome != serviceattach.NeedsReview || !slices.Contains(e.Reasons.IDs(), serviceattach.RuleSameDay) {
			t.Fatalf("entry %s: %s %v; want needs_review for the same day", e.ID, e.Outcome, e.Reasons.IDs())
		}
	}
	if out, _ := json.Marshal(d); len(out) > 4*len(sameDay.body) {
		t.Errorf("%d same-day registrations in %d bytes get a decision of %d bytes: more than 4 times the input", sameDayRegistrations, len(sameDay.body), len(out))
	}
}
