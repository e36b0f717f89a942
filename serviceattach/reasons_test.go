package serviceattach_test

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

// Tests for what mutants showed unpinned: the policy's month limits at
// their ends, the next action on a lost deal, and reason texts that carry
// the facts of their case (DESIGN section 3) — checked for the dates,
// counts, identifiers and industries they state, not for their wording.

func classify(t *testing.T, p serviceattach.Policy, r serviceattach.Registration) serviceattach.Decision {
	t.Helper()
	d, err := p.Classify(r)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func reasonText(t *testing.T, d serviceattach.Decision, rule program.RuleID) string {
	t.Helper()
	text, ok := casetest.ReasonText(d.Reasons, rule)
	if !ok {
		t.Fatalf("%s: no %s reason among %v", d.Outcome, rule, d.Reasons.IDs())
	}
	return text
}

var (
	dateInText   = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}`)
	numberInText = regexp.MustCompile(`[0-9]+`)
)

// countsIn lists the integers a text states outside its dates.
func countsIn(text string) []int {
	var out []int
	for _, m := range numberInText.FindAllString(dateInText.ReplaceAllString(text, ""), -1) {
		n, _ := strconv.Atoi(m)
		out = append(out, n)
	}
	return out
}

// Each window runs from 1 to 120 months, both ends included; a policy at
// either end decides.
func TestPolicyMonthLimitsAreInclusive(t *testing.T) {
	fields := map[string]func(*serviceattach.Policy) *int{
		"/close_window_months":        func(p *serviceattach.Policy) *int { return &p.CloseWindowMonths },
		"/signature_window_months":    func(p *serviceattach.Policy) *int { return &p.SignatureWindowMonths },
		"/registration_window_months": func(p *serviceattach.Policy) *int { return &p.RegistrationWindowMonths },
	}
	for name, field := range fields {
		for _, n := range []int{1, 120, 0, 121} {
			p := serviceattach.Default()
			*field(&p) = n
			want := []string{name}
			if n == 1 || n == 120 {
				want = nil
			}
			if got := fieldsOf(p.Validate()); !slices.Equal(got, want) {
				t.Errorf("%s %d: Validate errors at %v, want %v", name, n, got, want)
			}
			d, err := p.Classify(baseline())
			if !slices.Equal(fieldsOf(err), want) {
				t.Errorf("%s %d: Classify errors at %v, want %v", name, n, fieldsOf(err), want)
			}
			if decided := d.Outcome != ""; decided != (want == nil) {
				t.Errorf("%s %d: outcome %q, error %v", name, n, d.Outcome, err)
			}
		}
	}
}

// On a closed-lost opportunity nothing the partner does can meet a
// requirement of a won deal, so the partner is asked to act only when the
// nearest category does not need one: the free-of-charge route.
func TestLostDealAsksThePartnerOnlyWhereItCanAct(t *testing.T) {
	lost := baseline()
	lost.Opportunity.Stage = program.StageClosedLost
	d := classify(t, serviceattach.Default(), lost)
	if d.Outcome != serviceattach.Unqualified || d.Nearest.Route != "" || !d.Next.IsZero() {
		t.Errorf("lost, nearest approval: outcome %s, nearest %+v, next %+v; want unqualified, approval, no action", d.Outcome, d.Nearest, d.Next)
	}
	// Free of charge, without proof of execution: one unmet requirement
	// of the free-of-charge route, which needs no won deal.
	lost.FreeOfCharge = true
	d = classify(t, serviceattach.Default(), lost)
	if d.Outcome != serviceattach.Unqualified || d.Nearest.Route != serviceattach.RouteFree || d.Next.Actor != program.ActorPartner {
		t.Errorf("lost, free of charge: outcome %s, nearest %+v, next %+v; want unqualified, the free route, the partner to act", d.Outcome, d.Nearest, d.Next)
	}
	// The count of unmet requirements agrees in number: one requirement.
	text := reasonText(t, d, serviceattach.RuleNoCategory)
	if !slices.Equal(countsIn(text), []int{1}) || strings.Contains(text, "requirements") {
		t.Errorf("one unmet requirement, stated %q", text)
	}
}

// The evidence reason of an approval names the document, and for a
// customer acknowledgement the regulated industry that lets it stand in
// for a SOW.
func TestApprovedEvidenceTextNamesTheDocument(t *testing.T) {
	text := reasonText(t, classify(t, serviceattach.Default(), baseline()), serviceattach.RuleSOW)
	if !strings.Contains(text, "SOW-1") || strings.Contains(text, string(serviceattach.PublicSector)) {
		t.Errorf("approved on SOW SOW-1: %q", text)
	}
	ack := baseline()
	ack.CustomerIndustry = serviceattach.PublicSector
	ack.Evidence.Kind, ack.Evidence.ID = serviceattach.EvidenceAcknowledgement, "ACK-1"
	d := classify(t, serviceattach.Default(), ack)
	if text := reasonText(t, d, serviceattach.RuleSOW); !strings.Contains(text, "ACK-1") || !strings.Contains(text, string(serviceattach.PublicSector)) {
		t.Errorf("approved on acknowledgement ACK-1 for the public sector: %q", text)
	}
}

// An acknowledgement for a customer outside the regulated industries does
// not stand in for a SOW, and the reason states the customer's industry.
func TestAcknowledgementOutsideRegulatedIndustriesStatesTheIndustry(t *testing.T) {
	ack := baseline()
	ack.CustomerIndustry = serviceattach.Healthcare
	ack.Evidence.Kind, ack.Evidence.ID = serviceattach.EvidenceAcknowledgement, "ACK-1"
	d := classify(t, serviceattach.Default(), ack)
	if text := reasonText(t, d, serviceattach.RuleSOW); !strings.Contains(text, "ACK-1") || !strings.Contains(text, string(serviceattach.Healthcare)) {
		t.Errorf("acknowledgement for a healthcare customer: %q", text)
	}
}

// With no service in scope, the reason lists the services given, each
// once, with no empty item.
func TestNoServiceInScopeListsTheServicesGiven(t *testing.T) {
	p := serviceattach.Default()
	p.InScope = slices.DeleteFunc(slices.Clone(p.InScope), func(c serviceattach.ServiceCategory) bool {
		return c == serviceattach.Implementation || c == serviceattach.Migration
	})
	p.OutOfScope = append(slices.Clone(p.OutOfScope), serviceattach.Implementation, serviceattach.Migration)
	text := reasonText(t, classify(t, p, baseline()), serviceattach.RuleInScopeService)
	list := text[strings.LastIndex(text, ":")+1:]
	var items []string
	for _, s := range strings.Split(list, ",") {
		items = append(items, strings.TrimSpace(s))
	}
	if !slices.Equal(items, []string{string(serviceattach.Implementation), string(serviceattach.Migration)}) {
		t.Errorf("services given, as listed in %q: %q", text, items)
	}
}

// Many services are all listed, in the order given, and the text keeps
// them after the caller reuses its list.
func TestManyServicesAreListedAndKept(t *testing.T) {
	given := []serviceattach.ServiceCategory{serviceattach.Implementation, serviceattach.Migration,
		serviceattach.Integration, serviceattach.Optimization, serviceattach.Adoption, serviceattach.Assessment}
	p := serviceattach.Default()
	p.InScope = slices.DeleteFunc(slices.Clone(p.InScope), func(c serviceattach.ServiceCategory) bool { return slices.Contains(given, c) })
	p.OutOfScope = append(slices.Clone(p.OutOfScope), given...)
	r := baseline()
	r.Services = slices.Clone(given)
	d := classify(t, p, r)
	for i := range r.Services {
		r.Services[i] = serviceattach.ServiceCategory("overwritten")
	}
	text := reasonText(t, d, serviceattach.RuleInScopeService)
	var items []string
	for _, s := range strings.Split(text[strings.LastIndex(text, ":")+1:], ",") {
		items = append(items, strings.TrimSpace(s))
	}
	if want := program.EnumStrings(given); !slices.Equal(items, want) {
		t.Errorf("services listed in %q: %q, want %q", text, items, want)
	}
}

// A SOW submitted 2026-05-02 misses the 6-month window after the
// 2025-10-25 close, which closed 2026-04-25, by 7 days; one signed and
// submitted before the close, under windows that open at their anchor,
// misses it before it opened, and says nothing of its closing.
func TestWindowMissTextsStateTheDates(t *testing.T) {
	late := baseline()
	late.Evidence.CustomerSigned, late.Evidence.PartnerSigned = program.NewDate(2026, 4, 20), program.NewDate(2026, 4, 21)
	late.Evidence.Submitted = program.NewDate(2026, 5, 2)
	text := reasonText(t, classify(t, serviceattach.Default(), late), serviceattach.RuleCloseWindow)
	c := countsIn(text)
	if !strings.Contains(text, "2026-05-02") || !strings.Contains(text, "2026-04-25") || !slices.Contains(c, 7) || !slices.Contains(c, 6) {
		t.Errorf("submitted 7 days after the 6-month window closed 2026-04-25: %q", text)
	}
	p := serviceattach.Default()
	p.WindowsOpenAtAnchor = true
	early := baseline()
	early.Submitted = program.NewDate(2025, 10, 1)
	early.Evidence.CustomerSigned, early.Evidence.PartnerSigned = program.NewDate(2025, 10, 10), program.NewDate(2025, 10, 11)
	early.Evidence.Submitted = program.NewDate(2025, 10, 12)
	text = reasonText(t, classify(t, p, early), serviceattach.RuleCloseWindow)
	if want := "signed 2025-10-11 and submitted 2025-10-12, 14 and 13 days before"; !strings.Contains(text, want) {
		t.Errorf("%q; want it to say %q (both missed the window, before it opened)", text, want)
	}
	signedEarly := early
	signedEarly.Evidence = &serviceattach.Evidence{Kind: serviceattach.EvidenceSOW, ID: "SOW-1", FullyExecuted: true,
		CustomerSigned: program.NewDate(2025, 10, 19), PartnerSigned: program.NewDate(2025, 10, 20), Submitted: program.NewDate(2025, 10, 30)}
	if text := reasonText(t, classify(t, p, signedEarly), serviceattach.RuleCloseWindow); !strings.Contains(text, "signed 2025-10-20, 5 days before") || strings.Contains(text, "submitted 2025-10-30,") {
		t.Errorf("%q; want it to say the signature (2025-10-20) came 5 days before the window opened, and no more", text)
	}
	if !strings.Contains(text, "2025-10-12") || !strings.Contains(text, "2025-10-25") || strings.Contains(text, "2026-04-25") {
		t.Errorf("submitted 2025-10-12, before the window opened at the 2025-10-25 close: %q", text)
	}
}

// The evidence reason says what the SOW lacks: execution, submission, or
// both; and a window missed by both the signature and the submission after
// it closed states both days (before it opened: TestWindowMissTextsStateTheDates).
func TestEvidenceAndWindowTextsStateEachMiss(t *testing.T) {
	for _, tc := range []struct {
		executed  bool
		submitted program.Date
		want      string
		not       string
	}{
		{false, program.Date{}, "SOW-1 is not fully executed and not submitted", ""},
		{false, program.NewDate(2026, 3, 10), "SOW-1 is not fully executed", "not submitted"},
		{true, program.Date{}, "SOW-1 is not submitted", "executed"},
	} {
		r := baseline()
		r.Evidence.FullyExecuted, r.Evidence.Submitted = tc.executed, tc.submitted
		text := reasonText(t, classify(t, serviceattach.Default(), r), serviceattach.RuleSOW)
		if !strings.Contains(text, tc.want) || tc.not != "" && strings.Contains(text, tc.not) {
			t.Errorf("executed %v, submitted %v: %q; want it to say %q", tc.executed, tc.submitted, text, tc.want)
		}
	}
	late := baseline()
	late.Evidence.CustomerSigned, late.Evidence.PartnerSigned = program.NewDate(2026, 4, 29), program.NewDate(2026, 4, 30)
	late.Evidence.Submitted = program.NewDate(2026, 5, 2)
	text := reasonText(t, classify(t, serviceattach.Default(), late), serviceattach.RuleCloseWindow)
	if want := "signed 2026-04-30 and submitted 2026-05-02, 5 and 7 days after the 6-month window closed 2026-04-25"; !strings.Contains(text, want) {
		t.Errorf("%q; want it to say %q", text, want)
	}
}

// Each unmet requirement of a nearest miss says which category the
// registration would reach: approval, or the accepted route named.
func TestNearestMissTextsNameTheCategory(t *testing.T) {
	p := serviceattach.Default()
	want := map[serviceattach.Route]string{
		"":                         "would be approved: ",
		serviceattach.RoutePaid:    "would be accepted (paid engagement): ",
		serviceattach.RouteFree:    "would be accepted (free of charge): ",
		serviceattach.RouteManaged: "would be accepted (managed/hosted): ",
	}
	seen := map[serviceattach.Route]int{}
	rng := rand.New(rand.NewPCG(13, 13))
	for range 3000 {
		d, err := p.Classify(randomRegistration(rng, false))
		if err != nil || d.Nearest.Outcome == "" {
			continue
		}
		seen[d.Nearest.Route]++
		for _, r := range d.Reasons.All() {
			if r.Effect == program.Unmet && !strings.HasPrefix(r.Text(), want[d.Nearest.Route]) {
				t.Fatalf("nearest %+v: %s: %q", d.Nearest, r.Rule, r.Text())
			}
		}
	}
	for route := range want {
		if seen[route] == 0 {
			t.Errorf("no nearest miss of route %q among the registrations tried", route)
		}
	}
}

// The customer-signature window opens the policy's months before the
// submission, and its reasons state that day: 2025-09-10 for a submission
// on 2026-03-10 under the default 6 months.
func TestSignatureWindowTextsStateItsOpening(t *testing.T) {
	text := reasonText(t, classify(t, serviceattach.Default(), baseline()), serviceattach.RuleSignatureWindow)
	if !strings.Contains(text, "2026-03-02") || !strings.Contains(text, "2026-03-10") || !strings.Contains(text, "2025-09-10") {
		t.Errorf("signed 2026-03-02, submitted 2026-03-10, window opened 2025-09-10: %q", text)
	}
	early := baseline()
	early.Evidence.CustomerSigned = program.NewDate(2025, 9, 1)
	text = reasonText(t, classify(t, serviceattach.Default(), early), serviceattach.RuleSignatureWindow)
	if !strings.Contains(text, "2025-09-01") || !strings.Contains(text, "2025-09-10") || !slices.Contains(countsIn(text), 9) {
		t.Errorf("signed 2025-09-01, 9 days before the window opened 2025-09-10: %q", text)
	}
	p := serviceattach.Default()
	p.SignatureWindowMonths = 1
	text = reasonText(t, classify(t, p, baseline()), serviceattach.RuleSignatureWindow)
	if !strings.Contains(text, "2026-02-10") {
		t.Errorf("a 1-month window before a submission on 2026-03-10 opens 2026-02-10: %q", text)
	}
}

// The approved reason on partner-owned software says whether there are
// managed/hosted services at all.
func TestPartnerSoftwareTextSaysWhetherServicesAreManaged(t *testing.T) {
	for _, managed := range []bool{false, true} {
		r := baseline()
		if managed {
			r.Services = append(r.Services, serviceattach.ManagedHosted)
		}
		text := reasonText(t, classify(t, serviceattach.Default(), r), serviceattach.RuleNotPartnerSoftware)
		if none := strings.HasPrefix(text, "no managed/hosted"); none == managed {
			t.Errorf("managed/hosted services %v: %q", managed, text)
		}
	}
}

// A document that carries signatures without their dates needs review,
// and the reason names whose signature date is missing: the customer's,
// the partner's or both, as far as the windows it leaves unjudged read
// them.
func TestReviewTextNamesWhoseSignatureDateIsMissing(t *testing.T) {
	p := serviceattach.Default()
	p.WindowsOpenAtAnchor = true
	for _, tc := range []struct {
		customer, partner program.Date
		want              string
	}{
		{program.NewDate(2025, 10, 20), program.Date{}, " no partner signature date"},
		{program.Date{}, program.NewDate(2025, 10, 20), " no customer signature date"},
		{program.Date{}, program.Date{}, " no customer or partner signature date"},
	} {
		r := baseline()
		r.Evidence.CustomerSigned, r.Evidence.PartnerSigned = tc.customer, tc.partner
		d := classify(t, p, r)
		if d.Outcome != serviceattach.NeedsReview {
			t.Fatalf("customer %v, partner %v: %s %v", tc.customer, tc.partner, d.Outcome, d.Reasons.IDs())
		}
		if text := reasonText(t, d, serviceattach.RuleReviewSignatureDate); !strings.Contains(text, tc.want) {
			t.Errorf("customer signed %v, partner %v: %q; want it to say %q", tc.customer, tc.partner, text, tc.want)
		}
	}
}

// The paid-engagement window opens at the registration when windows open
// at their anchor; a SOW signed and submitted before the registration
// misses it, and the reason says so, with the registration's date.
func TestPaidWindowMissNamesTheRegistration(t *testing.T) {
	p := serviceattach.Default()
	p.WindowsOpenAtAnchor = true
	r := baseline()
	r.Submitted = program.NewDate(2026, 4, 1)
	r.Partner.Competencies = nil
	r.Subcontracted = true
	d := classify(t, p, r)
	if d.Nearest.Route != serviceattach.RoutePaid || d.Nearest.Unmet != 1 {
		t.Fatalf("want the paid engagement, one requirement short: %+v %v", d.Nearest, d.Reasons.IDs())
	}
	text := reasonText(t, d, serviceattach.RulePaidWindow)
	if !strings.Contains(text, "registration") || !strings.Contains(text, "2026-04-01") || strings.Contains(text, "opportunity") {
		t.Errorf("signed and submitted before the registration on 2026-04-01: %q", text)
	}
	if c := countsIn(text); !slices.Contains(c, 28) || !slices.Contains(c, 22) {
		t.Errorf("signed 28 and submitted 22 days before the registration: %q", text)
	}
}

// The disqualifier of a partner subcontracting for GitLab Professional
// Services names the partner.
func TestPSSubcontractTextNamesThePartner(t *testing.T) {
	r := baseline()
	r.GitLabPSSubcontract = true
	if text := reasonText(t, classify(t, serviceattach.Default(), r), serviceattach.RuleGitLabPSSubcontract); !strings.Contains(text, "P-1") {
		t.Errorf("partner P-1 subcontracts for GitLab PS: %q", text)
	}
}

// A classification rule's text is written whatever facts it is handed,
// recorded by this package or not (Rules is public, and so is a rule's
// Text): it may say little, but it does not panic.
func TestClassificationTextsTakeAnyFacts(t *testing.T) {
	for _, rule := range serviceattach.Rules() {
		for v := range 256 {
			for _, n0 := range []int64{0, -1, 4 << 32, 5 << 32, 1<<32 | 7} {
				for _, flags := range []int64{0, -1, 5, 6, 7} {
					f := program.Facts{V: uint8(v)}
					f.N[0], f.N[5] = n0, flags
					func() {
						defer func() {
							if p := recover(); p != nil {
								t.Fatalf("%s, facts %+v: %v", rule.ID, f, p)
							}
						}()
						if rule.Text != nil {
							rule.Text(nil, f)
						}
					}()
				}
			}
		}
	}
}
