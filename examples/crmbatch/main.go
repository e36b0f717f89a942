// Command crmbatch decides every deal registration in a CSV export, as a CRM
// report would produce it, and writes one CSV row of decisions per input row.
//
//	go run ./examples/crmbatch                                  # the built-in sample
//	go run ./examples/crmbatch -in export.csv -now 2026-03-20T09:00:00Z -out decisions.csv
//
// # Input columns
//
// The first row names the columns; their order does not matter and columns
// the program does not know (a report often carries more) are ignored.
//
//	registration_id      the CRM's id for the registration            (required column)
//	partner_id           the partner's id
//	agreement_signed     true/false: Partner Program Agreement signed (required column)
//	track                open or select                               (required column)
//	standing             good, probation or suspended                 (required column)
//	trained_employees    how many completed Foundations for Partners  (required column)
//	scope                single_opportunity, customer_account, combined_opportunities (required column)
//	program              referral, resale, msp or service_attached    (required column)
//	opportunity_id       the CRM opportunity's id
//	kind                 new_customer, new_opportunity, add_on or renewal (required column)
//	stage                0-7, closed_won, closed_lost, or none when the CRM has no opportunity (required column)
//	sourced_growth       true/false: a renewal with partner-sourced growth
//	last_sales_activity  the opportunity's last sales activity, YYYY-MM-DD
//	close_date           when the opportunity closed, YYYY-MM-DD
//	submitted_at         when the partner submitted, RFC 3339         (required column)
//	esm_decision, esm_at the ESM's decision (approved or denied) and its instant
//	asm_decision, asm_at the ASM's decision and its instant
//
// An empty true/false cell is false and an empty count is 0; other empty
// cells mean "not recorded".
//
// # Output columns
//
//	registration_id, outcome, status, rule_ids (joined by ";"),
//	reasons (joined by " | "), next_actor, next_action, next_due, expires_at
//
// A row the rules cannot decide (a cell that does not parse, a value the
// rules reject) gets outcome "error" and its problems, each as
// "column: problem", in the reasons column; the other rows are still
// decided. Only a file that cannot be read as CSV at all, or lacks a
// required column, stops the run.
package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

//go:embed registrations.csv
var sample []byte

func main() {
	in := flag.String("in", "", "a CSV export of registrations (default: the built-in sample)")
	nowFlag := flag.String("now", "2026-03-20T09:00:00Z", "the instant to decide at (RFC 3339)")
	out := flag.String("out", "", "where to write the decisions CSV (default: standard output)")
	flag.Parse()
	if err := writeTo(*out, *in, *nowFlag); err != nil {
		fmt.Fprintln(os.Stderr, "crmbatch:", err)
		os.Exit(2)
	}
}

// writeTo runs the batch into the file named out, or standard output.
func writeTo(out, in, nowText string) error {
	if out == "" {
		return run(os.Stdout, in, nowText)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := run(f, in, nowText); err != nil {
		f.Close()
		return err
	}
	return f.Close() // a failed close can lose the last rows
}

// run decides the registrations in the CSV file in (the embedded sample when
// in is empty) at nowText and writes the decisions CSV to w.
func run(w io.Writer, in, nowText string) error {
	now, err := time.Parse(time.RFC3339, nowText)
	if err != nil {
		return fmt.Errorf("-now: %q is not an RFC 3339 instant", nowText)
	}
	var r io.Reader = bytes.NewReader(sample)
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	return decideAll(r, w, dealreg.Default(), now)
}

// columns lists the input columns and, for each, the path the library uses
// for that fact in its input errors, so that a problem can be reported under
// the column the CRM user knows.
var columns = []struct {
	name     string
	path     string
	required bool
}{
	{"registration_id", "registration.id", true},
	{"partner_id", "registration.partner.id", false},
	{"agreement_signed", "registration.partner.agreement_signed", true},
	{"track", "registration.partner.track", true},
	{"standing", "registration.partner.standing", true},
	{"trained_employees", "registration.partner.employees.foundations_trained", true},
	{"scope", "registration.scope", true},
	{"program", "registration.program", true},
	{"opportunity_id", "registration.opportunity.id", false},
	{"kind", "registration.opportunity.kind", true},
	{"stage", "registration.opportunity.stage", true},
	{"sourced_growth", "registration.opportunity.sourced_growth", false},
	{"last_sales_activity", "registration.opportunity.last_sales_activity", false},
	{"close_date", "registration.opportunity.close_date", false},
	{"submitted_at", "registration.submitted_at", true},
	{"esm_decision", "registration.esm.decision", false},
	{"esm_at", "registration.esm.at", false},
	{"asm_decision", "registration.asm.decision", false},
	{"asm_at", "registration.asm.at", false},
}

// columnFor names the column behind a library field path. A problem with a
// whole review ("registration.esm") is reported under its decision column;
// a path no column stands for is reported as it is.
func columnFor(path string) string {
	for _, c := range columns {
		if c.path == path {
			return c.name
		}
	}
	switch path {
	case "registration.esm":
		return "esm_decision"
	case "registration.asm":
		return "asm_decision"
	}
	return path
}

var outputHeader = []string{"registration_id", "outcome", "status", "rule_ids", "reasons", "next_actor", "next_action", "next_due", "expires_at"}

// decideAll reads registrations from r, decides each under policy at now and
// writes one decision row per registration row to w.
func decideAll(r io.Reader, w io.Writer, policy dealreg.Policy, now time.Time) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // a short or long row is that row's error, not the file's
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return errors.New("input: empty; want a header row")
	}
	if err != nil {
		return fmt.Errorf("input: %w", err)
	}
	index := map[string]int{}
	for i, name := range header {
		index[strings.TrimSpace(strings.ToLower(name))] = i
	}
	var missing []string
	for _, c := range columns {
		if _, ok := index[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("input: the header lacks required columns: %s", strings.Join(missing, ", "))
	}

	cw := csv.NewWriter(w)
	if err := cw.Write(outputHeader); err != nil {
		return err
	}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// Broken quoting: the reader cannot tell where rows end.
			return fmt.Errorf("input: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if err := cw.Write(decideRow(record, len(header), line, index, policy, now)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// decideRow turns one input record into one output record.
func decideRow(record []string, width, line int, index map[string]int, policy dealreg.Policy, now time.Time) []string {
	cell := func(name string) string {
		if i, ok := index[name]; ok && i < len(record) {
			return strings.TrimSpace(record[i])
		}
		return ""
	}
	id := cell("registration_id")
	if id == "" {
		id = fmt.Sprintf("line %d", line)
	}
	if len(record) != width {
		return errorRow(id, []string{fmt.Sprintf("row: %d cells, but the header has %d", len(record), width)})
	}
	reg, problems := parseRow(cell)
	if len(problems) > 0 {
		return errorRow(id, problems)
	}
	d, err := policy.Route(reg, now)
	if err != nil {
		// Route names every bad field; translate its paths into columns.
		for _, fe := range program.FieldErrors(err) {
			problems = append(problems, columnFor(fe.Field)+": "+fe.Problem)
		}
		return errorRow(id, problems)
	}
	rules := make([]string, len(d.Reasons))
	texts := make([]string, len(d.Reasons))
	for i, r := range d.Reasons {
		rules[i], texts[i] = string(r.Rule), r.Text
	}
	return []string{
		id,
		string(d.Outcome),
		string(d.Status),
		strings.Join(rules, ";"),
		strings.Join(texts, " | "),
		string(d.Next.Actor),
		d.Next.What,
		instant(d.Next.Due),
		instant(d.ExpiresAt),
	}
}

func errorRow(id string, problems []string) []string {
	return []string{id, "error", "", "", strings.Join(problems, " | "), "", "", "", ""}
}

// instant formats t as RFC 3339 in UTC, or "" for the zero time.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// parseRow converts the cells into a Registration. It only converts: whether
// the values make sense (a known track, a stage that exists, an ESM decision
// after submission) is for Route to say, so the rules stay in one place.
// Problems are "column: problem".
func parseRow(cell func(string) string) (dealreg.Registration, []string) {
	var problems []string
	bad := func(col, format string, args ...any) {
		problems = append(problems, col+": "+fmt.Sprintf(format, args...))
	}
	boolean := func(col string) bool {
		s := cell(col)
		if s == "" {
			return false
		}
		v, err := strconv.ParseBool(s)
		if err != nil {
			bad(col, "%q is not true or false", s)
		}
		return v
	}
	count := func(col string) int {
		s := cell(col)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			bad(col, "%q is not a whole number", s)
		}
		return n
	}
	instantCell := func(col string) time.Time {
		s := cell(col)
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			bad(col, "%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", s)
		}
		return t
	}
	date := func(col string) program.Date {
		s := cell(col)
		if s == "" {
			return program.Date{}
		}
		d, err := program.ParseDate(s)
		if err != nil {
			bad(col, "%q is not a date (YYYY-MM-DD)", s)
		}
		return d
	}
	review := func(prefix string) *dealreg.Review {
		decision, at := cell(prefix+"_decision"), instantCell(prefix+"_at")
		if decision == "" && at.IsZero() {
			return nil // not decided yet
		}
		return &dealreg.Review{Decision: dealreg.Verdict(decision), At: at}
	}

	reg := dealreg.Registration{
		ID: cell("registration_id"),
		Partner: program.Partner{
			ID:              cell("partner_id"),
			AgreementSigned: boolean("agreement_signed"),
			Track:           program.Track(cell("track")),
			Standing:        program.Standing(cell("standing")),
			Employees:       program.Employees{FoundationsTrained: count("trained_employees")},
		},
		Scope:   dealreg.Scope(cell("scope")),
		Program: dealreg.ProgramType(cell("program")),
		Opportunity: program.Opportunity{
			ID:                cell("opportunity_id"),
			Kind:              program.OpportunityKind(cell("kind")),
			Stage:             program.Stage(cell("stage")),
			SourcedGrowth:     boolean("sourced_growth"),
			LastSalesActivity: date("last_sales_activity"),
			CloseDate:         date("close_date"),
		},
		SubmittedAt: instantCell("submitted_at"),
		ESM:         review("esm"),
		ASM:         review("asm"),
	}
	return reg, problems
}
