package nfr_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/nfr"
	"github.com/channelpolicy/channelpolicy/program"
)

func validRequest() nfr.Request {
	return nfr.Request{
		Partner: program.Partner{AgreementSigned: true, Track: program.TrackSelect, Standing: program.StandingGood,
			Employees: program.Employees{SolutionArchitects: 1}},
		Seats:       []nfr.SeatLine{{License: nfr.UltimateSaaS, Held: 8, Asked: 10}},
		Uses:        []nfr.Use{nfr.UseDemonstrations},
		SubmittedAt: time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC),
	}
}

func fields(err error) []string {
	var out []string
	for _, fe := range program.FieldErrors(err) {
		out = append(out, fe.Field)
	}
	return out
}

func TestDecideBadInput(t *testing.T) {
	tests := []struct {
		name   string
		change func(*nfr.Request)
		want   []string
	}{
		{"negative asked", func(r *nfr.Request) { r.Seats[0].Asked = -1 }, []string{"request.seats[0].asked"}},
		{"negative held", func(r *nfr.Request) { r.Seats[0].Held = -5 }, []string{"request.seats[0].held"}},
		{"absurd asked", func(r *nfr.Request) { r.Seats[0].Asked = program.MaxCount + 1 }, []string{"request.seats[0].asked"}},
		{"absurd held", func(r *nfr.Request) { r.Seats[0].Held = 1 << 40 }, []string{"request.seats[0].held"}},
		{"unknown license", func(r *nfr.Request) { r.Seats[0].License = "premium" }, []string{"request.seats[0].license"}},
		{"missing license", func(r *nfr.Request) { r.Seats[0].License = "" }, []string{"request.seats[0].license"}},
		{"duplicate license", func(r *nfr.Request) {
			r.Seats = append(r.Seats, nfr.SeatLine{License: nfr.Duo, Asked: 1}, nfr.SeatLine{License: nfr.UltimateSaaS, Asked: 1})
		}, []string{"request.seats[2].license"}},
		{"no seat lines", func(r *nfr.Request) { r.Seats = nil }, []string{"request.seats"}},
		{"nothing asked", func(r *nfr.Request) { r.Seats[0].Asked = 0 }, []string{"request.seats"}},
		{"unknown use", func(r *nfr.Request) { r.Uses = []nfr.Use{"reselling"} }, []string{"request.uses[0]"}},
		{"no uses", func(r *nfr.Request) { r.Uses = nil }, []string{"request.uses"}},
		{"duplicate use", func(r *nfr.Request) { r.Uses = append(r.Uses, nfr.UseDemonstrations) }, []string{"request.uses[1]"}},
		{"unknown track", func(r *nfr.Request) { r.Partner.Track = "gold" }, []string{"request.partner.track"}},
		{"unknown standing", func(r *nfr.Request) { r.Partner.Standing = "" }, []string{"request.partner.standing"}},
		{"zero instant", func(r *nfr.Request) { r.SubmittedAt = time.Time{} }, []string{"request.submitted_at"}},
		{"all at once", func(r *nfr.Request) {
			r.Partner.Track = "gold"
			r.Seats[0].Held = -1
			r.Uses = []nfr.Use{"x"}
			r.SubmittedAt = time.Time{}
		}, []string{"request.partner.track", "request.seats[0].held", "request.uses[0]", "request.submitted_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRequest()
			tt.change(&r)
			d, err := nfr.Default().Decide(r)
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("Decide: err = %v, want an invalid-input error", err)
			}
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
			}
			if d.Outcome != "" || d.Reasons != nil {
				t.Errorf("decision on bad input is %+v, want the zero Decision", d)
			}
		})
	}
}

func TestAllowanceBadInput(t *testing.T) {
	h := nfr.Holdings{Partner: validRequest().Partner, Held: []nfr.Held{
		{License: nfr.Duo, Seats: -1}, {License: "gold", Seats: 1}, {License: nfr.Duo, Seats: program.MaxCount + 1}}}
	_, err := nfr.Default().Allowance(h)
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("err = %v, want invalid input", err)
	}
	want := []string{"holdings.held[0].seats", "holdings.held[1].license", "holdings.held[2].license", "holdings.held[2].seats"}
	if diff := cmp.Diff(want, fields(err)); diff != "" {
		t.Errorf("error fields (-want +got):\n%s", diff)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := nfr.Default().Validate(); err != nil {
		t.Fatalf("Default() is invalid: %v", err)
	}
	tests := []struct {
		name   string
		change func(*nfr.Policy)
		want   []string
	}{
		{"no version", func(p *nfr.Policy) { p.Version = " " }, []string{"policy.version"}},
		{"bad allocation", func(p *nfr.Policy) {
			p.Allocations[0] = nfr.Allocation{License: "x", Track: "gold", Competency: "y", Seats: -1}
		}, []string{"policy.allocations[0].license", "policy.allocations[0].track", "policy.allocations[0].competency", "policy.allocations[0].seats"}},
		{"duplicate allocation", func(p *nfr.Policy) { p.Allocations = append(p.Allocations, p.Allocations[2]) }, []string{"policy.allocations[6]"}},
		{"no eligible track", func(p *nfr.Policy) { p.EligibleTracks = nil }, []string{"policy.eligible_tracks"}},
		{"no certification", func(p *nfr.Policy) { p.Certifications = nil }, []string{"policy.certifications"}},
		{"use both permitted and prohibited", func(p *nfr.Policy) {
			p.ProhibitedUses = append(p.ProhibitedUses, nfr.UseDemonstrations)
		}, []string{"policy.prohibited_uses[3]"}},
		{"repeated review track", func(p *nfr.Policy) { p.ReviewTracks = append(p.ReviewTracks, program.TrackSelect) }, []string{"policy.review_tracks[1]"}},
		{"too many days", func(p *nfr.Policy) { p.ProvisioningBusinessDays = 61 }, []string{"policy.provisioning_business_days"}},
		{"bad calendar", func(p *nfr.Policy) {
			p.Calendar.TimeZone = program.TimeZone{}
			p.Calendar.WorkdayEnd = p.Calendar.WorkdayStart
		}, []string{"policy.calendar.time_zone", "policy.calendar.workday_end"}},
		{"bad actors", func(p *nfr.Policy) { p.ReviewActor = ""; p.ProvisioningActor = "boss" }, []string{"policy.provisioning_actor", "policy.review_actor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := nfr.Default()
			tt.change(&p)
			err := p.Validate()
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("err = %v, want invalid input", err)
			}
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
			}
			if _, err := p.Decide(validRequest()); !errors.Is(err, program.ErrInvalidInput) {
				t.Errorf("Decide under an invalid policy: err = %v, want invalid input", err)
			}
		})
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	def := nfr.Default()
	def.Calendar.TimeZone = program.MustTimeZone("Europe/Berlin")
	def.Calendar.Holidays = []program.Date{program.NewDate(2026, 12, 24)}
	data, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	got, err := nfr.ParsePolicy(nfr.Default(), data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(got)
	if string(again) != string(data) {
		t.Errorf("policy changed in a JSON round trip:\n%s\n%s", data, again)
	}
	if !got.Calendar.TimeZone.Equal(def.Calendar.TimeZone) {
		t.Errorf("zone %v, want %v", got.Calendar.TimeZone, def.Calendar.TimeZone)
	}
}

func TestParsePolicyPartial(t *testing.T) {
	base := nfr.Default()
	before, _ := json.Marshal(base)
	p, err := nfr.ParsePolicy(base, []byte(`{"allocations": [{"license": "duo", "track": "open", "seats": 2}],
		"calendar": {"holidays": ["2026-12-24"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	// A named list replaces the base list whole: no leftovers from base's
	// first element (track select, seats 25) merge into the new one.
	if want := []nfr.Allocation{{License: nfr.Duo, Track: program.TrackOpen, Seats: 2}}; !slices.Equal(p.Allocations, want) {
		t.Errorf("allocations = %+v, want %+v", p.Allocations, want)
	}
	// The calendar is merged field by field.
	if p.Calendar.TimeZone.String() != "UTC" || len(p.Calendar.Workdays) != 5 || len(p.Calendar.Holidays) != 1 {
		t.Errorf("calendar = %+v, want the default week with one holiday", p.Calendar)
	}
	if p.ProvisioningBusinessDays != 2 || len(p.PermittedUses) != 3 {
		t.Errorf("fields not named in the document changed: %+v", p)
	}
	after, _ := json.Marshal(base)
	if string(before) != string(after) {
		t.Errorf("ParsePolicy modified its base:\n%s\n%s", before, after)
	}
}

func TestParsePolicyBad(t *testing.T) {
	tests := []struct {
		doc  string
		want []string
	}{
		{`{"allocations": [{"license": "duo", "seats": -3}]}`, []string{"policy.allocations[0].seats"}},
		{`{"permitted_uses": ["reselling"]}`, []string{"policy.permitted_uses"}},
		{`{"calendar": {"time_zone": "Mars/Olympus"}}`, []string{"policy.calendar.time_zone"}},
		{`{"provisioning_days": 2}`, []string{"policy.provisioning_days"}},
		{`[1, 2]`, []string{"policy"}},
		{``, []string{"policy"}},
	}
	for _, tt := range tests {
		_, err := nfr.ParsePolicy(nfr.Default(), []byte(tt.doc))
		if !errors.Is(err, program.ErrInvalidInput) {
			t.Errorf("%s: err = %v, want invalid input", tt.doc, err)
			continue
		}
		if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
			t.Errorf("%s: error fields (-want +got):\n%s\n%v", tt.doc, diff, err)
		}
	}
}

// TestEnumsDecodeStrictly checks that every enum rejects unknown values
// and that the zero value is invalid.
func TestEnumsDecodeStrictly(t *testing.T) {
	var l nfr.LicenseType
	var u nfr.Use
	var c nfr.Certification
	var o nfr.Outcome
	var a nfr.AllowanceOutcome
	for _, x := range []interface{ UnmarshalText([]byte) error }{&l, &u, &c, &o, &a} {
		if err := x.UnmarshalText([]byte("bogus")); err == nil {
			t.Errorf("%T accepted bogus", x)
		}
	}
	if l.Valid() || u.Valid() || c.Valid() || o.Valid() || a.Valid() {
		t.Error("a zero enum value is valid")
	}
	for _, v := range nfr.LicenseTypes {
		if err := l.UnmarshalText([]byte(v)); err != nil || l != v {
			t.Errorf("license %s: %v", v, err)
		}
	}
}

func TestAllowanceTextAgreesWithRemainingForAnIneligiblePartner(t *testing.T) {
	a, err := nfr.Default().Allowance(nfr.Holdings{Partner: program.Partner{
		AgreementSigned: true, Track: program.TrackOpen, Standing: program.StandingSuspended,
		Employees: program.Employees{SolutionArchitects: 1},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ln := range a.Licenses {
		if ln.Remaining != 0 {
			t.Errorf("%s: %d remaining for an ineligible partner", ln.License, ln.Remaining)
		}
	}
	for _, r := range a.Reasons {
		if r.Rule == nfr.RuleRemaining && !strings.Contains(r.Text, "none remaining") {
			t.Errorf("reason says seats remain: %q", r.Text)
		}
	}
}
