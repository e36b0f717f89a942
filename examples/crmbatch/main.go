// Command crmbatch decides every deal registration in a CSV export, as a CRM
// report would produce it, and writes one CSV row of decisions per input row.
//
//	go run ./examples/crmbatch                                  # the built-in sample
//	go run ./examples/crmbatch -in export.csv -now 2026-03-20T09:00:00Z -out decisions.csv
//	go run ./examples/crmbatch -in export.csv -policy our-crm.json
//
// # Policy
//
// The rows are routed under a deal-registration policy document read with
// [dealreg.ParsePolicy] over [dealreg.Default], so it names only what
// differs from the handbook. The built-in one, policy.json beside this file,
// maps the sample CRM's stage picklist labels onto stages:
//
//	{"stage_labels": {"2-Scoping": "2", "3-Technical Evaluation": "3", "Closed Won": "closed_won", ...}}
//
// so the stage column is the CRM's own label and nothing in this program
// translates it. For your CRM, copy the file, list your picklist labels
// exactly as the export writes them (case and spaces included) and pass it
// with -policy; it replaces the built-in file (both are laid over the
// handbook's defaults), so it must list every label your export holds. A
// label the policy does not map (one renamed in the CRM since, say) makes
// its row an error naming the labels the policy knows. A policy document
// that does not parse or validate stops the run before any row is read.
//
// # Input columns
//
// The first row names the columns; their order does not matter and columns
// the program does not know (a report often carries more) are ignored.
// Cells are trimmed of surrounding spaces.
//
//	registration_id      the CRM's id for the registration            (required column)
//	partner_id           the partner's id
//	agreement_signed     true/false: Partner Program Agreement signed (required column)
//	trained_employees    how many completed Foundations for Partners  (required column)
//	track                open or select; not read by the routing, checked when given
//	standing             good, probation or suspended; likewise
//	scope                single_opportunity, customer_account, combined_opportunities (required column)
//	program              referral, resale, msp or service_attached    (required column)
//	opportunity_id       the CRM opportunity's id
//	kind                 new_customer, new_opportunity, add_on or renewal (required column)
//	stage                the opportunity's current stage: a label the policy maps
//	                     ("3-Technical Evaluation", "Closed Won"), a stage (0-7,
//	                     closed_won, closed_lost), or none when the registration has
//	                     no CRM opportunity                         (required column)
//	sourced_growth       true/false: a renewal with partner-sourced growth
//	last_sales_activity  the opportunity's Sales Last Activity, as the CRM exports
//	                     it: a date (2026-02-10), aged in calendar days to today's
//	                     date, or an RFC 3339 timestamp with its offset
//	                     (2026-02-10T16:22:05.000Z, 2026-02-10T17:22:05+01:00),
//	                     aged to the second; a stage 3-6 opportunity is approved
//	                     once it is more than 180 days before -now, denied
//	                     otherwise, and needs review when the cell is empty
//	close_date           when the opportunity closed, YYYY-MM-DD
//	submitted_at         when the partner submitted, RFC 3339         (required column)
//	esm_decision, esm_at the ESM's decision (approved or denied) and its instant
//	asm_decision, asm_at the ASM's decision and its instant
//
// Every cell of a required column must hold a value. The routing reads
// whether the partner signed the agreement and how many employees are
// trained, so an empty agreement_signed or trained_employees cell is "not
// recorded", and its row is an error, not a partner without an agreement or
// without training: fix the export (or the CRM record) rather than let a
// blank reject a partner. An empty sourced_growth cell is false; the other
// empty cells mean "not recorded": no activity, no close date, no review yet.
//
// # Output columns
//
//	registration_id, outcome, status, rule_ids (joined by ";"),
//	reasons (joined by " | "), next_actor, next_action, next_due, expires_at
//
// A row the rules cannot decide (an empty or unparsable cell, a value the
// rules reject, a stage label the policy does not map) gets outcome "error"
// and all of its problems, each as "column: problem", in the reasons column;
// the other rows are still decided. Only a file that cannot be read as CSV
// at all, or lacks a required column, stops the run.
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

//go:embed policy.json
var builtinPolicy []byte

// options are the command's flags.
type options struct {
	in     string // the CSV export; "" is the built-in sample
	policy string // the policy document; "" is the built-in policy.json
	now    string // the instant to decide at, RFC 3339
	out    string // where to write the decisions; "" is standard output
}

func main() {
	var o options
	flag.StringVar(&o.in, "in", "", "a CSV export of registrations (default: the built-in sample)")
	flag.StringVar(&o.policy, "policy", "", "a dealreg policy document, laid over the handbook's defaults (default: the built-in policy.json and its stage labels)")
	flag.StringVar(&o.now, "now", "2026-03-20T09:00:00Z", "the instant to decide at (RFC 3339)")
	flag.StringVar(&o.out, "out", "", "where to write the decisions CSV (default: standard output)")
	flag.Parse()
	if err := writeTo(o); err != nil {
		fmt.Fprintln(os.Stderr, "crmbatch:", err)
		os.Exit(2)
	}
}

// writeTo runs the batch into the file named o.out, or standard output.
func writeTo(o options) error {
	if o.out == "" {
		return run(os.Stdout, o)
	}
	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	if err := run(f, o); err != nil {
		f.Close()
		return err
	}
	return f.Close() // a failed close can lose the last rows
}

// run decides the registrations in the CSV file o.in (the embedded sample
// when empty) under the policy o.policy (the embedded one when empty) at
// o.now and writes the decisions CSV to w.
func run(w io.Writer, o options) error {
	now, err := time.Parse(time.RFC3339, o.now)
	if err != nil {
		return fmt.Errorf("-now: %q is not an RFC 3339 instant", o.now)
	}
	policy, err := loadPolicy(o.policy)
	if err != nil {
		return err
	}
	var r io.Reader = bytes.NewReader(sample)
	if o.in != "" {
		f, err := os.Open(o.in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	return decideAll(r, w, policy, now)
}

// loadPolicy reads the policy document at path (the embedded policy.json
// when path is empty) over the handbook's defaults.
func loadPolicy(path string) (dealreg.Policy, error) {
	data, name := builtinPolicy, "built-in policy.json"
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return dealreg.Policy{}, fmt.Errorf("-policy: %w", err)
		}
		name = path
	}
	p, err := dealreg.ParsePolicy(dealreg.Default(), data)
	if err != nil {
		// Each problem is a JSON Pointer into the policy document.
		var problems []string
		for _, fe := range program.FieldErrors(err) {
			problems = append(problems, fe.Error())
		}
		return dealreg.Policy{}, fmt.Errorf("-policy %s: %s", name, strings.Join(problems, "; "))
	}
	return p, nil
}

// columns lists the input columns and, for each, the JSON Pointer at which
// the library reports a problem with that fact in a registration, so that a
// problem can be reported under the column the CRM user knows. A required
// column must be in the header; each of its cells must hold a value.
var columns = []struct {
	name     string
	pointer  string
	required bool
}{
	{"registration_id", "/id", true},
	{"partner_id", "/partner/id", false},
	{"agreement_signed", "/partner/agreement_signed", true},
	{"trained_employees", "/partner/employees/foundations_trained", true},
	{"track", "/partner/track", false},
	{"standing", "/partner/standing", false},
	{"scope", "/scope", true},
	{"program", "/program", true},
	{"opportunity_id", "/opportunity/id", false},
	{"kind", "/opportunity/kind", true},
	{"stage", "/opportunity/stage", true},
	{"sourced_growth", "/opportunity/sourced_growth", false},
	{"last_sales_activity", "/opportunity/last_sales_activity", false},
	{"close_date", "/opportunity/close_date", false},
	{"submitted_at", "/submitted_at", true},
	{"esm_decision", "/esm/decision", false},
	{"esm_at", "/esm/at", false},
	{"asm_decision", "/asm/decision", false},
	{"asm_at", "/asm/at", false},
}

// columnFor names the column behind a library JSON Pointer. A problem with a
// whole review ("/esm") is reported under its decision column; a pointer no
// column stands for is reported as it is.
func columnFor(pointer string) string {
	for _, c := range columns {
		if c.pointer == pointer {
			return c.name
		}
	}
	switch pointer {
	case "/esm":
		return "esm_decision"
	case "/asm":
		return "asm_decision"
	case "":
		return "row"
	}
	return pointer
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
	reg, problems, badColumns := parseRow(cell)
	// Route even when a cell did not convert, so that the row's error lists
	// every problem at once. Route locates each bad value by JSON Pointer;
	// translate the pointers into columns, and skip a column already
	// reported (a cell that did not convert reaches Route empty).
	d, err := policy.Route(reg, now)
	if err != nil {
		for _, fe := range program.FieldErrors(err) {
			if col := columnFor(fe.Pointer); !badColumns[col] {
				problems = append(problems, col+": "+fe.Detail)
			}
		}
	}
	if len(problems) > 0 {
		return errorRow(id, problems)
	}
	rules := make([]string, d.Reasons.Len())
	texts := make([]string, d.Reasons.Len())
	for i, r := range d.Reasons.All() {
		rules[i], texts[i] = string(r.Rule), r.Text()
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

// parseRow converts the cells into a Registration. It only converts:
// whether the values make sense (a known track, a stage or a label the
// policy maps, an ESM decision after submission) is for Route to say, so
// the rules stay in one place. The stage cell goes to Route as it is, so
// that a CRM label is routed by the policy's stage_labels.
//
// The one check of its own is for the agreement and training cells: in Go
// they are a bool and an int, which cannot say "not recorded", and Route
// would decide an empty cell as false or 0 and reject the partner. Route
// requires both members of a JSON registration, so an empty cell is an
// error here too.
//
// Problems are "column: problem"; bad lists the columns they name.
func parseRow(cell func(string) string) (reg dealreg.Registration, problems []string, bad map[string]bool) {
	bad = map[string]bool{}
	report := func(col, format string, args ...any) {
		problems = append(problems, col+": "+fmt.Sprintf(format, args...))
		bad[col] = true
	}
	boolean := func(col string, required bool) bool {
		s := cell(col)
		if s == "" {
			if required {
				report(col, "not recorded; deal registration reads it: want true or false")
			}
			return false
		}
		v, err := strconv.ParseBool(s)
		if err != nil {
			report(col, "%q is not true or false", s)
		}
		return v
	}
	count := func(col string) int {
		s := cell(col)
		if s == "" {
			report(col, "not recorded; deal registration reads it: want a whole number (0 when nobody is trained)")
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			report(col, "%q is not a whole number", s)
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
			report(col, "%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", s)
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
			report(col, "%q is not a date (YYYY-MM-DD)", s)
		}
		return d
	}
	dateOrInstant := func(col string) program.DateOrInstant {
		s := cell(col)
		if s == "" {
			return program.DateOrInstant{}
		}
		v, err := program.ParseDateOrInstant(s)
		if err != nil {
			report(col, "%q is not a date (2026-02-10) or an RFC 3339 timestamp with its offset (2026-02-10T16:22:05Z)", s)
		}
		return v
	}
	review := func(prefix string) *dealreg.Review {
		decision, at := cell(prefix+"_decision"), instantCell(prefix+"_at")
		if decision == "" && at.IsZero() && !bad[prefix+"_at"] {
			return nil // not decided yet
		}
		return &dealreg.Review{Decision: dealreg.Verdict(decision), At: at}
	}

	reg = dealreg.Registration{
		ID: cell("registration_id"),
		Partner: program.Partner{
			ID:              cell("partner_id"),
			AgreementSigned: boolean("agreement_signed", true),
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
			SourcedGrowth:     boolean("sourced_growth", false),
			LastSalesActivity: dateOrInstant("last_sales_activity"),
			CloseDate:         date("close_date"),
		},
		SubmittedAt: instantCell("submitted_at"),
		ESM:         review("esm"),
		ASM:         review("asm"),
	}
	return reg, problems, bad
}
