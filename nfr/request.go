package nfr

import (
	"slices"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// Request is a partner's NFR license request, as submitted on the portal.
// Of the partner, NFR reads the track, the standing and the two
// certification counts, and requires them; competencies and marketplaces
// left out are none.
type Request struct {
	ID      string          `json:"id,omitempty"`
	Partner program.Partner `json:"partner" jsonschema:"required" require:"track,standing,employees/certified_solution_architects,employees/certified_professional_services_engineers"`
	// Seats lists, per license type, the seats the partner already holds
	// and the seats it asks for. Each license type appears at most once; a
	// type absent from the list has none held and none asked.
	Seats []SeatLine `json:"seats" jsonschema:"required,minItems=1,maxItems=100"`
	// Uses are what the partner declares it will use the licenses for; at
	// least one.
	Uses []Use `json:"uses" jsonschema:"required,minItems=1,maxItems=32,uniqueItems=true"`
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
	Held    int         `json:"held" jsonschema:"minimum=0,maximum=1000000"`
	Asked   int         `json:"asked" jsonschema:"minimum=0,maximum=1000000"`
}

// Holdings is what a partner holds, for [Policy.Allowance]. It reads the
// partner as a [Request] does.
type Holdings struct {
	Partner program.Partner `json:"partner" jsonschema:"required" require:"track,standing,employees/certified_solution_architects,employees/certified_professional_services_engineers"`
	// Held lists the seats already held per license type; a type absent
	// from the list has none.
	Held []Held `json:"held,omitempty" jsonschema:"maxItems=100"`
}

// Held is the number of seats of one license type a partner holds.
type Held struct {
	License LicenseType `json:"license" jsonschema:"required"`
	Seats   int         `json:"seats" jsonschema:"minimum=0,maximum=1000000"`
}

// HasJustification reports whether r carries a business justification;
// whitespace alone is none.
func (r Request) HasJustification() bool { return strings.TrimSpace(r.Justification) != "" }

// Check reports every problem of r, each located by a JSON Pointer into the
// request document ("/seats/1/license").
func (r Request) Check() error {
	var p program.Problems
	checkPartner(&p, r.Partner)
	anyAsked := false
	if len(r.Seats) == 0 {
		p.Add("/seats", "required: at least one license type with seats asked")
	}
	for i, s := range r.Seats {
		anyAsked = anyAsked || s.Asked != 0
		if s.License.Valid() && validCount(s.Held) && validCount(s.Asked) &&
			!slices.ContainsFunc(r.Seats[:i], func(x SeatLine) bool { return x.License == s.License }) {
			continue // the common case builds no pointers
		}
		f := p.Index("/seats", i)
		checkLicense(&p, f, "/seats", i, s.License, func(j int) LicenseType { return r.Seats[j].License })
		checkCount(&p, f, "held", s.Held)
		checkCount(&p, f, "asked", s.Asked)
	}
	if len(r.Seats) > 0 && !anyAsked {
		p.Add("/seats", "asks for no seats: at least one license type needs asked above 0")
	}
	if len(r.Uses) == 0 {
		p.Add("/uses", "required: at least one use (%s)", strings.Join(useNames(), ", "))
	}
	for i, u := range r.Uses {
		if u.Valid() && !slices.Contains(r.Uses[:i], u) {
			continue
		}
		f := p.Index("/uses", i)
		program.CheckEnum(&p, f, u, "use", Uses)
		checkRepeat(&p, f, "", "/uses", i, u, func(j int) Use { return r.Uses[j] })
	}
	if r.SubmittedAt.IsZero() {
		p.Add("/submitted_at", "required: the instant the request was submitted (RFC 3339)")
	}
	return p.Err()
}

// Check reports every problem of h, each located by a JSON Pointer into the
// holdings document ("/held/0/seats").
func (h Holdings) Check() error {
	var p program.Problems
	checkPartner(&p, h.Partner)
	for i, s := range h.Held {
		if s.License.Valid() && validCount(s.Seats) &&
			!slices.ContainsFunc(h.Held[:i], func(x Held) bool { return x.License == s.License }) {
			continue
		}
		f := p.Index("/held", i)
		checkLicense(&p, f, "/held", i, s.License, func(j int) LicenseType { return h.Held[j].License })
		checkCount(&p, f, "seats", s.Seats)
	}
	return p.Err()
}

// checkLicense records an unknown license type at the license member of
// element i of the list at pointer list (the element at pointer f), or one
// that repeats an earlier element's.
func checkLicense(p *program.Problems, f, list string, i int, l LicenseType, at func(int) LicenseType) {
	if !l.Valid() {
		program.CheckEnum(p, p.Path(f, "license"), l, "license type", LicenseTypes)
		return
	}
	checkRepeat(p, f, "license", list, i, l, at)
}

// checkCount records a count out of range at member name of the object at
// pointer f, building the pointer only then.
func checkCount(p *program.Problems, f, name string, n int) {
	if !validCount(n) {
		program.CheckCount(p, p.Path(f, name), n)
	}
}

// checkRepeat records a problem when element i of the list at pointer
// list (the element at pointer f) repeats a valid value of an earlier
// element: at f's member when member is not empty, else at f. The pointer
// is built only for a problem.
func checkRepeat[T interface {
	~string
	Valid() bool
}](p *program.Problems, f, member, list string, i int, v T, at func(int) T) {
	if !v.Valid() {
		return
	}
	for j := range i {
		if at(j) == v {
			if member != "" {
				f = p.Path(f, member)
			}
			p.Add(f, "%s is already listed at %s", v, p.Index(list, j))
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

// checkPartner checks the partner's values and requires the track and
// standing NFR reads. (The certification counts are required in JSON by
// the require tags; a Go caller's zero is a count of none.)
func checkPartner(p *program.Problems, pt program.Partner) {
	pt.Check(p, "/partner")
	program.RequireMember(p, "/partner", "track", pt.Track == "", "the partner's track, which decides eligibility and caps (select or open)")
	program.RequireMember(p, "/partner", "standing", pt.Standing == "", "the partner's standing; NFR licenses need good standing (good, probation, suspended)")
}
