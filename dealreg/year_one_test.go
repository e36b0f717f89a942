package dealreg_test

import (
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// An instant that is counted (a deadline, an approval, an expiry) and
// lands exactly on 0001-01-01T00:00:00Z, the zero time.Time's instant, is
// an instant like any other: it is not read as "none".

// A renewal with sourced growth submitted ten days before the first
// instant of year 1: its timeout deadline, and so its approval, is that
// instant. The decision says the approval expires 90 days later, and its
// expiry reason says the same.
func TestATimeoutApprovalAtTheFirstInstantOfYearOneExpiresWhereTheDecisionSays(t *testing.T) {
	r := registration()
	r.Opportunity.Kind, r.Opportunity.Stage, r.Opportunity.SourcedGrowth = program.KindRenewal, program.Stage4, true
	r.SubmittedAt = time.Date(0, 12, 22, 0, 0, 0, 0, time.UTC)
	d, err := dealreg.Default().Route(r, at("2026-03-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != dealreg.Approved || d.Reasons.Len() != 3 {
		t.Fatalf("outcome %s, reasons %v: want approved by timeout, with an expiry reason", d.Outcome, d.Reasons.List())
	}
	want := time.Date(1, 4, 1, 0, 0, 0, 0, time.UTC)
	if !d.ExpiresAt.Equal(want) {
		t.Fatalf("expires_at %v, want %v", d.ExpiresAt, want)
	}
	exp := d.Reasons.At(2)
	if got := exp.Facts.Instant(1); !got.Equal(d.ExpiresAt) {
		t.Errorf("the expiry reason says %q (expires %v), the decision expires_at %v", exp.Text(), got.UTC(), d.ExpiresAt)
	}
}

// The same deadline under a Berlin policy: a decision's instants are in
// the policy's zone, this one too.
func TestADeadlineAtTheFirstInstantOfYearOneIsInThePolicyZone(t *testing.T) {
	p := dealreg.Default()
	p.TimeZone = program.MustTimeZone("Europe/Berlin")
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	r := registration()
	r.Opportunity.Kind, r.Opportunity.Stage, r.Opportunity.SourcedGrowth = program.KindRenewal, program.Stage4, true
	r.SubmittedAt = time.Date(0, 12, 22, 0, 0, 0, 0, time.UTC) // 10 Berlin days (LMT +00:53:28) before 0001-01-01T00:00:00Z
	d, err := p.Route(r, at("2026-03-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	berlin := p.TimeZone.Location()
	for name, got := range map[string]time.Time{"deadline": d.Deadline, "approved_at": d.ApprovedAt, "next.due": d.Next.Due, "expires_at": d.ExpiresAt} {
		if got.Location() != berlin {
			t.Errorf("%s %v is in %v, want the policy's zone %v", name, got, got.Location(), berlin)
		}
	}
}

// Expiry of an approval whose period ends exactly at 0001-01-01T00:00:00Z:
// ExpiresAt is in the policy's zone, as every other expiry is
// ("0001-01-01T05:53:28+05:53" in Kolkata).
func TestAnExpiryEndingAtTheFirstInstantOfYearOneIsInThePolicyZone(t *testing.T) {
	p := dealreg.Default()
	p.TimeZone = program.MustTimeZone("Asia/Kolkata")
	p, err := p.Compile()
	if err != nil {
		t.Fatal(err)
	}
	kolkata := p.TimeZone.Location()
	approved := time.Time{}.In(kolkata).AddDate(0, 0, -p.ExpiryDays) // 90 Kolkata days before the zero instant
	d, err := p.Expiry(approved, at("2026-03-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.ExpiresAt.IsZero() {
		t.Fatalf("expires_at %v, want the first instant of year 1", d.ExpiresAt)
	}
	if d.ExpiresAt.Location() != kolkata {
		t.Errorf("expires_at %s is in %v, want the policy's zone %v", d.ExpiresAt.Format(time.RFC3339), d.ExpiresAt.Location(), kolkata)
	}
}
