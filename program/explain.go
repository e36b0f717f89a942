package program

import (
	"strconv"
	"time"

	"github.com/channelpolicy/channelpolicy/internal/rfc3339"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"
)

// Effect says how a rule bore on a decision: it applied (it picked the
// path or the outcome), or it is a requirement that was met or unmet. A
// caller reading a rejection or a nearest miss tells the requirements still
// missing (unmet) from the ones already held (met).
type Effect uint8

const (
	Applied Effect = iota
	Met
	Unmet
)

var effectNames = [...]string{Applied: "applied", Met: "met", Unmet: "unmet"}

// Effects lists every effect, in a fixed order.
var Effects = []Effect{Applied, Met, Unmet}

func (e Effect) String() string {
	if int(e) < len(effectNames) {
		return effectNames[e]
	}
	return "effect(" + strconv.Itoa(int(e)) + ")"
}

// MarshalText writes the effect's name.
func (e Effect) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads an effect's name.
func (e *Effect) UnmarshalText(b []byte) error {
	for i, n := range effectNames {
		if string(b) == n {
			*e = Effect(i)
			return nil
		}
	}
	return typeError[Effect](strconv.Quote(string(b)) + " is not an effect (applied, met, unmet)")
}

// EnumValues lists the valid values of Effect.
func (Effect) EnumValues() []string { return effectNames[:] }

// Facts are the typed facts one reason's text is written from: counts and
// day numbers, instants, dates, decimals and short strings (identifiers,
// labels, enum values), each in a numbered slot its rule's [Text] reads.
// Recording them copies words and never formats; a rule's text is written
// only when a caller asks for it. Instants are kept to the second (texts
// write RFC 3339 without fractions) with their offset, and written in the
// reason's zone (Loc) when it has one.
type Facts struct {
	N   [6]int64
	S   [3]string
	D   [2]decimal.Decimal
	Loc *time.Location
	// V chooses among a rule's sentences ([Templates]).
	V uint8
	// Ref is, for a text that needs more than the slots hold, a pointer to
	// an immutable copy of the facts the package made for the decision
	// (one per decision, shared by its reasons). Nothing writes to it after
	// the decision is made.
	Ref any
}

// SetInt records n in slot i.
func (f *Facts) SetInt(i, n int) *Facts { f.N[i] = int64(n); return f }

// SetInstant records t (to the second, with its UTC offset) in slot i. A
// non-nil loc is the zone every instant of the reason is written in (the
// policy's); with none, each is written at the offset it was given with.
func (f *Facts) SetInstant(i int, t time.Time, loc *time.Location) *Facts {
	f.N[i] = InstantFact(t)
	if loc != nil {
		f.Loc = loc
	}
	return f
}

// InstantFact packs t into one fact slot: its second, and its UTC offset
// in minutes, so that a text can write it as it was given.
func InstantFact(t time.Time) int64 {
	off := 0
	if t.Location() != time.UTC { // UTC's offset is known without a look-up
		_, off = t.Zone()
	}
	return t.Unix()<<12 | int64(off/60+2048)&0xfff
}

// SetDate records d in slot i.
func (f *Facts) SetDate(i int, d Date) *Facts {
	f.N[i] = int64(d.Year)*10000 + int64(d.Month)*100 + int64(d.Day)
	return f
}

// SetString records s in string slot i.
func (f *Facts) SetString(i int, s string) *Facts { f.S[i] = s; return f }

// SetDecimal records d in decimal slot i.
func (f *Facts) SetDecimal(i int, d decimal.Decimal) *Facts { f.D[i] = d; return f }

// SetMoney records m's amount in decimal slot i and its currency in string
// slot s.
func (f *Facts) SetMoney(i, s int, m Money) *Facts {
	f.D[i], f.S[s] = m.Amount, string(m.Currency)
	return f
}

// Int reads the count in slot i.
func (f *Facts) Int(i int) int { return int(f.N[i]) }

// Instant reads the instant in slot i, in the reason's zone, or at the
// offset it was given with.
func (f *Facts) Instant(i int) time.Time {
	n := f.N[i]
	t := time.Unix(n>>12, 0)
	if f.Loc != nil {
		return t.In(f.Loc)
	}
	if off := int(n&0xfff-2048) * 60; off != 0 {
		return t.In(time.FixedZone("", off))
	}
	return t.UTC()
}

// Date reads the date in slot i.
func (f *Facts) Date(i int) Date {
	n := f.N[i]
	return Date{Year: int(n / 10000), Month: time.Month(n / 100 % 100), Day: int(n % 100)}
}

// AppendInt writes the count in slot i.
func (f *Facts) AppendInt(b []byte, i int) []byte { return strconv.AppendInt(b, f.N[i], 10) }

// AppendInstant writes the instant in slot i in RFC 3339, in its zone.
func (f *Facts) AppendInstant(b []byte, i int) []byte {
	return rfc3339.Append(b, f.Instant(i), false)
}

// AppendDate writes the date in slot i as YYYY-MM-DD.
func (f *Facts) AppendDate(b []byte, i int) []byte { return f.Date(i).AppendFormat(b) }

// AppendQuoted writes string slot i quoted.
func (f *Facts) AppendQuoted(b []byte, i int) []byte { return strconv.AppendQuote(b, f.S[i]) }

// AppendDecimal writes decimal slot i.
func (f *Facts) AppendDecimal(b []byte, i int) []byte { return append(b, f.D[i].String()...) }

// AppendMoney writes decimal slot i as an amount at the currency's minor
// unit, then the currency in string slot s: "1000.00 USD".
func (f *Facts) AppendMoney(b []byte, i, s int) []byte {
	m := Money{Amount: f.D[i], Currency: Currency(f.S[s])}
	return append(append(m.AppendAmountText(b), ' '), m.Currency...)
}

// Text writes a reason's sentence from its facts, appending to b. It is
// called only when a text is asked for: it may format freely.
type Text func(b []byte, f Facts) []byte

// Rule describes a rule a package can cite in a decision: its ID, the
// handbook section it comes from, a one-line summary in our words, and how a
// reason citing it is written. Every package declares each rule once and
// lists them, so that documentation, diagrams, traceability tests and
// reasons come from the same definitions the code evaluates.
type Rule struct {
	ID      RuleID `json:"id"`
	Section string `json:"section"`
	Summary string `json:"summary"`
	// Text writes a reason's sentence from the facts recorded with it; a
	// rule without one writes its summary.
	Text Text `json:"-"`

	idx uint32 // the rule's index in the reasons that cite it (see [Reasons])
}

// Cite records that r bore on a decision with effect e and facts f. The
// reason's text is written only when asked for.
func (r *Rule) Cite(e Effect, f Facts) Reason {
	return Reason{Rule: r.ID, Effect: e, Facts: f, rule: r}
}

// Reason is one step of a decision's explanation: the rule that bore on it,
// the handbook section it comes from, how (its [Effect]), and the facts of
// this case its sentence is written from. The text is for people and may
// change between versions; match on Rule. Texts are written when asked for
// ([Reason.Text], [Reason.AppendText], JSON encoding), never while deciding.
type Reason struct {
	Rule   RuleID `json:"rule"`
	Effect Effect `json:"effect"`
	// Facts are what the text is written from.
	Facts Facts `json:"-"`

	// rule is the rule cited, whose section the reason's is; nil for a
	// reason given its text and section in full (Facts.S[0] and S[1]).
	rule *Rule
}

// Declared reports whether the reason cites a declared rule with its
// facts; false for a reason given its text (NewReason, JSON) or written
// out (see [Declare]).
func (r Reason) Declared() bool { return r.rule != nil }

// NewReason is a reason whose text is already written: for decisions read
// back from JSON, and for callers outside the rules packages.
func NewReason(rule RuleID, section string, e Effect, text string) Reason {
	r := Reason{Rule: rule, Effect: e}
	r.Facts.S[0], r.Facts.S[1] = text, section
	return r
}

// Section is the handbook section the reason's rule comes from: the
// rule's own, written once where the rule is declared.
func (r Reason) Section() string {
	if r.rule == nil {
		return r.Facts.S[1]
	}
	return r.rule.Section
}

// AppendText appends the reason's sentence to b.
func (r *Reason) AppendText(b []byte) []byte {
	switch {
	case r.rule == nil:
		return append(b, r.Facts.S[0]...)
	case r.rule.Text == nil:
		return append(b, r.rule.Summary...)
	}
	return r.rule.Text(b, r.Facts)
}

// Text is the reason's sentence.
func (r Reason) Text() string { return string(r.AppendText(nil)) }

// String is the reason as a person reads it: "rule: text".
func (r Reason) String() string {
	return string(r.AppendText(append([]byte(r.Rule), ": "...)))
}

// MarshalJSON writes {"rule", "section", "effect", "text"}.
func (r Reason) MarshalJSON() ([]byte, error) { return r.appendJSON(make([]byte, 0, 160)), nil }

// appendJSON appends the reason's JSON object to b, its text written once
// and quoted in place.
func (r *Reason) appendJSON(b []byte) []byte {
	b = append(b, `{"rule":`...)
	b, _ = jsontext.AppendQuote(b, string(r.Rule))
	b = append(b, `,"section":`...)
	b, _ = jsontext.AppendQuote(b, r.Section())
	b = append(b, `,"effect":"`...)
	b = append(b, r.Effect.String()...)
	b = append(b, `","text":`...)
	start := len(b)
	b = r.AppendText(b)
	n := len(b) - start
	b, _ = jsontext.AppendQuote(b, b[start:start+n])
	b = append(b[:start], b[start+n:]...)
	return append(b, '}')
}

// UnmarshalJSON reads a reason written by MarshalJSON; its text is kept as
// written.
func (r *Reason) UnmarshalJSON(data []byte) error {
	var w struct {
		Rule    RuleID `json:"rule" jsonschema:"required"`
		Section string `json:"section" jsonschema:"required"`
		Effect  Effect `json:"effect"`
		Text    string `json:"text" jsonschema:"required"`
	}
	if err := DecodeJSON(data, &w); err != nil {
		return err
	}
	*r = NewReason(w.Rule, w.Section, w.Effect, w.Text)
	return nil
}

// MarshalJSONTo writes the reason as MarshalJSON does, straight into a
// JSON encoder (github.com/go-json-experiment/json), in the encoder's own
// buffer.
func (r Reason) MarshalJSONTo(enc *jsontext.Encoder) error {
	return enc.WriteValue(r.appendJSON(enc.AvailableBuffer()))
}

// DeclareTexts attaches to each rule of rules its text from texts, and
// returns the rules by ID, for packages that cite rules by ID.
func DeclareTexts(rules []Rule, texts map[RuleID]Text) map[RuleID]*Rule {
	m := make(map[RuleID]*Rule, len(rules))
	for i := range rules {
		if t, ok := texts[rules[i].ID]; ok {
			rules[i].Text = t
		}
		m[rules[i].ID] = &rules[i]
	}
	Declare(rules)
	return m
}

// Declare gives each rule of rules its place among the rules reasons
// cite by index. A package declares its rule tables when it is
// initialized, before any decision copies or cites them. A reason citing a
// rule that was not declared (or a copy of one) keeps its text written
// out instead, which costs a text written while deciding.
func Declare(rules []Rule) {
	for i := range rules {
		rules[i].declare()
	}
}

// DeclareEach is Declare for rules kept one by one.
func DeclareEach(rules ...*Rule) {
	for _, r := range rules {
		r.declare()
	}
}

// Declared reports whether r was declared (Declare): a reason citing it
// keeps its facts, and its text is written only when asked for.
func (r *Rule) Declared() bool { return r.declared() != 0 }
