package locator

import (
	"strings"

	"github.com/channelpolicy/channelpolicy/program"
)

// ProfileDecision says how complete a Partner Locator profile is.
type ProfileDecision struct {
	Outcome ProfileOutcome   `json:"outcome"`
	Reasons []program.Reason `json:"reasons"`
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
	var probs program.Problems
	if !pr.valid(false) {
		pr.check(&probs, "", false)
		return ProfileDecision{}, probs.Err()
	}
	d := ProfileDecision{PolicyVersion: p.Version}
	for _, e := range [...]struct {
		name    string
		id      program.RuleID
		text    string
		missing bool
	}{
		{"capabilities", RuleProfileCapabilities, "lists no capabilities (resale, managed services, service kinds)", len(pr.Capabilities) == 0},
		{"alliances", RuleProfileAlliances, "lists no alliances", blank(pr.Alliances)},
		{"locations", RuleProfileLocations, "lists no locations", len(pr.Locations) == 0},
		{"success_stories", RuleProfileSuccessStories, "lists no success stories", blank(pr.SuccessStories)},
	} {
		if e.missing {
			d.Missing = append(d.Missing, e.name)
			d.Reasons = append(d.Reasons, reason(e.id, "the profile of partner "+pr.Partner.ID+" "+e.text))
		}
	}
	if len(d.Missing) == 0 {
		d.Outcome = Complete
		d.Reasons = []program.Reason{reason(RuleProfileComplete, "the profile of partner "+pr.Partner.ID+" lists capabilities, alliances, locations and success stories")}
		return d, nil
	}
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
