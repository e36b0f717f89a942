package serviceattach_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/channelpolicy/channelpolicy/program"
	"github.com/channelpolicy/channelpolicy/serviceattach"
)

func fieldsOf(err error) []string {
	return program.Locations(err)
}

func baseline() serviceattach.Registration {
	return serviceattach.Registration{
		ID:        "R-1",
		Submitted: program.NewDate(2026, 1, 15),
		Partner: program.Partner{ID: "P-1", AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Competencies: []program.Competency{program.CompetencyProfessionalServices}},
		Opportunity: program.Opportunity{ID: "OPP-1", Kind: program.KindNewCustomer, Stage: program.StageClosedWon,
			CloseDate: program.NewDate(2025, 10, 25), NetARR: program.MustMoney("120000.00", "USD")},
		Services: []serviceattach.ServiceCategory{serviceattach.Implementation, serviceattach.Migration},
		Evidence: &serviceattach.Evidence{Kind: serviceattach.EvidenceSOW, ID: "SOW-1", FullyExecuted: true,
			CustomerSigned: program.NewDate(2026, 3, 2), PartnerSigned: program.NewDate(2026, 3, 4),
			Submitted: program.NewDate(2026, 3, 10)},
	}
}

// Bad input built in Go rather than decoded from JSON: values that the JSON
// decoder would already refuse must still be caught.
func TestClassifyBadInput(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *serviceattach.Registration)
		want   []string
	}{
		{"unknown service category", func(r *serviceattach.Registration) { r.Services = append(r.Services, "training") },
			[]string{"/services/2"}},
		{"SOW signed after submission", func(r *serviceattach.Registration) { r.Evidence.CustomerSigned = program.NewDate(2026, 3, 11) },
			[]string{"/evidence/customer_signed"}},
		{"partner signed after submission", func(r *serviceattach.Registration) { r.Evidence.PartnerSigned = program.NewDate(2026, 3, 11) },
			[]string{"/evidence/partner_signed"}},
		{"unknown opportunity kind", func(r *serviceattach.Registration) { r.Opportunity.Kind = "retail" },
			[]string{"/opportunity/kind"}},
		{"impossible date", func(r *serviceattach.Registration) { r.Evidence.Submitted = program.NewDate(2026, 2, 30) },
			[]string{"/evidence/submitted"}},
		{"no submission date", func(r *serviceattach.Registration) { r.Submitted = program.Date{} },
			[]string{"/submitted"}},
		{"unknown industry", func(r *serviceattach.Registration) { r.CustomerIndustry = "mining" },
			[]string{"/customer_industry"}},
		{"unknown evidence kind", func(r *serviceattach.Registration) { r.Evidence.Kind = "letter" },
			[]string{"/evidence/kind"}},
		// Signed the day it was submitted is in order, even on a document
		// with another problem.
		{"unknown evidence kind, signed the day it was submitted", func(r *serviceattach.Registration) {
			r.Evidence.Kind = "letter"
			r.Evidence.CustomerSigned, r.Evidence.PartnerSigned = r.Evidence.Submitted, r.Evidence.Submitted
		}, []string{"/evidence/kind"}},
		{"net ARR without currency", func(r *serviceattach.Registration) { r.Opportunity.NetARR.Currency = "" },
			[]string{"/opportunity/net_arr/currency"}},
		{"several at once", func(r *serviceattach.Registration) {
			r.Partner.Standing = "excellent"
			r.Opportunity.Stage = "9"
			r.Services = nil
			r.Evidence.PartnerSigned = program.NewDate(2026, 4, 1)
		}, []string{"/partner/standing", "/opportunity/stage", "/services", "/evidence/partner_signed"}},
	}
	p := serviceattach.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := baseline()
			tt.change(&r)
			d, err := p.Classify(r)
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput; decision %+v", err, d)
			}
			if diff := cmp.Diff(tt.want, fieldsOf(err)); diff != "" {
				t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
			}
			if d.Outcome != "" || d.Reasons.Len() != 0 {
				t.Errorf("an input error came with a decision: %+v", d)
			}
		})
	}
}

// Valid facts in a combination the rules do not expect, and members the
// decision does not read, are decided: built in Go, none is an input
// error (the case book holds what each decides).
func TestValidFactsAreDecided(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *serviceattach.Registration)
	}{
		{"closed-won without close date", func(r *serviceattach.Registration) { r.Opportunity.CloseDate = program.Date{} }},
		{"fully executed SOW without signature dates", func(r *serviceattach.Registration) {
			r.Evidence.CustomerSigned, r.Evidence.PartnerSigned = program.Date{}, program.Date{}
		}},
		{"acknowledgement marked fully executed, without a signature date", func(r *serviceattach.Registration) {
			r.Evidence.Kind, r.CustomerIndustry = serviceattach.EvidenceAcknowledgement, serviceattach.PublicSector
			r.Evidence.CustomerSigned = program.Date{}
		}},
		{"negative Net ARR", func(r *serviceattach.Registration) { r.Opportunity.NetARR = program.MustMoney("-0.01", "USD") }},
		{"sourced growth on a new customer", func(r *serviceattach.Registration) { r.Opportunity.SourcedGrowth = true }},
		{"no opportunity kind, partner track or standing", func(r *serviceattach.Registration) {
			r.Opportunity.Kind, r.Partner.Track, r.Partner.Standing = "", "", ""
		}},
	}
	p := serviceattach.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := baseline()
			tt.change(&r)
			if !serviceattach.Valid(&r) {
				t.Errorf("the quick check refuses it")
			}
			d, err := p.Classify(r)
			if err != nil {
				t.Fatalf("input error %v", err)
			}
			if !d.Outcome.Valid() {
				t.Errorf("outcome %q", d.Outcome)
			}
			if _, err := p.Portfolio([]serviceattach.Registration{r}); err != nil {
				t.Errorf("Portfolio: input error %v", err)
			}
		})
	}
}

func TestPortfolioBadInputKeepsIndex(t *testing.T) {
	a, b := baseline(), baseline()
	b.ID = "R-2"
	b.Services = []serviceattach.ServiceCategory{"x"}
	_, err := serviceattach.Default().Portfolio([]serviceattach.Registration{a, b})
	if !errors.Is(err, program.ErrInvalidInput) || !slices.Equal(fieldsOf(err), []string{"/registrations/1/services/0"}) {
		t.Fatalf("err = %v", err)
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	p := serviceattach.Default()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := serviceattach.ParsePolicy(serviceattach.Policy{}, data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got, cmpopts.IgnoreUnexported(serviceattach.Policy{})); diff != "" {
		t.Errorf("Default -> JSON -> ParsePolicy changed the policy (-want +got):\n%s", diff)
	}
}

func TestParsePolicyLeavesBaseAlone(t *testing.T) {
	base := serviceattach.Default()
	got, err := serviceattach.ParsePolicy(base, []byte(`{"in_scope": ["implementation"], "out_of_scope": ["integration","optimization","migration","managed_hosted","security_compliance","adoption","assessment","transformation","application_development","devsecops_ai","support","success","education_training","non_gitlab"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.InScope) != 1 || !slices.Equal(base.InScope, serviceattach.Default().InScope) {
		t.Fatalf("base changed or override lost: base %v, got %v", base.InScope, got.InScope)
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name string
		json string
		want []string
	}{
		{"zero window", `{"close_window_months": 0}`, []string{"/close_window_months"}},
		{"huge window", `{"registration_window_months": 1000}`, []string{"/registration_window_months"}},
		{"no version", `{"version": ""}`, []string{"/version"}},
		{"category in both lists", `{"out_of_scope": ["education_training", "non_gitlab", "support"]}`, []string{"/out_of_scope"}},
		{"category in neither list", `{"out_of_scope": ["education_training"]}`, []string{"/in_scope"}},
		{"duplicate industry", `{"regulated_industries": ["public_sector", "public_sector"]}`, []string{"/regulated_industries/1"}},
		{"unknown industry", `{"regulated_industries": ["mining"]}`, []string{"/regulated_industries/0"}},
		{"unknown field", `{"rebate_percent": 5}`, []string{"/rebate_percent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := serviceattach.ParsePolicy(serviceattach.Default(), []byte(tt.json))
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
			if diff := cmp.Diff(tt.want, fieldsOf(err)); diff != "" {
				t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// Classify must not modify its input, nor Portfolio its slice.
func TestNoInputMutation(t *testing.T) {
	a, b := baseline(), baseline()
	b.ID, b.Submitted = "R-2", program.NewDate(2026, 1, 1)
	regs := []serviceattach.Registration{a, b}
	before, _ := json.Marshal(regs)
	if _, err := serviceattach.Default().Portfolio(regs); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(regs)
	if string(before) != string(after) {
		t.Errorf("Portfolio changed its input:\n%s\n%s", before, after)
	}
}

func TestImpossibleLastActivityDateIsRefusedByClassifyToo(t *testing.T) {
	r := baseline()
	r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2026, 2, 30))
	_, err := serviceattach.Default().Classify(r)
	if got := fieldsOf(err); !slices.Equal(got, []string{"/opportunity/last_sales_activity"}) {
		t.Errorf("Classify: fields %v, err %v", got, err)
	}
	r = baseline()
	r.Opportunity.CloseDate = program.NewDate(2026, 2, 30)
	_, err = serviceattach.Default().Classify(r)
	if got := fieldsOf(err); !slices.Equal(got, []string{"/opportunity/close_date"}) {
		t.Errorf("an impossible close date is reported once: %v", got)
	}
}

func TestHandBuiltInvalidPolicyIsRefused(t *testing.T) {
	for name, p := range map[string]serviceattach.Policy{
		"zero policy":     {},
		"negative window": func() serviceattach.Policy { p := serviceattach.Default(); p.CloseWindowMonths = -6; return p }(),
	} {
		if _, err := p.Classify(baseline()); !errors.Is(err, program.ErrInvalidInput) {
			t.Errorf("%s: Classify gave %v, want the policy's problems", name, err)
		}
		if _, err := p.Portfolio([]serviceattach.Registration{baseline()}); !errors.Is(err, program.ErrInvalidInput) {
			t.Errorf("%s: Portfolio gave %v, want the policy's problems", name, err)
		}
	}
}

func TestNoNextActionTheLostDealCannotMeet(t *testing.T) {
	r := baseline()
	r.Opportunity.Stage = program.StageClosedLost
	d, err := serviceattach.Default().Classify(r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome == serviceattach.Approved || d.Nearest.Outcome == "" {
		t.Fatalf("a closed-lost registration should miss a category: %+v", d)
	}
	if !d.Next.IsZero() {
		t.Errorf("next action %+v asks for a closed-won deal that was lost", d.Next)
	}
	r = baseline()
	r.Evidence = nil // an open category the partner can still reach: send the SOW
	d, err = serviceattach.Default().Classify(r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != serviceattach.Approved && d.Next.IsZero() {
		t.Errorf("a partner who can still act gets a next action: %+v", d)
	}
}

// A good registration is classified without building a single pointer: the
// quick check decides it is valid, and Check (which allocates its pointers)
// does not run.
func TestQuickValidityDoesNotAllocate(t *testing.T) {
	r := baseline()
	if allocs := testing.AllocsPerRun(100, func() {
		if !serviceattach.Valid(&r) {
			t.Fatal("baseline is not valid")
		}
	}); allocs != 0 {
		t.Errorf("the quick validity check allocates %v times", allocs)
	}
}

// Check builds a pointer only for a problem: checking a good registration
// (as Portfolio's check does when the quick check cannot vouch for one)
// allocates nothing, and a registration with one problem is reported at
// that problem's pointer alone.
func TestCheckBuildsPointersOnlyForProblems(t *testing.T) {
	r := baseline()
	r.CustomerIndustry = serviceattach.PublicSector
	if allocs := testing.AllocsPerRun(100, func() {
		var pr program.Problems
		r.Check(&pr, "/registrations/7")
		if pr.Len() != 0 {
			t.Fatal(pr.Err())
		}
	}); allocs != 0 {
		t.Errorf("checking a good registration allocates %v times", allocs)
	}
	r.Services = append(r.Services, "training")
	var pr program.Problems
	r.Check(&pr, "/registrations/7")
	if got := fieldsOf(pr.Err()); !slices.Equal(got, []string{"/registrations/7/services/2"}) {
		t.Errorf("one bad service reported at %v", got)
	}
}

// A good portfolio is checked without building a pointer: the check
// builds "/registrations/i" only for a registration with a problem. (It
// once built it for every registration.)
func TestPortfolioCheckDoesNotAllocate(t *testing.T) {
	regs := make([]serviceattach.Registration, 10)
	for i := range regs {
		regs[i] = baseline()
		regs[i].ID = fmt.Sprintf("R-%d", i)
	}
	if allocs := testing.AllocsPerRun(100, func() {
		if err := serviceattach.CheckPortfolio(regs); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("checking 10 good registrations allocates %v times", allocs)
	}
	regs[3].Opportunity.ID = ""
	err := serviceattach.CheckPortfolio(regs)
	if err == nil || !strings.Contains(err.Error(), "/registrations/3/opportunity/id") {
		t.Errorf("a registration without its opportunity ID: %v", err)
	}
}

// Portfolio places a registration's problems, an empty list and its own
// checks under "/registrations", as the serviceattach.portfolio input nests
// them.
func TestPortfolioPointers(t *testing.T) {
	a, b := baseline(), baseline()
	b.Opportunity.ID, b.Evidence.ID = "", ""
	b.Submitted = program.Date{}
	_, err := serviceattach.Default().Portfolio([]serviceattach.Registration{a, b})
	want := []string{"/registrations/1/submitted", "/registrations/1/id", "/registrations/1/opportunity/id", "/registrations/1/evidence/id"}
	if diff := cmp.Diff(want, fieldsOf(err)); diff != "" {
		t.Errorf("error pointers (-want +got):\n%s\n%v", diff, err)
	}
	_, err = serviceattach.Default().Portfolio(nil)
	if diff := cmp.Diff([]string{"/registrations"}, fieldsOf(err)); diff != "" {
		t.Errorf("empty portfolio (-want +got):\n%s", diff)
	}
}
