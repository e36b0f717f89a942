package nfr

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// Policy holds every number, list and reading the NFR rules use. [Default]
// returns the handbook's values; a policy round-trips through JSON, and
// [ParsePolicy] lays a partial JSON document over a base policy.
type Policy struct {
	Version string `json:"version"`

	// Allocations are the caps per license type. An allocation applies to
	// a partner on its Track (any track when empty) that holds its
	// Competency (no competency needed when empty). When several apply to
	// one license type the largest cap counts; when none applies the
	// partner has no allocation of that type.
	Allocations []Allocation `json:"allocations"`
	// ReviewTracks are the tracks whose requests over a cap go to review
	// when they carry a business justification; over a cap on any other
	// track is denied.
	ReviewTracks []program.Track `json:"review_tracks"`

	// EligibleTracks are the tracks whose authorized partners may request
	// NFR licenses.
	EligibleTracks []program.Track `json:"eligible_tracks"`
	// Certifications: at least one employee must hold one of them.
	Certifications []Certification `json:"certifications"`

	// PermittedUses and ProhibitedUses classify the declared uses. A use
	// in neither list sends the request to review.
	PermittedUses  []Use `json:"permitted_uses"`
	ProhibitedUses []Use `json:"prohibited_uses"`

	// ProvisioningBusinessDays is how long provisioning of a granted
	// request takes, in business days of Calendar after submission.
	ProvisioningBusinessDays int                      `json:"provisioning_business_days"`
	Calendar                 program.BusinessCalendar `json:"calendar"`

	// ProvisioningActor provisions granted requests; ReviewActor decides
	// requests that need review. The handbook names neither; both default
	// to Ecosystem Operations, which handles partner requests.
	ProvisioningActor program.Actor `json:"provisioning_actor"`
	ReviewActor       program.Actor `json:"review_actor"`
}

// Allocation is the cap of one license type for the partners it applies to.
type Allocation struct {
	License    LicenseType        `json:"license"`
	Track      program.Track      `json:"track,omitempty"`
	Competency program.Competency `json:"competency,omitempty"`
	Seats      int                `json:"seats"`
}

// applies reports whether a applies to partner p.
func (a Allocation) applies(p program.Partner) bool {
	return (a.Track == "" || a.Track == p.Track) && (a.Competency == "" || p.Has(a.Competency))
}

// Version of the default policy.
const DefaultVersion = "nfr-2026.1"

// MaxProvisioningBusinessDays bounds [Policy.ProvisioningBusinessDays].
const MaxProvisioningBusinessDays = 60

// Default is the handbook's policy: Select partners 25 Ultimate
// self-managed, 25 Ultimate SaaS and 5 Duo seats, more with a business
// justification; Open partners 10 and 10 and no Duo; partners with the AWS
// DevOps Competency 25 Duo with Amazon Q seats; provisioning within 2
// business days of a Monday-to-Friday, 09:00-17:00 UTC week.
func Default() Policy {
	return Policy{
		Version: DefaultVersion,
		Allocations: []Allocation{
			{License: UltimateSelfManaged, Track: program.TrackSelect, Seats: 25},
			{License: UltimateSaaS, Track: program.TrackSelect, Seats: 25},
			{License: Duo, Track: program.TrackSelect, Seats: 5},
			{License: UltimateSelfManaged, Track: program.TrackOpen, Seats: 10},
			{License: UltimateSaaS, Track: program.TrackOpen, Seats: 10},
			{License: DuoAmazonQ, Competency: program.CompetencyAWSDevOps, Seats: 25},
		},
		ReviewTracks:             []program.Track{program.TrackSelect},
		EligibleTracks:           []program.Track{program.TrackSelect, program.TrackOpen},
		Certifications:           []Certification{CertSolutionArchitect, CertProfessionalServicesEngineer},
		PermittedUses:            []Use{UseInternalTraining, UseIntegrationTesting, UseDemonstrations},
		ProhibitedUses:           []Use{UseCustomerProduction, UseInternalProduction, UseManagedServices},
		ProvisioningBusinessDays: 2,
		Calendar:                 program.StandardWeek(program.UTC()),
		ProvisioningActor:        program.ActorEcosystemOps,
		ReviewActor:              program.ActorEcosystemOps,
	}
}

// Validate reports every problem of the policy, with field paths under
// "policy".
func (p Policy) Validate() error {
	var pr program.Problems
	if strings.TrimSpace(p.Version) == "" {
		pr.Add("policy.version", "required: a name for this version of the policy")
	}
	for i, a := range p.Allocations {
		if a.valid() && !p.repeats(i) {
			continue // the common case builds no field paths
		}
		f := program.Index("policy.allocations", i)
		program.CheckEnum(&pr, program.Path(f, "license"), a.License, "license type", LicenseTypes)
		if a.Track != "" {
			program.CheckEnum(&pr, program.Path(f, "track"), a.Track, "track", program.Tracks)
		}
		if a.Competency != "" {
			program.CheckEnum(&pr, program.Path(f, "competency"), a.Competency, "competency", program.Competencies)
		}
		program.CheckCount(&pr, program.Path(f, "seats"), a.Seats)
		for j, b := range p.Allocations[:i] {
			if a.License == b.License && a.Track == b.Track && a.Competency == b.Competency {
				pr.Add(f, "same license, track and competency as allocations[%d]", j)
				break
			}
		}
	}
	checkList(&pr, "policy.review_tracks", p.ReviewTracks, "track", program.Tracks, false)
	checkList(&pr, "policy.eligible_tracks", p.EligibleTracks, "track", program.Tracks, true)
	checkList(&pr, "policy.certifications", p.Certifications, "certification", Certifications, true)
	checkList(&pr, "policy.permitted_uses", p.PermittedUses, "use", Uses, false)
	checkList(&pr, "policy.prohibited_uses", p.ProhibitedUses, "use", Uses, false)
	for i, u := range p.ProhibitedUses {
		if slices.Contains(p.PermittedUses, u) {
			pr.Add(program.Index("policy.prohibited_uses", i), "%s is also a permitted use", u)
		}
	}
	if n := p.ProvisioningBusinessDays; n < 0 || n > MaxProvisioningBusinessDays {
		pr.Add("policy.provisioning_business_days", "%d is not between 0 and %d", n, MaxProvisioningBusinessDays)
	}
	p.Calendar.Check(&pr, "policy.calendar")
	program.CheckEnum(&pr, "policy.provisioning_actor", p.ProvisioningActor, "actor", program.Actors)
	program.CheckEnum(&pr, "policy.review_actor", p.ReviewActor, "actor", program.Actors)
	return pr.Err()
}

func (a Allocation) valid() bool {
	return a.License.Valid() && (a.Track == "" || a.Track.Valid()) &&
		(a.Competency == "" || a.Competency.Valid()) && a.Seats >= 0 && a.Seats <= program.MaxCount
}

// repeats reports whether allocation i has the license, track and
// competency of an earlier one.
func (p Policy) repeats(i int) bool {
	a := p.Allocations[i]
	for _, b := range p.Allocations[:i] {
		if a.License == b.License && a.Track == b.Track && a.Competency == b.Competency {
			return true
		}
	}
	return false
}

// checkList records unknown and repeated values of list, and an empty list
// when required.
func checkList[T ~string](pr *program.Problems, field string, list []T, what string, values []T, required bool) {
	if required && len(list) == 0 {
		pr.Add(field, "required: at least one %s", what)
	}
	for i, v := range list {
		if slices.Contains(values, v) && !slices.Contains(list[:i], v) {
			continue // the common case builds no field paths
		}
		program.CheckEnum(pr, program.Index(field, i), v, what, values)
		if j := slices.Index(list[:i], v); j >= 0 {
			pr.Add(program.Index(field, i), "%s repeats %s", v, program.Index(field, j))
		}
	}
}

// ParsePolicy decodes data strictly over a copy of base and validates the
// result. Fields data does not name keep base's values; a list data names
// replaces base's list whole, and an object (such as the calendar) is
// merged field by field. base itself is never modified.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	p := base.clone()
	var top map[string]json.RawMessage
	if err := program.DecodeJSON(data, &top, "policy"); err != nil {
		return Policy{}, err
	}
	clearNamedLists(reflect.ValueOf(&p).Elem(), top)
	if err := program.DecodeJSON(data, &p, "policy"); err != nil {
		return Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// clearNamedLists sets to nil every slice field of the struct v whose JSON
// name is a key of obj, and recurses into struct fields named there, so that
// encoding/json replaces those lists rather than decoding into their old
// elements.
func clearNamedLists(v reflect.Value, obj map[string]json.RawMessage) {
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		raw, ok := named(obj, name)
		if !ok {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			f.SetZero()
		case reflect.Struct:
			var sub map[string]json.RawMessage
			if json.Unmarshal(raw, &sub) == nil {
				clearNamedLists(f, sub)
			}
		}
	}
}

// named finds key in obj as encoding/json does: exactly, or else ignoring
// case.
func named(obj map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if raw, ok := obj[key]; ok {
		return raw, true
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return obj[k], true
		}
	}
	return nil, false
}

// clone returns p with lists of its own.
func (p Policy) clone() Policy {
	p.Allocations = slices.Clone(p.Allocations)
	p.ReviewTracks = slices.Clone(p.ReviewTracks)
	p.EligibleTracks = slices.Clone(p.EligibleTracks)
	p.Certifications = slices.Clone(p.Certifications)
	p.PermittedUses = slices.Clone(p.PermittedUses)
	p.ProhibitedUses = slices.Clone(p.ProhibitedUses)
	p.Calendar.Workdays = slices.Clone(p.Calendar.Workdays)
	p.Calendar.Holidays = slices.Clone(p.Calendar.Holidays)
	return p
}

// cap returns the cap of license l for partner pt and whether pt has an
// allocation of l at all.
func (p Policy) cap(pt program.Partner, l LicenseType) (seats int, allocated bool) {
	for _, a := range p.Allocations {
		if a.License == l && a.applies(pt) {
			if !allocated || a.Seats > seats {
				seats = a.Seats
			}
			allocated = true
		}
	}
	return seats, allocated
}
