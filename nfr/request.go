package nfr

import (
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Request is a partner's NFR license request, as submitted on the portal.
type Request struct {
	ID      string          `json:"id,omitempty"`
	Partner program.Partner `json:"partner" jsonschema:"required"`
	// Seats lists, per license type, the seats the partner already holds
	// and the seats it asks for. Each license type appears at most once; a
	// type absent from the list has none held and none asked.
	Seats []SeatLine `json:"seats" jsonschema:"required"`
	// Uses are what the partner declares it will use the licenses for; at
	// least one.
	Uses []Use `json:"uses" jsonschema:"required"`
	// Justification is the partner's business justification for seats
	// beyond a cap; blank when none was given.
	Justification string `json:"justification,omitempty"`
	// SubmittedAt is when the request was submitted; provisioning is
	// counted from it.
	SubmittedAt time.Time `json:"submitted_at" jsonschema:"required"`
}

// SeatLine is one license type of a request: seats already held and seats
// asked for.
type SeatLine struct {
	License LicenseType `json:"license" jsonschema:"required"`
	Held    int         `json:"held"`
	Asked   int         `json:"asked"`
}

// Holdings is what a partner holds, for [Policy.Allowance].
type Holdings struct {
	Partner program.Partner `json:"partner" jsonschema:"required"`
	// Held lists the seats already held per license type; a type absent
	// from the list has none.
	Held []Held `json:"held,omitempty"`
}

// Held is the number of seats of one license type a partner holds.
type Held struct {
	License LicenseType `json:"license" jsonschema:"required"`
	Seats   int         `json:"seats"`
}

// HasJustification reports whether r carries a business justification;
// whitespace alone is none.
func (r Request) HasJustification() bool { return strings.TrimSpace(r.Justification) != "" }

// Check reports every problem of r, with field paths under "request".
func (r Request) Check() error {
	var p program.Problems
	r.Partner.Check(&p, "request.partner")
	anyAsked := false
	if len(r.Seats) == 0 {
		p.Add("request.seats", "required: at least one license type with seats asked")
	}
	for i, s := range r.Seats {
		anyAsked = anyAsked || s.Asked != 0
		if s.License.Valid() && validCount(s.Held) && validCount(s.Asked) &&
			!slices.ContainsFunc(r.Seats[:i], func(x SeatLine) bool { return x.License == s.License }) {
			continue // the common case builds no field paths
		}
		f := program.Index("request.seats", i)
		program.CheckEnum(&p, program.Path(f, "license"), s.License, "license type", LicenseTypes)
		checkRepeat(&p, program.Path(f, "license"), "request.seats", i, s.License, func(j int) LicenseType { return r.Seats[j].License })
		program.CheckCount(&p, program.Path(f, "held"), s.Held)
		program.CheckCount(&p, program.Path(f, "asked"), s.Asked)
	}
	if len(r.Seats) > 0 && !anyAsked {
		p.Add("request.seats", "asks for no seats: at least one license type needs asked above 0")
	}
	if len(r.Uses) == 0 {
		p.Add("request.uses", "required: at least one use (%s)", strings.Join(useNames(), ", "))
	}
	for i, u := range r.Uses {
		if u.Valid() && !slices.Contains(r.Uses[:i], u) {
			continue
		}
		f := program.Index("request.uses", i)
		program.CheckEnum(&p, f, u, "use", Uses)
		checkRepeat(&p, f, "request.uses", i, u, func(j int) Use { return r.Uses[j] })
	}
	if r.SubmittedAt.IsZero() {
		p.Add("request.submitted_at", "required: the instant the request was submitted (RFC 3339)")
	}
	return p.Err()
}

// Check reports every problem of h, with field paths under "holdings".
func (h Holdings) Check() error {
	var p program.Problems
	h.Partner.Check(&p, "holdings.partner")
	for i, s := range h.Held {
		if s.License.Valid() && validCount(s.Seats) &&
			!slices.ContainsFunc(h.Held[:i], func(x Held) bool { return x.License == s.License }) {
			continue
		}
		f := program.Index("holdings.held", i)
		program.CheckEnum(&p, program.Path(f, "license"), s.License, "license type", LicenseTypes)
		checkRepeat(&p, program.Path(f, "license"), "holdings.held", i, s.License, func(j int) LicenseType { return h.Held[j].License })
		program.CheckCount(&p, program.Path(f, "seats"), s.Seats)
	}
	return p.Err()
}

// checkRepeat records a problem at field when element i of a list repeats a
// valid value of an earlier element.
func checkRepeat[T interface {
	~string
	Valid() bool
}](p *program.Problems, field, list string, i int, v T, at func(int) T) {
	if !v.Valid() {
		return
	}
	for j := range i {
		if at(j) == v {
			p.Add(field, "%s is already listed at %s", v, program.Index(list, j))
			return
		}
	}
}

// validCount is the valid range of program.CheckCount.
func validCount(n int) bool { return n >= 0 && n <= program.MaxCount }

func useNames() []string {
	out := make([]string, len(Uses))
	for i, u := range Uses {
		out[i] = string(u)
	}
	return out
}
