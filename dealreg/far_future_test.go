package dealreg_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// Route accepts a now in any year, and the reasons of a calendar-days
// aging decision made after year 99,999,999 can be read: "today" is a date
// of nine digits' year, which program.Date.AppendFormat writes.
func TestReasonsOfADecisionMadeAfterYear99999999CanBeRead(t *testing.T) {
	r := registration()
	r.Opportunity.Stage = program.Stage4
	r.Opportunity.LastSalesActivity = program.OnDate(program.NewDate(2025, 1, 1))
	now := time.Date(100_000_000, 1, 1, 0, 0, 0, 0, time.UTC)
	d, err := dealreg.Default().Route(r, now)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if e := recover(); e != nil {
			t.Errorf("reading the reasons of an %s decision panics: %v", d.Outcome, e)
		}
	}()
	_ = d.Reasons.List()
	if _, err := json.Marshal(d); err != nil {
		t.Log(err) // an error is an answer; a panic is not
	}
}
