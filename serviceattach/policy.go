package serviceattach

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds every number, list and reading switch the classification
// uses. [Default] returns the handbook's values; a changed policy is data
// (see [ParsePolicy]).
type Policy struct {
	Version string `json:"version"`

	// CloseWindowMonths: for approval, the SOW is signed and submitted at
	// most this many calendar months after the opportunity's close date.
	CloseWindowMonths int `json:"close_window_months"`
	// SignatureWindowMonths: for approval, the customer signed at most this
	// many calendar months before the SOW was submitted.
	SignatureWindowMonths int `json:"signature_window_months"`
	// RegistrationWindowMonths: for acceptance as a paid engagement, the SOW
	// is signed and submitted at most this many calendar months after the
	// registration was submitted.
	RegistrationWindowMonths int `json:"registration_window_months"`
	// WindowsOpenAtAnchor: when true, a SOW signed or submitted before the
	// opportunity closed (approval) or before the registration was submitted
	// (paid-engagement acceptance) is outside the window. By default the
	// windows are deadlines only, so a SOW signed together with the license
	// deal counts.
	WindowsOpenAtAnchor bool `json:"windows_open_at_anchor"`

	// InScope are the categories that meet the approved scope requirement.
	InScope []ServiceCategory `json:"in_scope"`
	// OutOfScope are the other categories. Every category is in exactly one
	// of the two lists.
	OutOfScope []ServiceCategory `json:"out_of_scope"`

	// RegulatedIndustries are the customer industries for which a written
	// customer acknowledgement may stand in for the SOW.
	RegulatedIndustries []Industry `json:"regulated_industries"`

	ready *ready // see Compile
}

// Default returns the handbook's policy: windows of 6 months after close,
// 6 months before submission and 12 months after registration (all
// deadlines only); the thirteen in-scope services; education/training and
// non-GitLab services out of scope; public sector, the handbook's only named
// regulated industry, as the industry whose customers may acknowledge in
// writing.
func Default() Policy {
	p, err := Policy{
		Version:                  "serviceattach/2026-11",
		CloseWindowMonths:        6,
		SignatureWindowMonths:    6,
		RegistrationWindowMonths: 12,
		InScope:                  slices.Clone(ServiceCategories[:program.QualifyingServices]),
		OutOfScope:               []ServiceCategory{EducationTraining, NonGitLab},
		RegulatedIndustries:      []Industry{PublicSector},
	}.Compile()
	if err != nil {
		panic("serviceattach: the default policy does not compile: " + err.Error())
	}
	return p
}

// maxWindowMonths bounds every window; a longer one is a typo.
const maxWindowMonths = 120

// Validate reports every problem of p, each located by a JSON Pointer into
// the policy's JSON document ("/close_window_months",
// "/regulated_industries/1").
func (p Policy) Validate() error {
	var pr program.Problems
	if p.Version == "" {
		pr.Add("/version", "required: a name for this policy version")
	}
	checkMonths(&pr, "/close_window_months", p.CloseWindowMonths)
	checkMonths(&pr, "/signature_window_months", p.SignatureWindowMonths)
	checkMonths(&pr, "/registration_window_months", p.RegistrationWindowMonths)
	checkCategories(&pr, "/in_scope", p.InScope)
	checkCategories(&pr, "/out_of_scope", p.OutOfScope)
	for _, c := range ServiceCategories {
		in, out := slices.Contains(p.InScope, c), slices.Contains(p.OutOfScope, c)
		switch {
		case in && out:
			pr.Add("/out_of_scope", "%s is also in in_scope; a category is in exactly one list", c)
		case !in && !out:
			pr.Add("/in_scope", "%s is in neither in_scope nor out_of_scope; a category is in exactly one list", c)
		}
	}
	for i, ind := range p.RegulatedIndustries {
		f := program.Index("/regulated_industries", i)
		program.CheckEnum(&pr, f, ind, "industry", Industries)
		if slices.Index(p.RegulatedIndustries, ind) < i {
			pr.Add(f, "%s is listed twice", ind)
		}
	}
	return pr.Err()
}

// Compile checks p once (every problem [Policy.Validate] reports) and
// returns it ready for decisions. [Default] and [ParsePolicy] return
// compiled policies; a policy built or changed by hand is checked on each
// decision until Compile is called. A compiled policy notices a changed
// field or a replaced list, but not an element written in place: its lists
// are read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = nil
	p.ready = &ready{src: p}
	return p, nil
}

// ready is a compiled policy: the fields it was checked with.
type ready struct{ src Policy }

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	return p.Version == s.Version && p.CloseWindowMonths == s.CloseWindowMonths &&
		p.SignatureWindowMonths == s.SignatureWindowMonths && p.RegistrationWindowMonths == s.RegistrationWindowMonths &&
		p.WindowsOpenAtAnchor == s.WindowsOpenAtAnchor && program.SameSlice(p.InScope, s.InScope) &&
		program.SameSlice(p.OutOfScope, s.OutOfScope) && program.SameSlice(p.RegulatedIndustries, s.RegulatedIndustries)
}

// checked is p's ready form, compiled now when p has none or has changed
// since.
func (p *Policy) checked() (*ready, error) { return program.Ready(*p, Policy.current) }

// current is p's ready form, when p's fields are as it was compiled from.
func (p Policy) current() (*ready, bool) { return p.ready, p.fresh() }

func checkMonths(pr *program.Problems, at string, n int) {
	if n < 1 || n > maxWindowMonths {
		pr.Add(at, "%d is not a number of months from 1 to %d", n, maxWindowMonths)
	}
}

func checkCategories(pr *program.Problems, at string, cs []ServiceCategory) {
	for i, c := range cs {
		f := program.Index(at, i)
		program.CheckEnum(pr, f, c, "service kind", ServiceCategories)
		if slices.Index(cs, c) < i {
			pr.Add(f, "%s is listed twice", c)
		}
	}
}

// ParsePolicy decodes data strictly over base (members data does not name
// keep base's values) and compiles the result (program.ParsePolicy). Every
// problem, of decoding or of validation, is located by a JSON Pointer into
// data.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

func (p *Policy) inScope(c ServiceCategory) bool { return slices.Contains(p.InScope, c) }

func (p *Policy) regulated(i Industry) bool {
	return i != "" && slices.Contains(p.RegulatedIndustries, i)
}
