package nfr

import (
	"strconv"

	"github.com/channelpolicy/channelpolicy/program"
)

// Fact slots of the package's reasons. License lines: the license type (by
// index in LicenseTypes), the seats held, asked and in all, the cap; the
// partner's track and standing as strings. Instants of provisioning are
// written in the calendar's zone. Texts that name what the policy says
// (its eligible tracks, its certifications, whom it allocates a license
// to) read the compiled policy through Facts.Ref.
const (
	fLicense = 0
	fHeld    = 1
	fAsked   = 2
	fTotal   = 3
	fCap     = 4
	fUses    = 0 // a mask of Uses, or one use's index
	fDue     = 0
	fSince   = 1
	fDays    = 2
	sTrack   = 0
	sStand   = 1
)

// texts are the sentences of each rule's reasons.
var texts = map[program.RuleID]program.Text{
	RuleWithinCap: func(b []byte, f program.Facts) []byte {
		return f.AppendInt(append(appendSum(b, &f), " ≤ "...), fCap)
	},
	RuleOverCapDenied: func(b []byte, f program.Facts) []byte {
		b = f.AppendInt(append(appendSum(b, &f), " > "...), fCap)
		return append(append(append(b, "; "...), f.S[sTrack]...), " partners get no seats beyond the cap"...)
	},
	RuleOverCapReview: func(b []byte, f program.Facts) []byte {
		b = f.AppendInt(append(appendSum(b, &f), " > "...), fCap)
		return append(b, "; the business justification goes to review"...)
	},
	RuleOverCapJustificationNeeded: func(b []byte, f program.Facts) []byte {
		b = f.AppendInt(append(appendSum(b, &f), " > "...), fCap)
		return append(b, "; seats beyond the cap need a business justification"...)
	},
	RuleNoAllocation: func(b []byte, f program.Facts) []byte {
		l := LicenseTypes[f.N[fLicense]]
		b = append(append(b, l.Title()...), ": no allocation for this partner; "...)
		if rd, ok := f.Ref.(*ready); ok {
			b = rd.src.appendAllocatedTo(b, l)
		}
		return b
	},
	RuleRemaining: func(b []byte, f program.Facts) []byte {
		b = append(b, LicenseTypes[f.N[fLicense]].Title()...)
		switch f.V {
		case 1:
			b = f.AppendInt(append(b, ": "...), fHeld)
			return append(f.AppendInt(append(b, " held, over the cap of "...), fCap), "; none remaining"...)
		case 2:
			b = f.AppendInt(append(b, ": cap "...), fCap)
			return append(f.AppendInt(append(b, ", "...), fHeld), " held; none remaining while the partner is not eligible"...)
		}
		b = f.AppendInt(append(b, ": cap "...), fCap)
		b = f.AppendInt(append(b, " − "...), fHeld)
		return append(strconv.AppendInt(append(b, " held = "...), f.N[fCap]-f.N[fHeld], 10), " remaining"...)
	},
	RuleEligible: func(b []byte, f program.Facts) []byte {
		b = append(append(append(b, "authorized "...), f.S[sTrack]...), " partner in good standing; certified employees: "...)
		if rd, ok := f.Ref.(*ready); ok {
			for i, c := range rd.src.Certifications {
				if i > 0 {
					b = append(b, ", "...)
				}
				b = strconv.AppendInt(append(append(b, c.Title()...), ' '), f.N[i], 10)
			}
		}
		return b
	},
	RuleNotAuthorized: func(b []byte, _ program.Facts) []byte {
		return append(b, "the partner agreement is not signed; only authorized partners get NFR licenses"...)
	},
	RuleTrack: func(b []byte, f program.Facts) []byte {
		b = append(append(append(b, "track "...), f.S[sTrack]...), " is not eligible for NFR licenses (eligible: "...)
		if rd, ok := f.Ref.(*ready); ok {
			b = appendList(b, rd.src.EligibleTracks)
		}
		return append(b, ')')
	},
	RuleStanding: func(b []byte, f program.Facts) []byte {
		return append(append(append(b, "standing is "...), f.S[sStand]...), "; NFR licenses need good standing"...)
	},
	RuleCertified: func(b []byte, f program.Facts) []byte {
		b = append(b, "no employee holds a "...)
		if rd, ok := f.Ref.(*ready); ok {
			b = rd.src.appendCertifications(b, " or ")
		}
		return append(b, " certification"...)
	},
	RulePermittedUses: func(b []byte, f program.Facts) []byte {
		b = append(b, "permitted uses: "...)
		first := true
		for i, u := range Uses {
			if f.N[fUses]&(1<<i) != 0 {
				if !first {
					b = append(b, ", "...)
				}
				b = append(b, u.Title()...)
				first = false
			}
		}
		return b
	},
	RuleUnclassifiedUse: func(b []byte, f program.Facts) []byte {
		return append(append(b, Uses[f.N[fUses]].Title()...), " is neither permitted nor prohibited by the policy; a person decides"...)
	},
	RuleProhibitedUse: func(b []byte, f program.Facts) []byte {
		return append(append(b, Uses[f.N[fUses]].Title()...), " is a prohibited use of NFR licenses"...)
	},
	RuleProvisioning: func(b []byte, f program.Facts) []byte {
		b = f.Instant(fDue).AppendFormat(append(b, "provision by "...), instantLayout)
		b = f.AppendInt(append(b, ", "...), fDays)
		return f.Instant(fSince).AppendFormat(append(b, " business days after submission at "...), instantLayout)
	},
	RuleReview: func(b []byte, f program.Facts) []byte {
		b = append(b, "a person decides before anything is provisioned; provisioning is due "...)
		return append(f.AppendInt(b, fDays), " business days after approval"...)
	},
}

// instantLayout writes provisioning instants for people, in the calendar's
// zone.
const instantLayout = "Mon 2006-01-02 15:04 MST"

// appendSum writes "Ultimate SaaS: 8 held + 20 asked = 28".
func appendSum(b []byte, f *program.Facts) []byte {
	b = append(append(b, LicenseTypes[f.N[fLicense]].Title()...), ": "...)
	b = f.AppendInt(b, fHeld)
	b = f.AppendInt(append(b, " held + "...), fAsked)
	return f.AppendInt(append(b, " asked = "...), fTotal)
}

// declared maps each rule ID to its declaration, texts attached.
var declared = program.DeclareTexts(rules, texts)

// The declared rules, for a decision to cite without looking them up.
var (
	citeWithinCap                  = declared[RuleWithinCap]
	citeOverCapReview              = declared[RuleOverCapReview]
	citeOverCapJustificationNeeded = declared[RuleOverCapJustificationNeeded]
	citeOverCapDenied              = declared[RuleOverCapDenied]
	citeNoAllocation               = declared[RuleNoAllocation]
	citeRemaining                  = declared[RuleRemaining]
	citeEligible                   = declared[RuleEligible]
	citeNotAuthorized              = declared[RuleNotAuthorized]
	citeTrack                      = declared[RuleTrack]
	citeStanding                   = declared[RuleStanding]
	citeCertified                  = declared[RuleCertified]
	citePermittedUses              = declared[RulePermittedUses]
	citeUnclassifiedUse            = declared[RuleUnclassifiedUse]
	citeProhibitedUse              = declared[RuleProhibitedUse]
	citeProvisioning               = declared[RuleProvisioning]
	citeReview                     = declared[RuleReview]
)

// cite records in w that rule bore on the decision with effect e, and
// returns the reason's facts for the caller to fill in (until the next call
// on w). The compiled policy is attached for texts that name what it says.
func (rd *ready) cite(w *program.ReasonWriter, rule *program.Rule, e program.Effect) *program.Facts {
	f := w.Cite(rule, e)
	f.Ref = rd
	return f
}

// citeLine records rule about license line ln of partner pt with its
// numbers (and the track, for a cap the track gives no seats beyond), and
// returns the reason's facts.
func (rd *ready) citeLine(w *program.ReasonWriter, rule *program.Rule, e program.Effect, ln LicenseLine, pt program.Partner) *program.Facts {
	f := rd.cite(w, rule, e)
	f.N[fLicense] = int64(indexOf(LicenseTypes, ln.License))
	f.N[fHeld], f.N[fAsked], f.N[fTotal], f.N[fCap] = int64(ln.Held), int64(ln.Asked), int64(ln.Total), int64(ln.Cap)
	if rule == citeOverCapDenied {
		f.S[sTrack] = string(pt.Track)
	}
	return f
}

// indexOf is the index of v in list, which holds it.
func indexOf[T comparable](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return 0
}
