package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// decisions runs the batch and returns its output rows keyed by
// registration_id, each row keyed by column name.
func decisions(t *testing.T, in, now string) map[string]map[string]string {
	t.Helper()
	var out strings.Builder
	if err := run(&out, in, now); err != nil {
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

// The expected decisions were worked out by hand from the routing table in
// dealreg's package doc, at the default -now 2026-03-20T09:00:00Z.
func TestSampleDecisions(t *testing.T) {
	rows := decisions(t, "", "2026-03-20T09:00:00Z")
	want := []struct {
		id, outcome, status, rules, actor, due, expires string
	}{
		// Stage 2; ESM approved 03-03 10:00, ASM approved 03-05 10:00, inside
		// the ASM's 10 days. 03-05 + 90 days = 06-03.
		{"DR-1001", "approved", "active",
			"dealreg.roe.early_stage;dealreg.roe.early_stage.asm_approved;dealreg.expiry.active",
			"", "", "2026-06-03T10:00:00Z"},
		// Stage 4, not a renewal: last sales activity 02-10 is 38 days ago,
		// well within 180, so sales is active and the registration denied.
		{"DR-1002", "denied", "",
			"dealreg.roe.mid_stage;dealreg.roe.mid_stage.active",
			"", "", ""},
		// Stage 1; ESM approved 03-15 09:00, so the ASM has until 03-25
		// 09:00, which is after now.
		{"DR-1003", "pending_asm", "",
			"dealreg.roe.early_stage;dealreg.roe.early_stage.asm_pending",
			"asm", "2026-03-25T09:00:00Z", ""},
		// No signed agreement and nobody trained: both failures listed.
		{"DR-1004", "rejected", "",
			"dealreg.eligibility.agreement;dealreg.eligibility.training",
			"partner", "", ""},
		// Stage 7 is outside the rules of engagement: a person decides.
		{"DR-1005", "needs_review", "",
			"dealreg.roe.late_stage",
			"ecosystem_ops", "", ""},
		// No CRM opportunity: approved as of submission (03-10 08:00),
		// expiring 90 days later on 06-08.
		{"DR-1006", "approved", "active",
			"dealreg.roe.no_opportunity;dealreg.expiry.active",
			"ecosystem_ops", "", "2026-06-08T08:00:00Z"},
		// Stage 5 renewal with sourced growth, submitted 03-05 12:00 and never
		// decided: the 10 days ran out 03-15 12:00, Ecosystem Ops approves
		// as of then, and it expires 90 days later on 06-13.
		{"DR-1007", "approved", "active",
			"dealreg.roe.sourced_growth;dealreg.roe.sourced_growth.timeout;dealreg.expiry.active",
			"ecosystem_ops", "2026-03-15T12:00:00Z", "2026-06-13T12:00:00Z"},
		// Stage 9 does not exist: the row is an error, and the rows around
		// it are still decided.
		{"DR-1008", "error", "", "", "", "", ""},
	}
	if len(rows) != len(want) {
		t.Errorf("got %d rows, want %d", len(rows), len(want))
	}
	for _, w := range want {
		got, ok := rows[w.id]
		if !ok {
			t.Errorf("%s: no output row", w.id)
			continue
		}
		for col, v := range map[string]string{
			"outcome": w.outcome, "status": w.status, "rule_ids": w.rules,
			"next_actor": w.actor, "next_due": w.due, "expires_at": w.expires,
		} {
			if got[col] != v {
				t.Errorf("%s: %s = %q, want %q", w.id, col, got[col], v)
			}
		}
	}
	if r := rows["DR-1008"]["reasons"]; !strings.HasPrefix(r, "stage: 9 is not a stage") {
		t.Errorf("DR-1008: the error must name the stage column, got %q", r)
	}
	if r := rows["DR-1004"]["reasons"]; strings.Count(r, " | ") != 1 {
		t.Errorf("DR-1004: want two reasons joined by \" | \", got %q", r)
	}
}

// Three months later the approvals of March have run out.
func TestSampleLaterHasExpired(t *testing.T) {
	rows := decisions(t, "", "2026-06-10T00:00:00Z")
	for id, status := range map[string]string{"DR-1001": "expired", "DR-1006": "expired", "DR-1007": "active"} {
		if got := rows[id]["status"]; got != status {
			t.Errorf("%s on 2026-06-10: status %q, want %q", id, got, status)
		}
	}
	if got := rows["DR-1003"]["outcome"]; got != "approved" {
		t.Errorf("DR-1003: the ASM never answered, so by June it is approved; got %q", got)
	}
}

func TestBadCellsAreRowErrors(t *testing.T) {
	in := writeFile(t, "export.csv", `registration_id,agreement_signed,track,standing,trained_employees,scope,program,kind,stage,submitted_at,esm_decision,esm_at,extra_report_column
A-1,yes,open,good,1,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z,approved,03/03/2026,x
A-2,true,gold,good,1,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z,,,x
A-3,true,open,good,1,single_opportunity,resale,new_customer,1,2026-03-02T09:00:00Z
A-4,true,open,good,1,single_opportunity,resale,new_customer,none,2026-03-02T09:00:00Z,,,x
`)
	rows := decisions(t, in, "2026-03-20T09:00:00Z")
	for id, want := range map[string][]string{
		"A-1": {`agreement_signed: "yes" is not true or false`, `esm_at: "03/03/2026" is not an RFC 3339 instant`},
		"A-2": {`track: "gold" is not a track`},
		"A-3": {"row: 10 cells, but the header has 13"},
	} {
		if rows[id]["outcome"] != "error" {
			t.Errorf("%s: outcome %q, want error", id, rows[id]["outcome"])
		}
		for _, w := range want {
			if !strings.Contains(rows[id]["reasons"], w) {
				t.Errorf("%s: reasons %q lack %q", id, rows[id]["reasons"], w)
			}
		}
	}
	if rows["A-4"]["outcome"] != "approved" {
		t.Errorf("A-4 after the bad rows: outcome %q, want approved", rows["A-4"]["outcome"])
	}
}

func TestWholeFileErrors(t *testing.T) {
	missing := writeFile(t, "missing.csv", "registration_id,track\nA-1,open\n")
	if err := run(&strings.Builder{}, missing, "2026-03-20T09:00:00Z"); err == nil || !strings.Contains(err.Error(), "agreement_signed") {
		t.Errorf("a header without required columns: got %v, want an error naming them", err)
	}
	if err := run(&strings.Builder{}, "", "yesterday"); err == nil {
		t.Error("a malformed -now must be an error")
	}
	if err := run(&strings.Builder{}, filepath.Join(t.TempDir(), "nope.csv"), "2026-03-20T09:00:00Z"); err == nil {
		t.Error("a missing input file must be an error")
	}
}

func TestOutFlagWritesAFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "decisions.csv")
	if err := writeTo(out, "", "2026-03-20T09:00:00Z"); err != nil {
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
