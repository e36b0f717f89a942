package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// at is the sample's default evaluation instant.
const at = "2026-03-20T09:00:00Z"

// decisions runs the batch and returns its output rows keyed by
// registration_id, each row keyed by column name.
func decisions(t *testing.T, o options) map[string]map[string]string {
	t.Helper()
	var out strings.Builder
	if err := run(&out, o); err != nil {
		t.Fatal(err)
	}
	return parseOutput(t, out.String())
}

func parseOutput(t *testing.T, text string) map[string]map[string]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, text)
	}
	if got := strings.Join(records[0], ","); got != strings.Join(outputHeader, ",") {
		t.Fatalf("header %q", got)
	}
	rows := map[string]map[string]string{}
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows[row["registration_id"]] = row
	}
	return rows
}

// decided is what a test expects of one output row.
type decided struct {
	id, outcome, status, rules, actor, due, expires string
}

func checkRows(t *testing.T, rows map[string]map[string]string, want []decided) {
	t.Helper()
	for _, w := range want {
		got, ok := rows[w.id]
		if !ok {
			t.Errorf("%s: no output row", w.id)
			continue
		}
		for _, c := range []struct{ col, want string }{
			{"outcome", w.outcome}, {"status", w.status}, {"rule_ids", w.rules},
			{"next_actor", w.actor}, {"next_due", w.due}, {"expires_at", w.expires},
		} {
			if got[c.col] != c.want {
				t.Errorf("%s: %s = %q, want %q (reasons: %s)", w.id, c.col, got[c.col], c.want, got["reasons"])
			}
		}
	}
}

// The expected decisions were worked out by hand from the routing table in
// dealreg's package doc and the README, at the default -now
// 2026-03-20T09:00:00Z, with the stage labels of the built-in policy.json.
func TestSampleDecisions(t *testing.T) {
	rows := decisions(t, options{now: at})
	want := []decided{
		// "2-Scoping" is stage 2: ESM approved 03-03 10:00, ASM approved
		// 03-05 10:00, inside the ASM's 10 days. 03-05 + 90 days = 06-03.
		{"DR-1001", "approved", "active",
			"dealreg.roe.early_stage;dealreg.roe.early_stage.asm_approved;dealreg.expiry.active",
			"", "", "2026-06-03T10:00:00Z"},
		// "4-Business Case" is stage 4, not a renewal: the last sales
		// activity, the date 02-10, is 38 days before today, within 180, so
		// sales is active and Ecosystem Ops denies.
		{"DR-1002", "denied", "",
			"dealreg.roe.mid_stage;dealreg.roe.mid_stage.active",
			"", "", ""},
		// "1-Discovery" is stage 1; ESM approved 03-15 09:00, so the ASM has
		// until 03-25 09:00, which is after now.
		{"DR-1003", "pending_asm", "",
			"dealreg.roe.early_stage;dealreg.roe.early_stage.asm_pending",
			"asm", "2026-03-25T09:00:00Z", ""},
		// No signed agreement and nobody trained: both failures listed.
		{"DR-1004", "rejected", "",
			"dealreg.eligibility.agreement;dealreg.eligibility.training",
			"partner", "", ""},
		// "Closed Won" is outside the rules of engagement: a person decides.
		{"DR-1005", "needs_review", "",
			"dealreg.roe.late_stage",
			"ecosystem_ops", "", ""},
		// No CRM opportunity: approved as of submission (03-10 08:00),
		// expiring 90 days later on 06-08.
		{"DR-1006", "approved", "active",
			"dealreg.roe.no_opportunity;dealreg.expiry.active",
			"ecosystem_ops", "", "2026-06-08T08:00:00Z"},
		// "5-Proposal" renewal with sourced growth, submitted 03-05 12:00 and
		// never decided: the 10 days ran out 03-15 12:00, Ecosystem Ops
		// approves as of then, and it expires 90 days later on 06-13.
		{"DR-1007", "approved", "active",
			"dealreg.roe.sourced_growth;dealreg.roe.sourced_growth.timeout;dealreg.expiry.active",
			"ecosystem_ops", "2026-03-15T12:00:00Z", "2026-06-13T12:00:00Z"},
		// "3-Technical Evaluation" is stage 3, not a renewal; the last sales
		// activity is the timestamp 2025-08-14T16:22:05.000Z, whose 180 days
		// ended 2026-02-10T16:22:05Z, before now: aged, so Ecosystem Ops
		// approves as of submission (03-18 14:10), until 06-16 14:10. The
		// approval is the whole decision: nobody has to act next.
		{"DR-1008", "approved", "active",
			"dealreg.roe.mid_stage;dealreg.roe.mid_stage.aged;dealreg.expiry.active",
			"", "", "2026-06-16T14:10:00Z"},
		// The ESM approved while the opportunity was early; it is now
		// "Closed Lost". The review history is a fact to decide, not an
		// input error: a person decides, with the history.
		{"DR-1009", "needs_review", "",
			"dealreg.roe.moved_on",
			"ecosystem_ops", "", ""},
		// "3-Tech Eval" is no label the policy maps (the CRM's picklist
		// was renamed): an error row, and the rows around it are decided.
		{"DR-1010", "error", "", "", "", "", ""},
		// agreement_signed is empty: not recorded, which dealreg reads, so
		// the row is an error rather than a partner rejected for a blank.
		{"DR-1011", "error", "", "", "", "", ""},
	}
	if len(rows) != len(want) {
		t.Errorf("got %d rows, want %d", len(rows), len(want))
	}
	checkRows(t, rows, want)

	if r := rows["DR-1010"]["reasons"]; !strings.HasPrefix(r, `stage: "3-Tech Eval" is not a stage`) || !strings.Contains(r, `"3-Technical Evaluation"`) {
		t.Errorf("DR-1010: the error must name the stage column and the labels the policy knows, got %q", r)
	}
	if r := rows["DR-1011"]["reasons"]; !strings.HasPrefix(r, "agreement_signed: not recorded") || strings.Contains(r, " | ") {
		t.Errorf("DR-1011: want the one problem, the unrecorded agreement, got %q", r)
	}
	if r := rows["DR-1004"]["reasons"]; strings.Count(r, " | ") != 1 {
		t.Errorf("DR-1004: want two reasons joined by \" | \", got %q", r)
	}
	// The reason names the CRM's label beside the stage it maps to.
	if r := rows["DR-1008"]["reasons"]; !strings.Contains(r, `CRM label "3-Technical Evaluation"`) {
		t.Errorf("DR-1008: the reason should name the CRM label, got %q", r)
	}
}

// Three months later the approvals of March have run out.
func TestSampleLaterHasExpired(t *testing.T) {
	rows := decisions(t, options{now: "2026-06-10T00:00:00Z"})
	for id, status := range map[string]string{"DR-1001": "expired", "DR-1006": "expired", "DR-1007": "active", "DR-1008": "active"} {
		if got := rows[id]["status"]; got != status {
			t.Errorf("%s on 2026-06-10: status %q, want %q", id, got, status)
		}
	}
	if got := rows["DR-1003"]["outcome"]; got != "approved" {
		t.Errorf("DR-1003: the ASM never answered, so by June it is approved; got %q", got)
	}
}

// The last sales activity is a date or a timestamp, row by row. Now is
// 2026-03-20T09:00:00Z, and 2025-09-21 is 180 days before it: a timestamp
// is aged once now is more than 180 days after it, to the second; a date
// once today is more than 180 calendar days after it.
func TestLastSalesActivityDateOrTimestamp(t *testing.T) {
	in := writeFile(t, "export.csv", `registration_id,agreement_signed,trained_employees,scope,program,kind,stage,last_sales_activity,submitted_at
T-1,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-21T08:59:59Z,2026-03-19T09:00:00Z
T-2,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-21T09:00:00Z,2026-03-19T09:00:00Z
T-3,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-21T10:59:59+02:00,2026-03-19T09:00:00Z
T-4,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-21,2026-03-19T09:00:00Z
T-5,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-20,2026-03-19T09:00:00Z
T-6,true,1,single_opportunity,resale,new_customer,4-Business Case,,2026-03-19T09:00:00Z
T-7,true,1,single_opportunity,resale,new_customer,4-Business Case,2025-09-21 08:59:59,2026-03-19T09:00:00Z
`)
	aged := "dealreg.roe.mid_stage;dealreg.roe.mid_stage.aged;dealreg.expiry.active"
	active := "dealreg.roe.mid_stage;dealreg.roe.mid_stage.active"
	expires := "2026-06-17T09:00:00Z" // submitted 03-19 09:00 + 90 days
	rows := decisions(t, options{in: in, now: at})
	checkRows(t, rows, []decided{
		// 180 days and one second before now: aged.
		{"T-1", "approved", "active", aged, "", "", expires},
		// Exactly 180 days before now: not more than 180, so active.
		{"T-2", "denied", "", active, "", "", ""},
		// The same instant as T-1, written with its offset.
		{"T-3", "approved", "active", aged, "", "", expires},
		// A date 180 days before today: active, at any time of today.
		{"T-4", "denied", "", active, "", "", ""},
		// A date 181 days before today: aged.
		{"T-5", "approved", "active", aged, "", "", expires},
		// None recorded: a person finds it.
		{"T-6", "needs_review", "", "dealreg.roe.mid_stage;dealreg.roe.mid_stage.no_activity", "ecosystem_ops", "", ""},
		// A timestamp without its offset or "T" is neither.
		{"T-7", "error", "", "", "", "", ""},
	})
	if r := rows["T-7"]["reasons"]; !strings.HasPrefix(r, `last_sales_activity: "2025-09-21 08:59:59" is not a date`) {
		t.Errorf("T-7: want the error under last_sales_activity, got %q", r)
	}
}

// Stage numbers and names are stages under any policy; labels are the
// policy's. A -policy file replaces the built-in one: both are laid over
// the handbook's defaults.
func TestStagesAsNumbersNamesAndLabels(t *testing.T) {
	in := writeFile(t, "export.csv", `registration_id,agreement_signed,trained_employees,scope,program,kind,stage,submitted_at,esm_decision,esm_at
S-1,true,1,single_opportunity,resale,new_customer,2,2026-03-16T09:00:00Z,approved,2026-03-17T09:00:00Z
S-2,true,1,single_opportunity,resale,new_customer,closed_won,2026-03-16T09:00:00Z,,
S-3,true,1,single_opportunity,resale,new_customer,none,2026-03-16T09:00:00Z,,
S-4,true,1,single_opportunity,resale,new_customer,2-Scoping,2026-03-16T09:00:00Z,approved,2026-03-17T09:00:00Z
S-5,true,1,single_opportunity,resale,new_customer,Negotiation/Review,2026-03-16T09:00:00Z,,
`)
	// Stage 2, ESM approved 03-17 09:00: the ASM has until 03-27 09:00.
	pendingASM := decided{"", "pending_asm", "", "dealreg.roe.early_stage;dealreg.roe.early_stage.asm_pending", "asm", "2026-03-27T09:00:00Z", ""}
	lateStage := decided{"", "needs_review", "", "dealreg.roe.late_stage", "ecosystem_ops", "", ""}
	// No opportunity: approved as of submission, 03-16 + 90 days = 06-14.
	noOpportunity := decided{"", "approved", "active", "dealreg.roe.no_opportunity;dealreg.expiry.active", "ecosystem_ops", "", "2026-06-14T09:00:00Z"}
	// Stage 5 without sourced growth and no activity recorded.
	noActivity := decided{"", "needs_review", "", "dealreg.roe.mid_stage;dealreg.roe.mid_stage.no_activity", "ecosystem_ops", "", ""}
	failed := decided{"", "error", "", "", "", "", ""}
	as := func(id string, d decided) decided { d.id = id; return d }

	// The built-in policy: the sample CRM's labels.
	rows := decisions(t, options{in: in, now: at})
	checkRows(t, rows, []decided{
		as("S-1", pendingASM), as("S-2", lateStage), as("S-3", noOpportunity),
		as("S-4", pendingASM), as("S-5", failed),
	})
	if r := rows["S-5"]["reasons"]; !strings.HasPrefix(r, `stage: "Negotiation/Review" is not a stage`) {
		t.Errorf("S-5: %q", r)
	}

	// Another CRM's policy: its labels route, the sample CRM's no longer do.
	policy := writeFile(t, "policy.json", `{"stage_labels": {"Negotiation/Review": "5", "Closed Won": "closed_won"}}`)
	rows = decisions(t, options{in: in, policy: policy, now: at})
	checkRows(t, rows, []decided{
		as("S-1", pendingASM), as("S-2", lateStage), as("S-3", noOpportunity),
		as("S-4", failed), as("S-5", noActivity),
	})
	if r := rows["S-4"]["reasons"]; !strings.Contains(r, `"Closed Won", "Negotiation/Review")`) {
		t.Errorf("S-4: the error should name the labels of the policy in use, got %q", r)
	}
}

// A policy document that does not parse or validate stops the run, naming
// the problem's JSON Pointer into the document.
func TestBadPolicyStopsTheRun(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`{"stage_labels": {"3": "3"}}`, "/stage_labels/3"},                     // a stage's own name
		{`{"stage_labels": {"Closed Won": "won"}}`, "/stage_labels/Closed Won"}, // no such stage
		{`{"stage_label": {"Closed Won": "closed_won"}}`, "/stage_label"},       // misspelt member
		{`{"expiry_days": 0}`, "/expiry_days"},
	} {
		err := run(&strings.Builder{}, options{policy: writeFile(t, "policy.json", c.text), now: at})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("policy %s: got %v, want an error naming %s", c.text, err, c.want)
		}
	}
	if err := run(&strings.Builder{}, options{policy: filepath.Join(t.TempDir(), "nope.json"), now: at}); err == nil || !strings.HasPrefix(err.Error(), "-policy") {
		t.Errorf("a missing policy file: got %v, want a -policy error", err)
	}
}

func TestBadCellsAreRowErrors(t *testing.T) {
	in := writeFile(t, "export.csv", `registration_id,agreement_signed,track,standing,trained_employees,scope,program,kind,stage,submitted_at,esm_decision,esm_at,extra_report_column
A-1,yes,open,good,1,single_opportunity,resale,new_customer,1-Dicsovery,2026-03-02T09:00:00Z,approved,03/03/2026,x
A-2,true,gold,good,1,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z,,,x
A-3,true,open,good,1,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z
A-4,true,,,,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z,,,x
A-5,true,,,1,single_opportunity,resale,,1,2026-03-02T09:00:00Z,,,x
A-6,true,open,good,1,single_opportunity,resale,new_customer,none,2026-03-02T09:00:00Z,,,x
A-7,true,,,1,single_opportunity,resale,new_customer,none,2026-03-02T09:00:00Z,,,x
`)
	rows := decisions(t, options{in: in, now: at})
	for id, want := range map[string][]string{
		// Every problem of the row at once, each under its column.
		"A-1": {`agreement_signed: "yes" is not true or false`, `stage: "1-Dicsovery" is not a stage`, `esm_at: "03/03/2026" is not an RFC 3339 instant`},
		// Track is not read, but a track that is given must be one.
		"A-2": {`track: "gold" is not a track`},
		"A-3": {"row: 10 cells, but the header has 13"},
		// An empty count is not recorded, not 0.
		"A-4": {"trained_employees: not recorded"},
		// Dealreg reads the kind and requires it.
		"A-5": {"kind: required"},
	} {
		if rows[id]["outcome"] != "error" {
			t.Errorf("%s: outcome %q, want error", id, rows[id]["outcome"])
		}
		for _, w := range want {
			if !strings.Contains(rows[id]["reasons"], w) {
				t.Errorf("%s: reasons %q lack %q", id, rows[id]["reasons"], w)
			}
		}
		if n := strings.Count(rows[id]["reasons"], " | ") + 1; n != len(want) {
			t.Errorf("%s: %d problems, want %d: %q", id, n, len(want), rows[id]["reasons"])
		}
	}
	// After the bad rows, with and without a track and standing.
	for _, id := range []string{"A-6", "A-7"} {
		if rows[id]["outcome"] != "approved" {
			t.Errorf("%s after the bad rows: outcome %q, want approved", id, rows[id]["outcome"])
		}
	}
}

func TestWholeFileErrors(t *testing.T) {
	missing := writeFile(t, "missing.csv", "registration_id,track\nA-1,open\n")
	if err := run(&strings.Builder{}, options{in: missing, now: at}); err == nil || !strings.Contains(err.Error(), "agreement_signed") || strings.Contains(err.Error(), "track") {
		t.Errorf("a header without required columns: got %v, want an error naming them, and not the optional track", err)
	}
	if err := run(&strings.Builder{}, options{now: "yesterday"}); err == nil {
		t.Error("a malformed -now must be an error")
	}
	if err := run(&strings.Builder{}, options{in: filepath.Join(t.TempDir(), "nope.csv"), now: at}); err == nil {
		t.Error("a missing input file must be an error")
	}
}

func TestOutFlagWritesAFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "decisions.csv")
	if err := writeTo(options{out: out, now: at}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rows := parseOutput(t, string(data)); rows["DR-1003"]["outcome"] != "pending_asm" {
		t.Errorf("the file lacks the decisions:\n%s", data)
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
