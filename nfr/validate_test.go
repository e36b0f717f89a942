package nfr_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/casebook"
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
	return program.Locations(err)
}

func TestDecideBadInput(t *testing.T) {
	tests := []struct {
		name   string
		change func(*nfr.Request)
		want   []string
	}{
		{"negative asked", func(r *nfr.Request) { r.Seats[0].Asked = -1 }, []string{"/seats/0/asked"}},
		{"negative held", func(r *nfr.Request) { r.Seats[0].Held = -5 }, []string{"/seats/0/held"}},
		{"absurd asked", func(r *nfr.Request) { r.Seats[0].Asked = program.MaxCount + 1 }, []string{"/seats/0/asked"}},
		{"absurd held", func(r *nfr.Request) { r.Seats[0].Held = program.MaxCount * 1000 }, []string{"/seats/0/held"}},
		{"unknown license", func(r *nfr.Request) { r.Seats[0].License = "premium" }, []string{"/seats/0/license"}},
		{"missing license", func(r *nfr.Request) { r.Seats[0].License = "" }, []string{"/seats/0/license"}},
		{"duplicate license", func(r *nfr.Request) {
			r.Seats = append(r.Seats, nfr.SeatLine{License: nfr.Duo, Asked: 1}, nfr.SeatLine{License: nfr.UltimateSaaS, Asked: 1})
		}, []string{"/seats/2/license"}},
		{"no seat lines", func(r *nfr.Request) { r.Seats = nil }, []string{"/seats"}},
		{"nothing asked", func(r *nfr.Request) { r.Seats[0].Asked = 0 }, []string{"/seats"}},
		{"unknown use", func(r *nfr.Request) { r.Uses = []nfr.Use{"reselling"} }, []string{"/uses/0"}},
		{"no uses", func(r *nfr.Request) { r.Uses = nil }, []string{"/uses"}},
		{"duplicate use", func(r *nfr.Request) { r.Uses = append(r.Uses, nfr.UseDemonstrations) }, []string{"/uses/1"}},
		{"unknown track", func(r *nfr.Request) { r.Partner.Track = "gold" }, []string{"/partner/track"}},
		{"unknown standing", func(r *nfr.Request) { r.Partner.Standing = "" }, []string{"/partner/standing"}},
		{"zero instant", func(r *nfr.Request) { r.SubmittedAt = time.Time{} }, []string{"/submitted_at"}},
		{"all at once", func(r *nfr.Request) {
			r.Partner.Track = "gold"
			r.Seats[0].Held = -1
			r.Uses = []nfr.Use{"x"}
			r.SubmittedAt = time.Time{}
		}, []string{"/partner/track", "/seats/0/held", "/uses/0", "/submitted_at"}},
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
			checkPointersResolve(t, r, err)
			if d.Outcome != "" || d.Reasons.Len() != 0 {
				t.Errorf("decision on bad input is %+v, want the zero Decision", d)
			}
		})
	}
}

// checkPointersResolve checks that every pointer of err locates a value in
// the JSON document of input, the document a caller would have sent.
func checkPointersResolve(t *testing.T, input any, err error) {
	t.Helper()
	b, merr := json.Marshal(input)
	if merr != nil {
		t.Fatal(merr)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, fe := range program.FieldErrors(err) {
		if !resolves(doc, fe.Pointer) {
			t.Errorf("pointer %q locates nothing in %s", fe.Pointer, b)
		}
	}
}

// resolves reports whether the RFC 6901 pointer locates a value in doc, or
// a missing member of an object in doc (where "required" problems point).
func resolves(doc any, pointer string) bool {
	if _, ok := casebook.Resolve(doc, pointer); ok {
		return true
	}
	i := strings.LastIndex(pointer, "/")
	if i < 0 {
		return false
	}
	parent, _ := casebook.Resolve(doc, pointer[:i])
	_, isObject := parent.(map[string]any)
	return isObject
}

// TestDecodeRequestPointers decodes bad JSON requests and holdings: decoding
// errors locate their values in the document as validation errors do.
func TestDecodeRequestPointers(t *testing.T) {
	tests := []struct {
		name, doc string
		into      any
		want      []string
	}{
		{"request", `{
			"partner": {"track": "gold", "standing": "good", "employees": {"certified_solution_architects": -1, "certified_professional_services_engineers": 0}},
			"seats": [{"license": "duo", "asked": 1}, {"license": "premium", "asked": 2.5}],
			"uses": ["demonstrations", "reselling"],
			"submitted_at": "yesterday"}`, &nfr.Request{},
			[]string{"/partner/track", "/seats/1/license", "/seats/1/asked", "/uses/1", "/submitted_at"}},
		{"request missing members", `{"partner": {"standing": "good"}, "seats": [{"asked": 1}], "uses": null}`, &nfr.Request{},
			[]string{"/partner/track", "/partner/employees", "/seats/0/license", "/uses", "/submitted_at"}},
		{"request unknown member", `{"partner": {"track": "open", "standing": "good", "employees": {"certified_solution_architects": 1, "certified_professional_services_engineers": 0}}, "seats": [{"license": "duo", "asked": 1, "wanted": 2}],
			"uses": ["demonstrations"], "submitted_at": "2026-11-23T10:00:00Z", "Justification": "x"}`, &nfr.Request{},
			[]string{"/seats/0/wanted", "/Justification"}},
		{"holdings", `{"partner": {"track": "open", "standing": "bad", "employees": {"certified_solution_architects": 0, "certified_professional_services_engineers": 0}}, "held": [{"license": "duo", "seats": "3"}, {"license": "gold"}]}`,
			&nfr.Holdings{}, []string{"/partner/standing", "/held/0/seats", "/held/1/license"}},
		{"holdings without the counts NFR reads", `{"partner": {"track": "open", "standing": "good", "employees": {"foundations_trained": 3}}}`,
			&nfr.Holdings{}, []string{"/partner/employees/certified_solution_architects", "/partner/employees/certified_professional_services_engineers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := program.DecodeJSON([]byte(tt.doc), tt.into)
			if !errors.Is(err, program.ErrInvalidInput) {
				t.Fatalf("err = %v, want invalid input", err)
			}
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("error fields (-want +got):\n%s\n%v", diff, err)
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
	want := []string{"/held/0/seats", "/held/1/license", "/held/2/license", "/held/2/seats"}
	if diff := cmp.Diff(want, fields(err)); diff != "" {
		t.Errorf("error fields (-want +got):\n%s", diff)
	}
	checkPointersResolve(t, h, err)
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
		{"no version", func(p *nfr.Policy) { p.Version = " " }, []string{"/version"}},
		{"bad allocation", func(p *nfr.Policy) {
			// A compiled policy's lists are read-only: a change replaces one.
			p.Allocations = slices.Clone(p.Allocations)
			p.Allocations[0] = nfr.Allocation{License: "x", Track: "gold", Competency: "y", Seats: -1}
		}, []string{"/allocations/0/license", "/allocations/0/track", "/allocations/0/competency", "/allocations/0/seats"}},
		{"duplicate allocation", func(p *nfr.Policy) { p.Allocations = append(p.Allocations, p.Allocations[2]) }, []string{"/allocations/6"}},
		{"no eligible track", func(p *nfr.Policy) { p.EligibleTracks = nil }, []string{"/eligible_tracks"}},
		{"no certification", func(p *nfr.Policy) { p.Certifications = nil }, []string{"/certifications"}},
		{"use both permitted and prohibited", func(p *nfr.Policy) {
			p.ProhibitedUses = append(p.ProhibitedUses, nfr.UseDemonstrations)
		}, []string{"/prohibited_uses/3"}},
		{"repeated review track", func(p *nfr.Policy) { p.ReviewTracks = append(p.ReviewTracks, program.TrackSelect) }, []string{"/review_tracks/1"}},
		{"too many days", func(p *nfr.Policy) { p.ProvisioningBusinessDays = 61 }, []string{"/provisioning_business_days"}},
		{"bad calendar", func(p *nfr.Policy) {
			p.Calendar.TimeZone = program.TimeZone{}
			p.Calendar.WorkdayEnd = p.Calendar.WorkdayStart
		}, []string{"/calendar/time_zone", "/calendar/workday_end"}},
		{"bad actors", func(p *nfr.Policy) { p.ReviewActor = ""; p.ProvisioningActor = "boss" }, []string{"/provisioning_actor", "/review_actor"}},
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

// TestPolicyEmptyListRoundTrip: an empty list is written as [], not null,
// which would read back as absent and bring back the base's list.
func TestPolicyEmptyListRoundTrip(t *testing.T) {
	for _, doc := range []string{`{"review_tracks": []}`, `{"permitted_uses": [], "prohibited_uses": []}`} {
		p, err := nfr.ParsePolicy(nfr.Default(), []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := nfr.ParsePolicy(nfr.Default(), data)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.ReviewTracks) != len(p.ReviewTracks) || len(q.PermittedUses) != len(p.PermittedUses) ||
			len(q.ProhibitedUses) != len(p.ProhibitedUses) {
			t.Errorf("%s: round trip through %s gave %+v", doc, data, q)
		}
	}
	hand := nfr.Default()
	hand.ReviewTracks = nil
	data, _ := json.Marshal(hand)
	if !strings.Contains(string(data), `"review_tracks":[]`) {
		t.Errorf("a nil list is not written as []: %s", data)
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
	// An optional member given as null is absent: base's list stays.
	q, err := nfr.ParsePolicy(base, []byte(`{"review_tracks": null, "calendar": {"holidays": null}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q.ReviewTracks, base.ReviewTracks) || !slices.Equal(q.Calendar.Workdays, base.Calendar.Workdays) {
		t.Errorf("null members changed the policy: %+v", q)
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
		{`{"allocations": [{"license": "duo", "seats": -3}]}`, []string{"/allocations/0/seats"}},
		{`{"permitted_uses": ["reselling"]}`, []string{"/permitted_uses/0"}},
		{`{"calendar": {"workdays": ["monday", "funday"]}}`, []string{"/calendar/workdays/1"}},
		// Every problem at once, each where it is in the document: a
		// repeated member, a wrong type, a member in the wrong case.
		{`{"version": "a", "version": "b", "allocations": 5, "Review_tracks": []}`,
			[]string{"/version", "/allocations", "/Review_tracks"}},
		{`{"allocations": [{"license": "duo", "seats": 2}, null]}`, []string{"/allocations/1"}},
		{`{"calendar": {"time_zone": "Mars/Olympus"}}`, []string{"/calendar/time_zone"}},
		{`{"provisioning_days": 2}`, []string{"/provisioning_days"}},
		{`[1, 2]`, []string{""}},
		{``, []string{""}},
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
	for _, r := range a.Reasons.All() {
		if r.Rule == nfr.RuleRemaining && !strings.Contains(r.Text(), "none remaining") {
			t.Errorf("reason says seats remain: %q", r.Text())
		}
	}
}

// TestBadInputAllocates: a request with a negative count and no
// submission instant (BenchmarkDecideBadInput's input) allocates at most
// 4 times (issue 13): the block its problems, pointers and texts share,
// the count boxed for its format, and errors.Join's two. The fewest of
// three counts, as a collection in between may cost one; under the race
// detector fmt's pooled printer is now and then made anew.
func TestBadInputAllocates(t *testing.T) {
	pol, r := nfr.Default(), validRequest()
	r.Seats[0].Asked = -1
	r.SubmittedAt = time.Time{}
	least := math.Inf(1)
	for range 3 {
		least = min(least, testing.AllocsPerRun(100, func() {
			if _, err := pol.Decide(r); err == nil {
				t.Fatal("want an error")
			}
		}))
	}
	want := 3.0 // the problems' space, and errors.Join's list and error
	if raceEnabled {
		want = 4
	}
	if least > want {
		t.Errorf("a refused request allocates %v times, want at most %v", least, want)
	}
}
