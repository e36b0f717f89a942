// Command httpservice shows the rules embedded in an existing net/http
// service: one handler takes the deal form our CRM already posts, maps it
// onto a dealreg.Registration, routes it, and answers in the CRM's own
// terms. The library's types stay inside the handler. The service decides
// at its own clock, so an old submittedAt may come back expired.
//
//	go run ./examples/httpservice -addr 127.0.0.1:8081
//	curl -s localhost:8081/deals/decision -H 'Content-Type: application/json' -d '{
//	  "registrationId": "DR-7", "partnerId": "acme", "agreementSigned": true,
//	  "partnerTrack": "open", "partnerStanding": "good", "trainedEmployees": 2,
//	  "programType": "resale", "opportunityId": "006-7", "opportunityType": "new_customer",
//	  "stage": "none", "submittedAt": "2026-03-02T09:00:00Z"}'
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/channelpolicy/channelpolicy/dealreg"
	"github.com/channelpolicy/channelpolicy/program"
)

// DealForm is the deal-registration form as our CRM posts it: its own
// field names, dates as text, reviews as flat fields. The form registers
// one opportunity at a time, so it has no scope field.
type DealForm struct {
	RegistrationID   string `json:"registrationId"`
	PartnerID        string `json:"partnerId"`
	AgreementSigned  bool   `json:"agreementSigned"`
	PartnerTrack     string `json:"partnerTrack"`    // open or select
	PartnerStanding  string `json:"partnerStanding"` // good, probation or suspended
	TrainedEmployees int    `json:"trainedEmployees"`
	ProgramType      string `json:"programType"` // referral, resale or msp
	OpportunityID    string `json:"opportunityId"`
	OpportunityType  string `json:"opportunityType"` // new_customer, new_opportunity, add_on, renewal
	Stage            string `json:"stage"`           // "0" to "7", closed_won, closed_lost, or none
	SourcedGrowth    bool   `json:"sourcedGrowth"`
	LastActivityDate string `json:"lastActivityDate"` // YYYY-MM-DD, empty when none
	SubmittedAt      string `json:"submittedAt"`      // RFC 3339
	ESMDecision      string `json:"esmDecision"`      // approved, denied, or empty while undecided
	ESMDecidedAt     string `json:"esmDecidedAt"`
	ASMDecision      string `json:"asmDecision"`
	ASMDecidedAt     string `json:"asmDecidedAt"`
}

// DealAnswer is what the CRM gets back.
type DealAnswer struct {
	// Approved is true while the partner holds the registration: approved
	// and not yet expired.
	Approved bool `json:"approved"`
	// Status is approved, expired, denied, rejected, pending_esm,
	// pending_asm or needs_review.
	Status    string     `json:"status"`
	Reasons   []string   `json:"reasons"`
	NextStep  string     `json:"nextStep,omitempty"` // who must do what
	NextDue   *time.Time `json:"nextDue,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// Problem is one thing wrong with a posted form, under the form's own field
// name.
type Problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// ErrorAnswer is the body of a 400 response.
type ErrorAnswer struct {
	Error    string    `json:"error"`
	Problems []Problem `json:"problems"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "the address to listen on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stderr, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "httpservice:", err)
		os.Exit(1)
	}
}

// run serves the service's routes on addr until ctx is done, then lets
// requests in flight finish.
func run(ctx context.Context, w io.Writer, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           newMux(dealreg.Default(), time.Now),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Fprintf(w, "httpservice: listening on http://%s/deals/decision\n", addr)
	select {
	case err := <-errc:
		return err // could not listen
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// newMux is the service's routing: in a real service, add the handler to
// the mux you already have. now is the clock, so tests can fix it.
func newMux(policy dealreg.Policy, now func() time.Time) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("POST /deals/decision", decisionHandler(policy, now))
	return mux
}

// maxForm bounds a posted form; a real one is well under 2 KiB.
const maxForm = 64 << 10

func decisionHandler(policy dealreg.Policy, now func() time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeJSON(w, http.StatusUnsupportedMediaType, ErrorAnswer{Error: "post the form as application/json"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxForm))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeJSON(w, http.StatusRequestEntityTooLarge, ErrorAnswer{Error: fmt.Sprintf("the form is larger than %d bytes", maxForm)})
				return
			}
			writeJSON(w, http.StatusBadRequest, ErrorAnswer{Error: "could not read the form"})
			return
		}
		// DecodeJSON is strict (unknown fields are errors) and names the
		// field that is wrong, here in the form's own JSON names.
		var form DealForm
		if err := program.DecodeJSON(body, &form, ""); err != nil {
			badRequest(w, "the form is not valid JSON for a deal", err)
			return
		}
		reg, err := form.registration()
		if err != nil {
			badRequest(w, "the form has malformed values", err)
			return
		}
		d, err := policy.Route(reg, now())
		if errors.Is(err, program.ErrInvalidInput) {
			badRequest(w, "the rules cannot decide this form", err)
			return
		}
		if err != nil { // not the caller's fault
			writeJSON(w, http.StatusInternalServerError, ErrorAnswer{Error: "could not decide the registration"})
			return
		}
		writeJSON(w, http.StatusOK, answer(d))
	}
}

// registration maps the form onto the library's input. It only converts
// text into typed values; whether they make sense is for Route to say.
func (f DealForm) registration() (dealreg.Registration, error) {
	var p program.Problems
	instant := func(field, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			p.Add(field, "%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", s)
		}
		return t
	}
	review := func(prefix, decision, at string) *dealreg.Review {
		if decision == "" && at == "" {
			return nil
		}
		return &dealreg.Review{Decision: dealreg.Verdict(decision), At: instant(prefix+"DecidedAt", at)}
	}
	var lastActivity program.Date
	if f.LastActivityDate != "" {
		d, err := program.ParseDate(f.LastActivityDate)
		if err != nil {
			p.Add("lastActivityDate", "%q is not a date (YYYY-MM-DD)", f.LastActivityDate)
		}
		lastActivity = d
	}
	reg := dealreg.Registration{
		ID: f.RegistrationID,
		Partner: program.Partner{
			ID:              f.PartnerID,
			AgreementSigned: f.AgreementSigned,
			Track:           program.Track(f.PartnerTrack),
			Standing:        program.Standing(f.PartnerStanding),
			Employees:       program.Employees{FoundationsTrained: f.TrainedEmployees},
		},
		Scope:   dealreg.ScopeSingleOpportunity,
		Program: dealreg.ProgramType(f.ProgramType),
		Opportunity: program.Opportunity{
			ID:                f.OpportunityID,
			Kind:              program.OpportunityKind(f.OpportunityType),
			Stage:             program.Stage(f.Stage),
			SourcedGrowth:     f.SourcedGrowth,
			LastSalesActivity: lastActivity,
		},
		SubmittedAt: instant("submittedAt", f.SubmittedAt),
		ESM:         review("esm", f.ESMDecision, f.ESMDecidedAt),
		ASM:         review("asm", f.ASMDecision, f.ASMDecidedAt),
	}
	return reg, p.Err()
}

// formField names the form field behind a library field path; the CRM's
// developers should not have to learn the library's names. A path with no
// form field (a closed_won stage needs a close date, which this form does
// not carry) is reported as it is.
var formField = map[string]string{
	"registration.partner.track":                         "partnerTrack",
	"registration.partner.standing":                      "partnerStanding",
	"registration.partner.employees.foundations_trained": "trainedEmployees",
	"registration.program":                               "programType",
	"registration.opportunity.kind":                      "opportunityType",
	"registration.opportunity.stage":                     "stage",
	"registration.opportunity.sourced_growth":            "sourcedGrowth",
	"registration.opportunity.last_sales_activity":       "lastActivityDate",
	"registration.submitted_at":                          "submittedAt",
	"registration.esm":                                   "esmDecision",
	"registration.esm.decision":                          "esmDecision",
	"registration.esm.at":                                "esmDecidedAt",
	"registration.asm":                                   "asmDecision",
	"registration.asm.decision":                          "asmDecision",
	"registration.asm.at":                                "asmDecidedAt",
}

func badRequest(w http.ResponseWriter, what string, err error) {
	ans := ErrorAnswer{Error: what}
	for _, fe := range program.FieldErrors(err) {
		field := fe.Field
		if name, ok := formField[field]; ok {
			field = name
		}
		ans.Problems = append(ans.Problems, Problem{Field: field, Problem: fe.Problem})
	}
	writeJSON(w, http.StatusBadRequest, ans)
}

// answer maps the library's decision onto the CRM's answer.
func answer(d dealreg.Decision) DealAnswer {
	a := DealAnswer{Status: string(d.Outcome)}
	if d.Outcome == dealreg.Approved {
		a.Approved = d.Status == dealreg.Active
		if d.Status == dealreg.Expired {
			a.Status = string(dealreg.Expired)
		}
		a.ExpiresAt = &d.ExpiresAt
	}
	for _, r := range d.Reasons {
		a.Reasons = append(a.Reasons, r.Text)
	}
	if !d.Next.IsZero() {
		a.NextStep = string(d.Next.Actor) + ": " + d.Next.What
		if !d.Next.Due.IsZero() {
			a.NextDue = &d.Next.Due
		}
	}
	return a
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(v)
}
