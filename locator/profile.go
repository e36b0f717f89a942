package locator

import (
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// ProfileDecision says how complete a Partner Locator profile is.
type ProfileDecision struct {
	Outcome ProfileOutcome  `json:"outcome"`
	Reasons program.Reasons `json:"reasons"`
	// Missing names the missing elements (capabilities, alliances,
	// locations, success_stories), in that order.
	Missing       []string       `json:"missing,omitempty"`
	Next          program.Action `json:"next,omitzero"`
	PolicyVersion string         `json:"policy_version"`
}

// Profile says whether pr has every element the handbook asks a Partner
// Locator profile to have: capabilities, alliances, locations and success
// stories; each missing one is a reason. An alliance or success story that
// is blank does not count. Bad input returns an error wrapping
// [program.ErrInvalidInput] with pointers from the document root.
func (p Policy) Profile(pr Profile) (ProfileDecision, error) {
	if _, err := p.checked(); err != nil {
		return ProfileDecision{}, err
	}
	var probs program.Problems
	if !pr.valid(false) {
		pr.check(&probs, "", false)
		return ProfileDecision{}, probs.Err()
	}
	d := ProfileDecision{PolicyVersion: p.Version}
	elements := [...]struct {
		name    string
		rule    int
		missing bool
	}{
		{"capabilities", iProfileCapabilities, len(pr.Capabilities) == 0},
		{"alliances", iProfileAlliances, blank(pr.Alliances)},
		{"locations", iProfileLocations, len(pr.Locations) == 0},
		{"success_stories", iProfileSuccessStories, blank(pr.SuccessStories)},
	}
	n := 0
	for _, e := range elements {
		n += b2i(e.missing)
	}
	var w program.ReasonWriter
	if n == 0 {
		d.Outcome = Complete
		w.Cite(&rules[iProfileComplete], program.Applied).S[0] = pr.Partner.ID
		d.Reasons = w.Done()
		return d, nil
	}
	d.Missing = make([]string, 0, n)
	for _, e := range elements {
		if e.missing {
			w.Cite(&rules[e.rule], program.Unmet).S[0] = pr.Partner.ID
			d.Missing = append(d.Missing, e.name)
		}
	}
	d.Reasons = w.Done()
	d.Outcome = Incomplete
	d.Next = program.Action{Actor: program.ActorPartner,
		What: "partner " + pr.Partner.ID + ": add " + strings.Join(d.Missing, ", ") + " to the Partner Locator profile"}
	return d, nil
}

// blank reports whether ss has no non-blank entry.
func blank(ss []string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}
