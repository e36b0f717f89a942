package nfr

import (
	"encoding/json"
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

	ready *ready // see Compile
}

// Allocation is the cap of one license type for the partners it applies to.
type Allocation struct {
	License    LicenseType        `json:"license"`
	Track      program.Track      `json:"track,omitempty"`
	Competency program.Competency `json:"competency,omitempty"`
	Seats      int                `json:"seats"`
}

// applies reports whether a applies to partner p.
func (a *Allocation) applies(p *program.Partner) bool {
	return (a.Track == "" || a.Track == p.Track) && (a.Competency == "" || slices.Contains(p.Competencies, a.Competency))
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
	p, err := Policy{
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
	}.Compile()
	if err != nil {
		panic("nfr: the default policy does not compile: " + err.Error())
	}
	return p
}

// Validate reports every problem of the policy, each located by a JSON
// Pointer into the policy document ("/allocations/0/seats").
func (p Policy) Validate() error {
	var pr program.Problems
	if strings.TrimSpace(p.Version) == "" {
		pr.Add("/version", "required: a name for this version of the policy")
	}
	for i, a := range p.Allocations {
		if a.valid() && !p.repeats(i) {
			continue // the common case builds no pointers
		}
		f := program.Index("/allocations", i)
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
				pr.Add(f, "same license, track and competency as %s", program.Index("/allocations", j))
				break
			}
		}
	}
	checkList(&pr, "/review_tracks", p.ReviewTracks, "track", program.Tracks, false)
	checkList(&pr, "/eligible_tracks", p.EligibleTracks, "track", program.Tracks, true)
	checkList(&pr, "/certifications", p.Certifications, "certification", Certifications, true)
	checkList(&pr, "/permitted_uses", p.PermittedUses, "use", Uses, false)
	checkList(&pr, "/prohibited_uses", p.ProhibitedUses, "use", Uses, false)
	for i, u := range p.ProhibitedUses {
		if slices.Contains(p.PermittedUses, u) {
			pr.Add(program.Index("/prohibited_uses", i), "%s is also a permitted use", u)
		}
	}
	if n := p.ProvisioningBusinessDays; n < 0 || n > MaxProvisioningBusinessDays {
		pr.Add("/provisioning_business_days", "%d is not between 0 and %d", n, MaxProvisioningBusinessDays)
	}
	p.Calendar.Check(&pr, "/calendar")
	program.CheckEnum(&pr, "/provisioning_actor", p.ProvisioningActor, "actor", program.Actors)
	program.CheckEnum(&pr, "/review_actor", p.ReviewActor, "actor", program.Actors)
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

// checkList records unknown and repeated values of list, the list at
// pointer field, and an empty list when required.
func checkList[T ~string](pr *program.Problems, field string, list []T, what string, values []T, required bool) {
	if required && len(list) == 0 {
		pr.Add(field, "required: at least one %s", what)
	}
	for i, v := range list {
		if slices.Contains(values, v) && !slices.Contains(list[:i], v) {
			continue // the common case builds no pointers
		}
		program.CheckEnum(pr, program.Index(field, i), v, what, values)
		if j := slices.Index(list[:i], v); j >= 0 {
			pr.Add(program.Index(field, i), "%s repeats %s", v, program.Index(field, j))
		}
	}
}

// ParsePolicy decodes data strictly over a copy of base and validates the
// result. Fields data does not name (or names as null) keep base's values; a
// list data names replaces base's list whole, and an object (such as the
// calendar) is merged field by field. base itself is never modified. Errors
// locate each problem by a JSON Pointer into data.
func ParsePolicy(base Policy, data []byte) (Policy, error) {
	return program.ParsePolicy(base, data)
}

// Compile checks p once (every problem [Policy.Validate] reports) and
// returns it with its ready form: the allocations by license type, the
// uses as sets and the business calendar ready to count
// ([program.ReadyCalendar]), built once.
// [Default] and [ParsePolicy] return compiled policies; a policy built or
// changed by hand is compiled on each decision until Compile is called. A
// compiled policy notices a changed field or a replaced list, but not an
// element written in place: its lists are read-only.
func (p Policy) Compile() (Policy, error) {
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	p.ready = nil
	cal, err := p.Calendar.Ready("/calendar")
	if err != nil { // Validate checked it: unreachable
		return Policy{}, err
	}
	rd := &ready{src: p, cal: cal}
	slots := len(program.Tracks) + 1
	rd.eligibleTrack, rd.reviewTrack = make([]bool, slots), make([]bool, slots)
	for t := range slots - 1 {
		rd.eligibleTrack[t] = slices.Contains(p.EligibleTracks, program.Tracks[t])
		rd.reviewTrack[t] = slices.Contains(p.ReviewTracks, program.Tracks[t])
	}
	for i := range rd.caps {
		rd.caps[i] = make([]int, slots)
		for t := range slots {
			rd.caps[i][t] = -1
		}
	}
	for _, a := range p.Allocations {
		i := indexOf(LicenseTypes, a.License)
		if a.Competency != "" {
			rd.competent[i] = append(rd.competent[i], a)
			continue
		}
		for t := range slots {
			if a.Track == "" || t < slots-1 && a.Track == program.Tracks[t] {
				rd.caps[i][t] = max(rd.caps[i][t], a.Seats)
			}
		}
	}
	rd.permitted, rd.prohibited = useSet(p.PermittedUses), useSet(p.ProhibitedUses)
	p.ready = rd
	return p, nil
}

// ready is a compiled policy: what decisions read, checked once.
type ready struct {
	src Policy // a shallow snapshot of the fields compiled
	cal *program.ReadyCalendar
	// caps are, by license type in [LicenseTypes] order and by the
	// partner's track ([trackSlot]), the largest cap of the allocations
	// that need no competency, -1 for none; competent are the allocations
	// that need one, by license type.
	caps      [4][]int
	competent [4][]Allocation
	// eligibleTrack and reviewTrack say, by track slot, whether the track
	// is one of EligibleTracks and of ReviewTracks.
	eligibleTrack, reviewTrack []bool
	// permitted and prohibited are the policy's uses as sets of bits, one
	// per use in [Uses] order.
	permitted, prohibited uint
}

// trackSlot is track t's index in program.Tracks, or len(program.Tracks)
// for none.
func trackSlot(t program.Track) int {
	for i, x := range program.Tracks {
		if x == t {
			return i
		}
	}
	return len(program.Tracks)
}

// fresh reports whether p's ready form was compiled from p's fields as they
// are now.
func (p *Policy) fresh() bool {
	rd := p.ready
	if rd == nil {
		return false
	}
	s := &rd.src
	a, b := &p.Calendar, &s.Calendar
	return p.Version == s.Version && program.SameSlice(p.Allocations, s.Allocations) &&
		program.SameSlice(p.ReviewTracks, s.ReviewTracks) && program.SameSlice(p.EligibleTracks, s.EligibleTracks) &&
		program.SameSlice(p.Certifications, s.Certifications) && program.SameSlice(p.PermittedUses, s.PermittedUses) &&
		program.SameSlice(p.ProhibitedUses, s.ProhibitedUses) && p.ProvisioningBusinessDays == s.ProvisioningBusinessDays &&
		a.TimeZone == b.TimeZone && program.SameSlice(a.Workdays, b.Workdays) && a.WorkdayStart == b.WorkdayStart &&
		a.WorkdayEnd == b.WorkdayEnd && a.HolidaySet == b.HolidaySet && program.SameSlice(a.Holidays, b.Holidays) &&
		p.ProvisioningActor == s.ProvisioningActor && p.ReviewActor == s.ReviewActor
}

// checked is p's ready form, compiled now when p has none or has changed
// since.
func (p *Policy) checked() (*ready, error) {
	if p.ready != nil && p.fresh() { // the common case copies no policy
		return p.ready, nil
	}
	return program.Ready(*p, Policy.current)
}

// current is p's ready form, when p's fields are as it was compiled from.
func (p Policy) current() (*ready, bool) { return p.ready, p.fresh() }

// MarshalJSON writes the policy with every list as a JSON list, an empty
// one as []. A list written as null would read back as absent, so that
// [ParsePolicy] would keep the base's list instead of an empty one.
func (p Policy) MarshalJSON() ([]byte, error) {
	type plain Policy // the same fields without this method
	q := plain(p)
	emptyIfNil(&q.Allocations)
	emptyIfNil(&q.ReviewTracks)
	emptyIfNil(&q.EligibleTracks)
	emptyIfNil(&q.Certifications)
	emptyIfNil(&q.PermittedUses)
	emptyIfNil(&q.ProhibitedUses)
	emptyIfNil(&q.Calendar.Workdays)
	return json.Marshal(q)
}

func emptyIfNil[T any](list *[]T) {
	if *list == nil {
		*list = []T{}
	}
}
