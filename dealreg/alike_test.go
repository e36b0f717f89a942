package dealreg_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
)

// A decision keeps the submission to the second unless a deadline is
// counted from it: two registrations a CRM exported with different
// milliseconds, which decide alike member by member and text by text, are
// deeply equal.
func TestDecisionsThatDifferOnlyInTheSubmissionsMillisecondsAreDeeplyEqual(t *testing.T) {
	p := dealreg.Default()
	a, b := registration(), registration()
	a.SubmittedAt = a.SubmittedAt.Add(100 * time.Millisecond)
	b.SubmittedAt = b.SubmittedAt.Add(200 * time.Millisecond)
	now := at("2026-03-20T09:00:00Z")
	da, err := p.Route(a, now)
	if err != nil {
		t.Fatal(err)
	}
	db, err := p.Route(b, now)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(da)
	jb, _ := json.Marshal(db)
	if string(ja) != string(jb) || !da.Reasons.Equal(db.Reasons) {
		t.Fatalf("the decisions do not read alike:\n%s\n%s", ja, jb)
	}
	if da.Outcome != dealreg.PendingESM {
		t.Fatalf("outcome %s, want pending_esm", da.Outcome)
	}
	if !reflect.DeepEqual(da, db) {
		t.Errorf("decisions that read alike (%s) are not deeply equal", ja)
	}
}
