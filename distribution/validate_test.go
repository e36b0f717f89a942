package distribution_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// fields lists where err's problems are: each one's JSON Pointer, or the
// name of the parameter it is about ("now").
func fields(err error) []string {
	return program.Locations(err)
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %v", want)
	}
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Errorf("error %v does not match program.ErrInvalidInput", err)
	}
	if got := fields(err); !slices.Equal(got, want) {
		t.Errorf("error fields = %v, want %v (%v)", got, want, err)
	}
}

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// TestBadInputGoAPI calls the entry points with values a Go caller can build
// but JSON decoding would reject, so validation itself is exercised.
func TestBadInputGoAPI(t *testing.T) {
	pol := distribution.Default()
	t.Run("territory/lower-case", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "de"}})
		wantFields(t, err, "/partner/country")
	})
	t.Run("territory/historical-code", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "DY"}})
		wantFields(t, err, "/partner/country")
	})
	t.Run("territory/exceptional-reservation", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "EZ"}})
		wantFields(t, err, "/partner/country")
	})
	t.Run("territory/missing-country", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{})
		wantFields(t, err, "/partner/country")
	})
	t.Run("territory/malformed-unread-member", func(t *testing.T) {
		// Territory reads only the country, but a malformed value anywhere
		// is an input error, as the JSON decoder refuses it.
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Track: "gold", Country: "DE"}})
		wantFields(t, err, "/partner/track")
	})
	t.Run("path/everything", func(t *testing.T) {
		_, err := pol.Path(distribution.PathRequest{Partner: program.Partner{Track: "gold", Country: "zz",
			Employees: program.Employees{FoundationsTrained: -1}}})
		wantFields(t, err, "/partner/track", "/partner/employees/foundations_trained", "/partner/country")
	})
	t.Run("path/missing-track-and-country", func(t *testing.T) {
		// The two members Path reads; the standing is not one of them.
		_, err := pol.Path(distribution.PathRequest{})
		wantFields(t, err, "/partner/track", "/partner/country")
	})
	t.Run("path/unknown-marketplace", func(t *testing.T) {
		_, err := pol.Path(distribution.PathRequest{Partner: program.Partner{Track: program.TrackOpen,
			Country: "US", Marketplaces: []program.Marketplace{"azure"}}})
		wantFields(t, err, "/partner/marketplaces/0")
	})
	t.Run("quote/zero-instant", func(t *testing.T) {
		_, err := pol.Quote(distribution.QuoteRequest{Partner: program.Partner{Country: "SG"}})
		wantFields(t, err, "/requested_at")
	})
	t.Run("quote/missing-country", func(t *testing.T) {
		// Without a country the region is unknown, so whether the instant
		// is read is too: only the country is reported.
		_, err := pol.Quote(distribution.QuoteRequest{})
		wantFields(t, err, "/partner/country")
	})
	t.Run("order/zero-now-and-kind", func(t *testing.T) {
		_, err := pol.CheckOrder(distribution.Order{Kind: "upgrade"}, time.Time{})
		wantFields(t, err, "now", "/kind")
		if fe := program.FieldErrors(err)[0]; fe.Parameter != "now" || fe.Pointer != "" {
			t.Errorf("the missing instant is %+v; want the parameter now, not a pointer", fe)
		}
	})
	t.Run("order/zero-now-with-events", func(t *testing.T) {
		// Without now, events cannot be after it: only its absence is reported.
		day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
		_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindRenewal, ReadyToInvoiceAt: day(20), InvoicedAt: day(22)}, time.Time{})
		wantFields(t, err, "now")
	})
	t.Run("order/after-now", func(t *testing.T) {
		_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindRenewal, ReadyToInvoiceAt: now.Add(-time.Hour), InvoicedAt: now.Add(time.Hour)}, now)
		wantFields(t, err, "/invoiced_at")
	})
	t.Run("order/method", func(t *testing.T) {
		_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindAddOn, EULA: distribution.EULA{Method: "fax"}}, now)
		wantFields(t, err, "/eula/method")
	})
	t.Run("order/emails", func(t *testing.T) {
		for _, bad := range []string{"plain", "a@", "@b.example", "two@@at.example", "<a@b.example>", "Jane <a@b.example>", "a@b.example, c@d.example"} {
			_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindRenewal,
				EndUser: distribution.EndUser{Email: bad}, PartnerInvoiceContact: bad}, now)
			wantFields(t, err, "/end_user/email", "/partner_invoice_contact")
		}
	})
}

// decodeAs returns a decoder of JSON into a T, for table tests.
func decodeAs[T any]() func([]byte) error {
	return func(b []byte) error {
		var v T
		return program.DecodeJSON(b, &v)
	}
}

// TestDecodeErrors checks that the package's input types decode strictly,
// with every problem located by its JSON Pointer into the input.
func TestDecodeErrors(t *testing.T) {
	tx, path := decodeAs[distribution.Transaction](), decodeAs[distribution.PathRequest]()
	quote, order := decodeAs[distribution.QuoteRequest](), decodeAs[distribution.Order]()
	tests := []struct {
		name, data string
		decode     func([]byte) error
		want       []string
	}{
		{"transaction/lower-case", `{"partner":{"country":"fr"}}`, tx, []string{"/partner/country"}},
		// A bad value where it is, then what the partner object lacks.
		{"transaction/track", `{"partner":{"track":"platinum"}}`, tx, []string{"/partner/track", "/partner/country"}},
		{"transaction/no-partner", `{"customer":{}}`, tx, []string{"/partner"}},
		{"transaction/unknown-member", `{"partner":{"country":"DE"},"territory":"emea"}`, tx, []string{"/territory"}},
		{"transaction/case-differs", `{"Partner":{"country":"DE"}}`, tx, []string{"/Partner", "/partner"}},
		{"transaction/marketplace", `{"partner":{"country":"DE","marketplaces":["aws_cppo","azure"]}}`, tx, []string{"/partner/marketplaces/1"}},
		{"transaction/null-element", `{"partner":{"country":"DE","marketplaces":[null]}}`, tx, []string{"/partner/marketplaces/0"}},
		{"transaction/twice", `{"partner":{"country":"DE"},"customer":{"public_sector":true,"public_sector":false}}`, tx, []string{"/customer/public_sector"}},
		// Path reads the track too; missing members follow the order of
		// the partner type.
		{"path/no-track", `{"partner":{"country":"DE","standing":"good"}}`, path, []string{"/partner/track"}},
		{"path/empty-partner", `{"partner":{}}`, path, []string{"/partner/track", "/partner/country"}},
		{"path/null-track", `{"partner":{"track":null,"country":"DE"}}`, path, []string{"/partner/track"}},
		{"quote/country", `{"partner":{"country":"Japan"}}`, quote, []string{"/partner/country"}},
		{"quote/no-country", `{"partner":{"track":"open"},"requested_at":"2026-11-25T10:00:00Z"}`, quote, []string{"/partner/country"}},
		{"quote/instant", `{"partner":{"country":"JP"},"requested_at":"next Tuesday"}`, quote, []string{"/requested_at"}},
		{"order/kind", `{"kind":"upgrade"}`, order, []string{"/kind"}},
		{"order/missing-kind", `{"eula":{"method":"docusign"}}`, order, []string{"/eula/method", "/kind"}},
		{"order/instant", `{"kind":"renewal","invoiced_at":"2026-11-22"}`, order, []string{"/invoiced_at"}},
		{"order/truncated", `{"kind":`, order, []string{"/kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.decode([]byte(tt.data)), tt.want...)
		})
	}
}

// TestDecodeAccepts: members the decisions do not read, or read with a
// meaning for their absence, may be left out; the quote's instant is
// optional to the decoder (Quote requires it where it is read).
func TestDecodeAccepts(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		decode     func([]byte) error
	}{
		{"transaction/country-only", `{"partner":{"country":"DE"}}`, decodeAs[distribution.Transaction]()},
		{"path/no-standing", `{"partner":{"track":"open","country":"DE"}}`, decodeAs[distribution.PathRequest]()},
		{"quote/no-instant", `{"partner":{"country":"US"}}`, decodeAs[distribution.QuoteRequest]()},
		{"quote/null-instant", `{"partner":{"country":"JP"},"requested_at":null}`, decodeAs[distribution.QuoteRequest]()},
		{"order/kind-only", `{"kind":"renewal"}`, decodeAs[distribution.Order]()},
		{"order/eula-none", `{"kind":"new_subscription","eula":{"method":"none"}}`, decodeAs[distribution.Order]()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.decode([]byte(tt.data)); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestDefaultValidates(t *testing.T) {
	if err := distribution.Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestPolicyRoundTrip: Default → JSON → ParsePolicy gives Default back.
func TestPolicyRoundTrip(t *testing.T) {
	def := distribution.Default()
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	got, err := distribution.ParsePolicy(distribution.Policy{}, b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(def, got, cmpopts.IgnoreUnexported(distribution.Policy{})); diff != "" {
		t.Errorf("policy changed in a JSON round trip (-want +got):\n%s", diff)
	}
}

// TestParsePolicyLeavesBase: decoding over a base must not write into the
// base's lists, a replaced list keeps nothing of the old one, and the result
// shares no list with the base.
func TestParsePolicyLeavesBase(t *testing.T) {
	base := distribution.Default()
	got, err := distribution.ParsePolicy(base, []byte(`{"version":"x","distributors":[
		{"name":"N","site":"https://n.example/","territory":"north_america","role":"primary","email":"n@n.example"}],
		"quotes":{"apj":{"turnaround_hours":4}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(distribution.Default(), base, cmpopts.IgnoreUnexported(distribution.Policy{})); diff != "" {
		t.Errorf("base changed (-want +got):\n%s", diff)
	}
	// Climb CS, the old first entry, had per-country contacts.
	if len(got.Distributors) != 1 || got.Distributors[0].Contacts != nil || got.Distributors[0].Name != "N" {
		t.Errorf("distributors = %+v, want only N without contacts", got.Distributors)
	}
	if got.Quotes.APJ.TurnaroundHours != 4 || got.Quotes.APJ.Recipient != base.Quotes.APJ.Recipient {
		t.Errorf("quotes.apj = %+v, want turnaround 4 and the rest of the default", got.Quotes.APJ)
	}
	got.Territories[0].Areas[0] = "ZZ"
	got.Quotes.APJ.Steps[0] = "changed"
	if diff := cmp.Diff(distribution.Default(), base, cmpopts.IgnoreUnexported(distribution.Policy{})); diff != "" {
		t.Errorf("changing the parsed policy changed its base (-want +got):\n%s", diff)
	}
}

// TestParsePolicyLocatesKeptDistributors: a document that replaces the
// territories and keeps the default directory can leave a kept distributor
// serving a country no territory of the document holds. The problem is
// located at the member the document would need, /distributors, and names
// the kept distributor's place.
func TestParsePolicyLocatesKeptDistributors(t *testing.T) {
	doc := []byte(`{"territories":[{"territory":"apac","areas":["JP"],"quote_region":"apj"}]}`)
	_, err := distribution.ParsePolicy(distribution.Default(), doc)
	var want []string
	for i, d := range distribution.Default().Distributors {
		for j, c := range d.Countries {
			if c != "JP" {
				want = append(want, fmt.Sprintf("/distributors/%d/countries/%d in the merged policy: %s is in territory none, not %s", i, j, c, d.Territory))
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the default directory limits no distributor to some countries; this test needs one")
	}
	var got []string
	for _, fe := range program.FieldErrors(err) {
		if fe.Pointer != "/distributors" {
			t.Errorf("problem at %q: %s; want it at /distributors", fe.Pointer, fe.Detail)
		}
		got = append(got, fe.Detail)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	casetest.InputError(t, doc, err)
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		want  []string
	}{
		{"version", `{"version":""}`, []string{"/version"}},
		{"area", `{"territories":[{"territory":"emea","areas":["Europe","de"],"quote_region":"emea"}]}`,
			[]string{"/territories/0/areas/0", "/territories/0/areas/1",
				// the default directory, kept, no longer fits: its distributors
				// of India and Thailand are located at the member that would
				// replace it
				"/distributors", "/distributors"}},
		{"pubsec-by-area", `{"territories":[{"territory":"us_pubsec","areas":["US"],"quote_region":"us_pubsec"},{"territory":"apac","areas":["142"],"quote_region":"apj"}]}`,
			[]string{"/territories/0/territory"}},
		{"distributor", `{"distributors":[{"name":"","site":"ftp://x","territory":"none","role":"alternative","email":"x"}]}`,
			[]string{"/distributors/0/name", "/distributors/0/site", "/distributors/0/territory",
				"/distributors/0/countries", "/distributors/0/email"}},
		{"alternative-wrong-territory", `{"distributors":[{"name":"A","site":"https://a.example/","territory":"apac","role":"alternative","countries":["DE"],"email":"a@a.example","contacts":[{"country":"DE","email":"bad"}]}]}`,
			[]string{"/distributors/0/countries/0", "/distributors/0/contacts/0/email"}},
		{"marketplaces", `{"marketplaces":[{"id":"aws_cppo","name":"A"},{"id":"aws_cppo","name":""}]}`,
			[]string{"/marketplaces/1/id", "/marketplaces/1/name"}},
		{"marketplace-territory", `{"marketplaces":[{"id":"aws_cppo","name":"A","territories":["emea","mars"]}]}`,
			[]string{"/marketplaces/0/territories/1"}},
		{"quotes", `{"quotes":{"apj":{"turnaround_hours":-1},"sales_team":{"steps":[],"recipient":" "}}}`,
			[]string{"/quotes/apj/turnaround_hours", "/quotes/sales_team/steps", "/quotes/sales_team/recipient"}},
		{"calendar", `{"quotes":{"apj":{"calendar":{"workdays":[],"workday_start":"18:00"}}}}`,
			[]string{"/quotes/apj/calendar/workdays", "/quotes/apj/calendar/workday_end"}},
		{"turnaround-too-long", `{"quotes":{"apj":{"turnaround_hours":8784,"calendar":{"workday_start":"09:00","workday_end":"10:00"}}}}`,
			[]string{"/quotes/apj/turnaround_hours"}},
		{"turnaround-fraction", `{"quotes":{"apj":{"turnaround_hours":6.5}}}`, []string{"/quotes/apj/turnaround_hours"}},
		{"orders", `{"orders":{"eula_required_for":[],"default_eula_method":"fax"}}`, []string{"/orders/default_eula_method"}},
		{"orders-default-none", `{"orders":{"default_eula_method":"none"}}`, []string{"/orders/default_eula_method"}},
		{"holiday-set", `{"quotes":{"apj":{"calendar":{"holiday_set":"SG"}}}}`, []string{"/quotes/apj/calendar/holiday_set"}},
		{"unknown-member", `{"territory_table":[]}`, []string{"/territory_table"}},
		// RFC 6901 escapes "/" in a member name as "~1" and "~" as "~0".
		{"unknown-member-escaped", `{"territory/table":[],"a~b":1}`, []string{"/territory~1table", "/a~0b"}},
		// Member names match exactly: no case folding, no Unicode folding
		// (ſ, the long s, folds to s in encoding/json).
		{"member-case", `{"Distributors":[]}`, []string{"/Distributors"}},
		{"member-long-s", `{"diſtributors":[]}`, []string{"/diſtributors"}},
		{"null-element", `{"us_public_sector":["US",null]}`, []string{"/us_public_sector/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := distribution.ParsePolicy(distribution.Default(), []byte(tt.patch))
			wantFields(t, err, tt.want...)
		})
	}
}

// TestEveryCountryPlaced: under the default policy every current country
// code lands in a listed territory (none by explicit listing counts), and
// the codes the handbook names land where it says.
func TestEveryCountryPlaced(t *testing.T) {
	pol := distribution.Default()
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			c := program.Country(string([]rune{a, b}))
			if !c.Valid() {
				continue
			}
			d, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: c}})
			if err != nil {
				continue // former or reserved code, tested above
			}
			n++
			if d.Reasons.At(0).Rule == distribution.RuleTerritoryUnlisted {
				t.Errorf("%s is in no territory", c)
			}
		}
	}
	if n < 240 {
		t.Errorf("only %d countries placed; x/text knows about 250", n)
	}
	want := map[program.Country]distribution.Territory{
		"US": "north_america", "CA": "north_america", "JP": "japan", "DE": "emea", "GB": "emea", "ZA": "emea",
		"SA": "emea", "IL": "emea", "UZ": "emea", "IN": "apac", "NZ": "apac", "KR": "apac", "MX": "none", "AR": "none", "JM": "none",
	}
	for _, c := range slices.Sorted(func(yield func(program.Country) bool) {
		for c := range want {
			if !yield(c) {
				return
			}
		}
	}) {
		d, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: c}})
		if err != nil || d.Outcome != want[c] {
			t.Errorf("territory of %s = %s, %v; want %s", c, d.Outcome, err, want[c])
		}
	}
}

// TestPathInvariants checks, for every country and both tracks, properties
// the purchase path must keep whatever the country.
func TestPathInvariants(t *testing.T) {
	pol := distribution.Default()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			c := program.Country(string([]rune{a, b}))
			for _, track := range program.Tracks {
				r := distribution.PathRequest{Partner: program.Partner{Track: track, Country: c,
					Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO}}}
				d, err := pol.Path(r)
				if err != nil {
					continue
				}
				checkPath(t, r, d)
			}
		}
	}
}

func checkPath(t *testing.T, tx distribution.PathRequest, d distribution.PathDecision) {
	t.Helper()
	hasDirect := len(d.Options) > 0 && d.Options[0].Channel == distribution.ChannelDirect
	hasDist := slices.ContainsFunc(d.Options, func(o distribution.Option) bool { return o.Channel == distribution.ChannelDistributor })
	switch {
	case tx.Partner.Track == program.TrackSelect && (!hasDirect || d.Outcome != distribution.PathDirect):
		t.Errorf("%s select: no direct option first: %+v", tx.Partner.Country, d)
	case tx.Partner.Track == program.TrackOpen && hasDist && (hasDirect || d.Outcome != distribution.PathDistribution):
		t.Errorf("%s open: distributor available yet direct offered: %+v", tx.Partner.Country, d)
	case tx.Partner.Track == program.TrackOpen && !hasDist && !hasDirect:
		t.Errorf("%s open: no way to buy: %+v", tx.Partner.Country, d)
	}
	if d.Reasons.Len() != len(d.Options)+1 {
		t.Errorf("%s: %d reasons for %d options", tx.Partner.Country, d.Reasons.Len(), len(d.Options))
	}
	for i, o := range d.Options {
		if !o.Reason.Equal(d.Reasons.Ref(i + 1)) {
			t.Errorf("%s: option %d does not point at reason %d", tx.Partner.Country, i, i+1)
		}
	}
	seenAlt := false
	for _, o := range d.Options {
		if o.Channel != distribution.ChannelDistributor {
			continue
		}
		if o.Role == distribution.RoleAlternative {
			seenAlt = true
		} else if seenAlt {
			t.Errorf("%s: a primary after an alternative: %+v", tx.Partner.Country, d.Options)
		}
	}
}

// TestEnums: every enum lists its values for schemas, and its zero value is
// invalid.
func TestEnums(t *testing.T) {
	for _, e := range []interface {
		program.Enumerated
		Valid() bool
	}{
		distribution.Territory(""), distribution.QuoteRegion(""), distribution.Role(""), distribution.Channel(""),
		distribution.OrderKind(""), distribution.EULAMethod(""), distribution.PathOutcome(""),
		distribution.QuoteOutcome(""), distribution.OrderOutcome(""),
	} {
		if e.Valid() || len(e.EnumValues()) == 0 {
			t.Errorf("%T: zero value valid or no values listed", e)
		}
	}
}

func TestHandBuiltInvalidPolicyIsAnErrorNotAPanic(t *testing.T) {
	p := distribution.Default()
	p.Quotes.SalesTeam.Steps = nil
	p.Orders.DefaultEULAMethod = ""
	_, err := p.Quote(distribution.QuoteRequest{Partner: program.Partner{Country: "US"}, RequestedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	if !errors.Is(err, program.ErrInvalidInput) {
		t.Fatalf("Quote under an invalid policy: %v", err)
	}
	got := fields(err)
	want := []string{"/quotes/sales_team/steps", "/orders/default_eula_method"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	for _, call := range []func() error{
		func() error { _, err := p.Territory(distribution.Transaction{}); return err },
		func() error { _, err := p.Path(distribution.PathRequest{}); return err },
		func() error { _, err := p.CheckOrder(distribution.Order{}, time.Now()); return err },
	} {
		if err := call(); !errors.Is(err, program.ErrInvalidInput) || !slices.Equal(fields(err), want) {
			t.Errorf("got %v, want the policy's problems", err)
		}
	}
}
