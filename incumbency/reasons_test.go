package incumbency_test

import (
	"encoding/json"
	"testing"
	"time"
	"unsafe"

	"github.com/channelpolicy/channelpolicy/incumbency"
)

// TestReasonsOutliveTheTender: a tender decision's reasons are written
// when read, from facts copied while deciding; a caller changing its
// tender after the decision (its bidders, their registrations, the
// tender's rates, even the bytes of a partner ID it made from a buffer it
// reuses) changes neither the decision nor its reasons. The changed
// tender, decided again, gives other reasons.
func TestReasonsOutliveTheTender(t *testing.T) {
	for _, pubSec := range []bool{false, true} {
		for _, pol := range []incumbency.Policy{samplePolicy(), incumbency.Default()} {
			buf := []byte("delta-partner")
			tn := threeBidders()
			tn.USPublicSector = pubSec
			tn.Rates = &incumbency.TenderRates{PartnerBase: incumbency.RateOf("0.6"), SourcedMargin: incumbency.RateOf("0.5")}
			tn.Bidders = append(tn.Bidders,
				incumbency.Bidder{Partner: unsafe.String(unsafe.SliceData(buf), len(buf)), SourcedRegistration: &incumbency.Registration{
					Status: incumbency.RegistrationDenied, ApprovedAt: tn.OpenedAt.Add(-time.Hour)}},
				incumbency.Bidder{Partner: "acme", OffersServices: true})
			d, err := pol.Tender(tn)
			if err != nil {
				t.Fatal(err)
			}
			before, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			reasons, err := json.Marshal(d.Reasons)
			if err != nil {
				t.Fatal(err)
			}
			written := d.Reasons.Written()

			// The caller reuses its buffer and changes its tender.
			copy(buf, "omega-partner")
			b := tn.Bidders
			b[0].Partner, b[0].OffersServices = "zulu", true
			b[1].SourcedRegistration.Status, b[1].SourcedRegistration.ApprovedAt = incumbency.RegistrationPending, tn.OpenedAt.Add(time.Hour)
			b[2].SourcedRegistration.ApprovedAt = tn.OpenedAt.Add(-time.Minute)
			b[3].SourcedRegistration.Status = incumbency.RegistrationPending
			*tn.Rates.PartnerBase = incumbency.MustRate("0.01").Decimal()
			tn.Rates.ServiceAttach = incumbency.RateOf("0.02")

			after, err := json.Marshal(d.Reasons)
			if err != nil {
				t.Fatal(err)
			}
			if string(reasons) != string(after) {
				t.Errorf("public sector %v: the reasons changed with the tender:\n%s\n%s", pubSec, reasons, after)
			}
			if !written.Equal(d.Reasons) {
				t.Errorf("public sector %v: the reasons changed with the tender: %v, written before %v", pubSec, d.Reasons.List(), written.List())
			}
			// A bid names its partner in the caller's own string, whose
			// bytes the caller changed: the rest of the decision stands.
			d.Bids[3].Partner = "delta-partner"
			if again, err := json.Marshal(d); err != nil || string(again) != string(before) {
				t.Errorf("public sector %v: the decision changed with the tender:\n%s\n%s (%v)", pubSec, before, again, err)
			}
			again, err := pol.Tender(tn)
			if err != nil {
				t.Fatal(err)
			}
			if again.Reasons.Equal(d.Reasons) {
				t.Errorf("public sector %v: a changed tender gave the same reasons: %v", pubSec, d.Reasons.List())
			}
		}
	}
}
