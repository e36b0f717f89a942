package distribution_test

import (
	"slices"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/casebook/casetest"
	"github.com/channelpolicy/channelpolicy/distribution"
	"github.com/channelpolicy/channelpolicy/program"
)

// TestReasonTexts reads a few reasons as people do: each text carries
// this case's facts, written only when asked for, and each reason its
// effect. The expected sentences are worked out from the default policy
// and the handbook's APJ turnaround (6 business hours, Monday to Friday,
// 09:00-17:00 in Singapore).
func TestReasonTexts(t *testing.T) {
	pol := distribution.Default()
	type want struct {
		rule   program.RuleID
		effect program.Effect
		text   string
	}
	check := func(t *testing.T, reasons program.Reasons, wants ...want) {
		t.Helper()
		ws := make([]casetest.WantReason, len(wants))
		for i, w := range wants {
			ws[i] = casetest.WantReason{Rule: w.rule, Effect: w.effect, Text: w.text}
		}
		casetest.ReasonsAre(t, reasons, ws...)
	}
	t.Run("path", func(t *testing.T) {
		d, err := pol.Path(distribution.PathRequest{Partner: program.Partner{Track: program.TrackOpen, Country: "TH",
			Marketplaces: []program.Marketplace{program.MarketplaceGoogleMCPO}}})
		if err != nil {
			t.Fatal(err)
		}
		check(t, d.Reasons,
			want{distribution.RuleTerritoryRegion, program.Applied, "country TH lies in UN M.49 area 142, which territory apac lists"},
			want{distribution.RuleOpenDistributor, program.Applied, "Open partner in territory apac: must buy through TD Synnex"},
			want{distribution.RuleAlternativeDistributor, program.Applied, "Get On Technology is an alternative distributor for TH"},
			want{distribution.RuleMarketplace, program.Applied, "partner is enrolled in google_mcpo: may transact through Google Cloud Marketplace (MCPO)"})
	})
	t.Run("quote", func(t *testing.T) {
		// Friday 15:00 in Singapore: two hours that day, four on Monday.
		d, err := pol.Quote(distribution.QuoteRequest{Partner: program.Partner{Country: "SG"},
			RequestedAt: time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, d.Reasons,
			want{distribution.RuleTerritoryRegion, program.Applied, "country SG lies in UN M.49 area 142, which territory apac lists"},
			want{distribution.RuleQuoteAPJ, program.Applied, "region apj: request through the partner portal, routed to the Ecosystem Specialist case queue; " +
				"answer due 6 business hours after 2026-11-27T15:00:00+08:00, at 2026-11-30T13:00:00+08:00"})
		if want := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC); !d.Due.Equal(want) {
			t.Errorf("due %s, want %s", d.Due, want)
		}
	})
	t.Run("incomplete-order", func(t *testing.T) {
		day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
		d, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindNewSubscription,
			EndUser:        distribution.EndUser{Email: "it@customer.example", PostalCode: "12345"},
			QuoteESignedAt: day(20), ReadyToInvoiceAt: day(21), PartnerInvoiceContact: "billing@partner.example",
			EULA: distribution.EULA{Method: distribution.EULACountersigned}}, day(25))
		if err != nil {
			t.Fatal(err)
		}
		check(t, d.Reasons,
			want{distribution.RuleESignedEarly, program.Unmet, "quote e-signed at 2026-11-20T10:00:00Z, but the order became ready to invoice only at 2026-11-21T10:00:00Z"},
			want{distribution.RuleShippingAddress, program.Unmet, "the end user's shipping address is missing"},
			want{distribution.RuleCountersignatureMissing, program.Unmet, "a new_subscription order with a physical-signature EULA needs the fully countersigned document"})
		if d.Next.What != "fix 3 problem(s) with the order, starting with /quote_esigned_at" {
			t.Errorf("next: %q", d.Next.What)
		}
	})
	t.Run("delivered-order", func(t *testing.T) {
		at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.FixedZone("", -5*3600))
		d, err := pol.CheckOrder(distribution.Order{Kind: distribution.KindAddOn,
			EndUser:               distribution.EndUser{Email: "it@customer.example", ShippingAddress: "1 Harbour Road", PostalCode: "12345"},
			PartnerInvoiceContact: "billing@partner.example", ReadyToInvoiceAt: at, InvoicedAt: at.Add(time.Hour),
			EULA: distribution.EULA{AcceptedAt: at.Add(-time.Hour)}}, at.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// Instants are written as the order gives them, at its offset.
		check(t, d.Reasons,
			want{distribution.RuleEULALicenseKey, program.Met, "EULA executed: the customer accepted its terms at the key download link at 2026-11-22T09:00:00-05:00"},
			want{distribution.RuleAcceptedBeforeInvoice, program.Applied, "the EULA was accepted at 2026-11-22T09:00:00-05:00, before the invoice at 2026-11-22T11:00:00-05:00: the license key was held until the invoice"},
			want{distribution.RuleDeliverKey, program.Applied, "invoiced and EULA executed: send the activation email to it@customer.example, copying billing@partner.example"})
	})
}

// TestDefaultPoliciesAreIndependent: each Default is compiled and has
// lists of its own, so writing into one changes no other; a list written
// in place is read once the policy is compiled again.
func TestDefaultPoliciesAreIndependent(t *testing.T) {
	a, b := distribution.Default(), distribution.Default()
	if !distribution.Fresh(a) || !distribution.Fresh(b) {
		t.Fatal("Default is not compiled")
	}
	a.Distributors[1].Email = "emea@other.example" // Amazic
	a.Territories[2].Areas = []string{"DE"}        // EMEA: Germany only
	tx := distribution.Transaction{Partner: program.Partner{Country: "DE"}}
	if d, err := b.Territory(tx); err != nil || d.Distributors[0].Contact != "gitlab@amazic.com" {
		t.Errorf("another Default changed: %+v, %v", d.Distributors, err)
	}
	c, err := a.Compile()
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Territory(tx)
	if err != nil || d.Distributors[0].Contact != "emea@other.example" || d.Reasons.At(0).Rule != distribution.RuleTerritoryCountry {
		t.Errorf("after Compile: %+v, %v; want the new contact, by the country rule", d, err)
	}
}

// TestOrderFailingEveryCheck: an order can fail at most eight checks — the
// e-signature before the order was ready to invoice, the end user's email,
// shipping address and postal code, the partner's invoice contact, and, for
// a new subscription (which needs an executed EULA) whose EULA method is
// none, no EULA arranged plus an acceptance and a countersignature
// recorded for methods not in force. Each is a problem at its member, in
// that order, and the next step counts all eight from the first.
func TestOrderFailingEveryCheck(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	o := distribution.Order{Kind: distribution.KindNewSubscription, QuoteESignedAt: day(20), ReadyToInvoiceAt: day(21),
		EULA: distribution.EULA{Method: distribution.EULANone, AcceptedAt: day(22), CountersignedAt: day(23)}}
	d, err := distribution.Default().CheckOrder(o, day(25))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range d.Problems {
		got = append(got, p.Pointer)
	}
	want := []string{"/quote_esigned_at", "/end_user/email", "/end_user/shipping_address", "/end_user/postal_code",
		"/partner_invoice_contact", "/eula/method", "/eula/accepted_at", "/eula/countersigned_at"}
	if d.Outcome != distribution.OrderIncomplete || !slices.Equal(got, want) || d.Reasons.Len() != len(want) {
		t.Fatalf("outcome %s, problems at %q with %d reasons; want incomplete at %q", d.Outcome, got, d.Reasons.Len(), want)
	}
	if w := "fix 8 problem(s) with the order, starting with /quote_esigned_at"; d.Next.What != w {
		t.Errorf("next step %q, want %q", d.Next.What, w)
	}
}
