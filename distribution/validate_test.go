package distribution_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

func fields(err error) []string {
	var out []string
	for _, fe := range program.FieldErrors(err) {
		out = append(out, fe.Field)
	}
	return out
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
		wantFields(t, err, "transaction.partner.country")
	})
	t.Run("territory/historical-code", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "DY"}})
		wantFields(t, err, "transaction.partner.country")
	})
	t.Run("territory/exceptional-reservation", func(t *testing.T) {
		_, err := pol.Territory(distribution.Transaction{Partner: program.Partner{Country: "EZ"}})
		wantFields(t, err, "transaction.partner.country")
	})
	t.Run("path/everything", func(t *testing.T) {
		_, err := pol.Path(distribution.Transaction{Partner: program.Partner{Track: "gold", Country: "zz"}})
		wantFields(t, err, "transaction.partner.track", "transaction.partner.standing", "transaction.partner.country")
	})
	t.Run("path/unknown-marketplace", func(t *testing.T) {
		_, err := pol.Path(distribution.Transaction{Partner: program.Partner{Track: program.TrackOpen, Standing: program.StandingGood,
			Country: "US", Marketplaces: []program.Marketplace{"azure"}}})
		wantFields(t, err, "transaction.partner.marketplaces[0]")
	})
	t.Run("quote/zero-instant", func(t *testing.T) {
		_, err := pol.Quote(distribution.QuoteRequest{Partner: program.Partner{Country: "SG"}})
		wantFields(t, err, "quote_request.requested_at")
	})
	t.Run("order/zero-now-and-kind", func(t *testing.T) {
		_, err := pol.CheckOrder(distribution.Order{Kind: "upgrade"}, time.Time{})
		wantFields(t, err, "now", "order.kind")
	})
	t.Run("order/method", func(t *testing.T) {
		_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindAddOn, EULA: distribution.EULA{Method: "fax"}}, now)
		wantFields(t, err, "order.eula.method")
	})
	t.Run("order/emails", func(t *testing.T) {
		for _, bad := range []string{"plain", "a@", "@b.example", "two@@at.example", "<a@b.example>", "Jane <a@b.example>", "a@b.example, c@d.example"} {
			_, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindRenewal,
				EndUser: distribution.EndUser{Email: bad}, PartnerInvoiceContact: bad}, now)
			wantFields(t, err, "order.end_user.email", "order.partner_invoice_contact")
		}
	})
}

// TestDecodeErrors checks the decoders name the field under the input's
// root.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
		decode           func([]byte) error
	}{
		{"transaction/lower-case", `{"partner":{"track":"open","standing":"good","country":"fr"}}`, "transaction.partner.country",
			func(b []byte) error { _, err := distribution.DecodeTransaction(b); return err }},
		{"transaction/track", `{"partner":{"track":"platinum"}}`, "transaction.partner.track",
			func(b []byte) error { _, err := distribution.DecodeTransaction(b); return err }},
		{"transaction/unknown-field", `{"partner":{},"territory":"emea"}`, "transaction.territory",
			func(b []byte) error { _, err := distribution.DecodeTransaction(b); return err }},
		{"quote/country", `{"partner":{"country":"Japan"}}`, "quote_request.partner.country",
			func(b []byte) error { _, err := distribution.DecodeQuoteRequest(b); return err }},
		{"quote/instant", `{"partner":{"country":"JP"},"requested_at":"next Tuesday"}`, "quote_request.requested_at",
			func(b []byte) error { _, err := distribution.DecodeQuoteRequest(b); return err }},
		{"order/kind", `{"kind":"upgrade"}`, "order.kind",
			func(b []byte) error { _, err := distribution.DecodeOrder(b); return err }},
		{"order/truncated", `{"kind":`, "order",
			func(b []byte) error { _, err := distribution.DecodeOrder(b); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.decode([]byte(tt.data)), tt.want)
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
	if diff := cmp.Diff(def, got); diff != "" {
		t.Errorf("policy changed in a JSON round trip (-want +got):\n%s", diff)
	}
}

// TestParsePolicyLeavesBase: decoding over a base must not write into the
// base's lists, and a replaced list keeps nothing of the old one.
func TestParsePolicyLeavesBase(t *testing.T) {
	base := distribution.Default()
	// JSON keys match case-insensitively, so "Distributors" replaces the
	// list as "distributors" does.
	for _, key := range []string{"distributors", "Distributors"} {
		got, err := distribution.ParsePolicy(base, []byte(`{"version":"x","`+key+`":[
			{"name":"N","site":"https://n.example/","territory":"north_america","role":"primary","email":"n@n.example"}],
			"quotes":{"apj":{"turnaround_hours":4}}}`))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(distribution.Default(), base); diff != "" {
			t.Errorf("base changed (-want +got):\n%s", diff)
		}
		// Climb CS, the old first entry, had per-country contacts.
		if len(got.Distributors) != 1 || got.Distributors[0].Contacts != nil || got.Distributors[0].Name != "N" {
			t.Errorf("%s: distributors = %+v, want only N without contacts", key, got.Distributors)
		}
		if got.Quotes.APJ.TurnaroundHours != 4 || got.Quotes.APJ.Recipient != base.Quotes.APJ.Recipient {
			t.Errorf("quotes.apj = %+v, want turnaround 4 and the rest of the default", got.Quotes.APJ)
		}
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		want  []string
	}{
		{"version", `{"version":""}`, []string{"policy.version"}},
		{"area", `{"territories":[{"territory":"emea","areas":["Europe","de"],"quote_region":"emea"}]}`,
			[]string{"policy.territories[0].areas[0]", "policy.territories[0].areas[1]",
				// the default directory no longer fits: those countries leave apac
				"policy.distributors[5].countries[0]", "policy.distributors[6].countries[0]"}},
		{"pubsec-by-area", `{"territories":[{"territory":"us_pubsec","areas":["US"],"quote_region":"us_pubsec"},{"territory":"apac","areas":["142"],"quote_region":"apj"}]}`,
			[]string{"policy.territories[0].territory"}},
		{"distributor", `{"distributors":[{"name":"","site":"ftp://x","territory":"none","role":"alternative","email":"x"}]}`,
			[]string{"policy.distributors[0].name", "policy.distributors[0].site", "policy.distributors[0].territory",
				"policy.distributors[0].countries", "policy.distributors[0].email"}},
		{"alternative-wrong-territory", `{"distributors":[{"name":"A","site":"https://a.example/","territory":"apac","role":"alternative","countries":["DE"],"email":"a@a.example","contacts":[{"country":"DE","email":"bad"}]}]}`,
			[]string{"policy.distributors[0].countries[0]", "policy.distributors[0].contacts[0].email"}},
		{"marketplaces", `{"marketplaces":[{"id":"aws_cppo","name":"A"},{"id":"aws_cppo","name":""}]}`,
			[]string{"policy.marketplaces[1].id", "policy.marketplaces[1].name"}},
		// encoding/json names no list index in a decoding error.
		{"marketplace-territory", `{"marketplaces":[{"id":"aws_cppo","name":"A","territories":["mars"]}]}`,
			[]string{"policy.marketplaces.territories"}},
		{"quotes", `{"quotes":{"apj":{"turnaround_hours":-1},"sales_team":{"steps":[],"recipient":" "}}}`,
			[]string{"policy.quotes.apj.turnaround_hours", "policy.quotes.sales_team.steps", "policy.quotes.sales_team.recipient"}},
		{"calendar", `{"quotes":{"apj":{"calendar":{"workdays":[],"workday_start":"18:00"}}}}`,
			[]string{"policy.quotes.apj.calendar.workdays", "policy.quotes.apj.calendar.workday_end"}},
		{"turnaround-too-long", `{"quotes":{"apj":{"turnaround_hours":8784,"calendar":{"workday_start":"09:00","workday_end":"10:00"}}}}`,
			[]string{"policy.quotes.apj.turnaround_hours"}},
		{"orders", `{"orders":{"eula_required_for":[],"default_eula_method":"fax"}}`, []string{"policy.orders.default_eula_method"}},
		{"unknown-field", `{"territory_table":[]}`, []string{"policy.territory_table"}},
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
			if d.Reasons[0].Rule == distribution.RuleTerritoryUnlisted {
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
				tx := distribution.Transaction{Partner: program.Partner{Track: track, Standing: program.StandingGood, Country: c,
					Marketplaces: []program.Marketplace{program.MarketplaceAWSCPPO}}}
				d, err := pol.Path(tx)
				if err != nil {
					continue
				}
				checkPath(t, tx, d)
			}
		}
	}
}

func checkPath(t *testing.T, tx distribution.Transaction, d distribution.PathDecision) {
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
	if len(d.Reasons) != len(d.Options)+1 {
		t.Errorf("%s: %d reasons for %d options", tx.Partner.Country, len(d.Reasons), len(d.Options))
	}
	for i, o := range d.Options {
		if d.Reasons[i+1] != o.Reason {
			t.Errorf("%s: reason %d differs from option %d's", tx.Partner.Country, i+1, i)
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
	want := []string{"policy.quotes.sales_team.steps", "policy.orders.default_eula_method"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	for _, call := range []func() error{
		func() error { _, err := p.Territory(distribution.Transaction{}); return err },
		func() error { _, err := p.Path(distribution.Transaction{}); return err },
		func() error { _, err := p.CheckOrder(distribution.Order{}, time.Now()); return err },
	} {
		if err := call(); !errors.Is(err, program.ErrInvalidInput) || !slices.Equal(fields(err), want) {
			t.Errorf("got %v, want the policy's problems", err)
		}
	}
}

func TestLongSFoldedKeysReplaceLists(t *testing.T) {
	p, err := distribution.ParsePolicy(distribution.Default(), []byte(`{"diſtributors": [{"name": "Other NA", "site": "https://na.example.com/", "territory": "north_america", "role": "primary", "email": "sales@na.example.com"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Distributors) != 1 || len(p.Distributors[0].Contacts) != 0 {
		t.Errorf("the replacement kept old fields: %+v", p.Distributors)
	}
}
