package locator

import (
	"slices"

	"github.com/channelpolicy/channelpolicy/program"
)

// check reports every problem of in, with pointers into the input
// document. A valid input is checked without allocating (except the map
// of partner IDs of a long list, program.UniqueIDs).
func (in RouteInput) check() error {
	var pr program.Problems
	in.Lead.check(&pr)
	if in.Partners == nil {
		pr.Add("/partners", "required: the partner profiles to route among (may be empty)")
	}
	ids := program.NewUniqueIDs(len(in.Partners))
	idOf := func(j int) string { return in.Partners[j].Partner.ID }
	for i := range in.Partners {
		p := &in.Partners[i]
		_, dup := ids.Check(i, p.Partner.ID, idOf)
		if !dup && p.valid(true) {
			continue
		}
		at := pr.Index("/partners", i)
		if dup {
			pr.Add(pr.Path(at, "partner", "id"), "partner %q is listed more than once", p.Partner.ID)
		}
		p.check(&pr, at, true)
	}
	return pr.Err()
}

func (l Lead) check(pr *program.Problems) {
	program.CheckCountry(pr, "/lead/country", l.Country, true)
	if len(l.Needs) == 0 {
		pr.Add("/lead/needs", "required: at least one capability the customer needs")
	}
	for i, n := range l.Needs {
		switch {
		case !n.Valid():
			program.CheckEnum(pr, pr.Index("/lead/needs", i), n, "capability", Capabilities)
		case slices.Contains(l.Needs[:i], n):
			pr.Add(pr.Index("/lead/needs", i), "%s is listed twice", n)
		}
	}
	if !l.Cloud.Valid() {
		program.CheckEnum(pr, "/lead/cloud", l.Cloud, "cloud", Clouds)
	}
}

// check records the problems of p below the pointer at and reports whether
// there are none. With pr nil it records nothing and stops at the first
// problem (at is then unused and may be ""): the allocation-free test. route
// says whether the members locator.route requires must be present.
func (p *Profile) check(pr *program.Problems, at string, route bool) bool {
	ok := true
	bad := func() bool { ok = false; return pr != nil }
	if pr == nil {
		if !p.Partner.Valid() {
			return false
		}
	} else {
		p.Partner.Check(pr, pr.Path(at, "partner"))
		ok = p.Partner.Valid()
	}
	if p.Partner.ID == "" {
		if !bad() {
			return false
		}
		program.RequireMember(pr, pr.Path(at, "partner"), "id", true, "the partner's ID")
	}
	if route {
		for _, m := range [...]struct {
			name, what string
			missing    bool
		}{
			{"track", "the partner's track: select or open", p.Partner.Track == ""},
			{"standing", "the partner's standing: good, probation or suspended", p.Partner.Standing == ""},
		} {
			if m.missing {
				if !bad() {
					return false
				}
				program.RequireMember(pr, pr.Path(at, "partner"), m.name, true, m.what)
			}
		}
	}
	for j, l := range p.Locations {
		switch {
		case !l.Country.Valid():
			if !bad() {
				return false
			}
			program.CheckCountry(pr, pr.Path(pr.Index(pr.Path(at, "locations"), j), "country"), l.Country, true)
		case slices.ContainsFunc(p.Locations[:j], func(k Location) bool { return k.Country == l.Country }):
			if !bad() {
				return false
			}
			pr.Add(pr.Path(pr.Index(pr.Path(at, "locations"), j), "country"), "%s is listed twice", string(l.Country))
		}
	}
	for j, r := range p.Regions {
		switch {
		case !r.Valid():
			if !bad() {
				return false
			}
			program.CheckEnum(pr, pr.Index(pr.Path(at, "regions"), j), r, "region", Regions)
		case slices.Contains(p.Regions[:j], r):
			if !bad() {
				return false
			}
			pr.Add(pr.Index(pr.Path(at, "regions"), j), "%s is listed twice", r)
		}
	}
	for j, c := range p.Capabilities {
		if !c.Valid() {
			if !bad() {
				return false
			}
			program.CheckEnum(pr, pr.Index(pr.Path(at, "capabilities"), j), c, "capability", Capabilities)
		}
	}
	return ok
}

// valid reports whether p has no problem, quickly and without allocating:
// the fast path of check for the valid profiles that are the rule.
func (p *Profile) valid(route bool) bool {
	pt := &p.Partner
	if pt.ID == "" || (route && (pt.Track == "" || pt.Standing == "")) {
		return false
	}
	if (pt.Track != "" && !pt.Track.Valid()) || (pt.Standing != "" && !pt.Standing.Valid()) ||
		(pt.Country != "" && !pt.Country.Valid()) {
		return false
	}
	if e := pt.Employees; uint(e.FoundationsTrained) > program.MaxCount || uint(e.SolutionArchitects) > program.MaxCount ||
		uint(e.ProfessionalServicesEngineers) > program.MaxCount {
		return false
	}
	for _, c := range pt.Competencies {
		if !c.Valid() {
			return false
		}
	}
	for _, m := range pt.Marketplaces {
		if !m.Valid() {
			return false
		}
	}
	for j, l := range p.Locations {
		if !l.Country.Valid() {
			return false
		}
		for _, k := range p.Locations[:j] {
			if k.Country == l.Country {
				return false
			}
		}
	}
	for j, r := range p.Regions {
		if !r.Valid() || slices.Contains(p.Regions[:j], r) {
			return false
		}
	}
	for _, c := range p.Capabilities {
		if !c.Valid() {
			return false
		}
	}
	return true
}
