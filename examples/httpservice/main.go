// Command httpservice shows the rules inside an existing net/http service,
// two ways at once:
//
//   - the policy API, channelpolicy.NewHandler, mounted under /policy/ of
//     the service's own mux: every operation, its schema and OpenAPI, for
//     callers that speak the library's JSON;
//   - one route of the service's own, POST /deals/decision, which takes the
//     deal form our CRM already posts, maps it onto a dealreg.Registration,
//     routes it and answers in the CRM's own terms. The library's types stay
//     inside the handler; a bad form gets the same RFC 9457 problem document
//     the policy API writes, its JSON Pointers into the form the CRM sent.
//
// Both decide under one policy set, at the service's clock, so an old
// submittedAt may come back expired.
//
//	go run ./examples/httpservice -addr 127.0.0.1:8081
//	curl -s localhost:8081/deals/decision -H 'Content-Type: application/json' -d '{
//	  "registrationId": "DR-7", "partnerId": "acme", "agreementSigned": true,
//	  "partnerTrack": "open", "partnerStanding": "good", "trainedEmployees": 2,
//	  "programType": "resale", "opportunityId": "006-7", "opportunityType": "new_customer",
//	  "stage": "none", "submittedAt": "2026-03-02T09:00:00Z"}'
//	curl -s localhost:8081/policy/v1/operations
//	curl -s 'localhost:8081/policy/v1/dealreg/route?now=2026-03-20T09:00:00Z' \
//	  -H 'Content-Type: application/json' -d @examples/quickstart/registration.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/channelpolicy/channelpolicy"
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
	clock := func() time.Time { return time.Now().UTC() }
	logger := slog.New(slog.NewTextHandler(w, nil))
	mux, err := newMux(channelpolicy.Default().Policies(), clock, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Fprintf(w, "httpservice: listening on http://%s/deals/decision and http://%s/policy/v1/operations\n", addr, addr)
	select {
	case err := <-errc:
		return err // could not listen
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// maxForm bounds a posted form; a real one is well under 2 KiB.
const maxForm = 64 << 10

// newMux is the service's routing: in a real service, add these two lines
// to the mux you already have. set is the policy set both decide under; now
// is the clock, so tests can fix it; logger gets the policy API's request
// log.
func newMux(set channelpolicy.PolicySet, now func() time.Time, logger *slog.Logger) (*http.ServeMux, error) {
	api, err := channelpolicy.NewHandler(channelpolicy.Options{
		Policies: set,
		MaxBody:  maxForm,
		Timeout:  5 * time.Second,
		Logger:   logger,
		Now:      now,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /deals/decision", decisionHandler(set.Policy("dealreg").(dealreg.Policy), now))
	// The API serves its paths from its root (/v1/...): strip the prefix.
	// Its problem documents still name the path the caller used.
	mux.Handle("/policy/", http.StripPrefix("/policy", api))
	return mux, nil
}

func decisionHandler(policy dealreg.Policy, now func() time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			w.Header().Set("Accept-Post", "application/json")
			writeProblem(w, r, channelpolicy.ProblemMediaType, "post the form as application/json", nil)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxForm))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeProblem(w, r, channelpolicy.ProblemTooLarge, fmt.Sprintf("the form is larger than %d bytes", maxForm), nil)
				return
			}
			writeProblem(w, r, channelpolicy.ProblemBadBody, "could not read the form", nil)
			return
		}
		// DecodeJSON is strict (unknown members are errors) and locates
		// every problem by JSON Pointer, here into the form as posted.
		var form DealForm
		if err := program.DecodeJSON(body, &form); err != nil {
			badRequest(w, r, "the form is not valid JSON for a deal", err)
			return
		}
		reg, err := form.registration()
		if err != nil {
			badRequest(w, r, "the form has malformed values", err)
			return
		}
		d, err := policy.Route(reg, now())
		if errors.Is(err, program.ErrInvalidInput) {
			// Route's pointers are into a registration; the CRM sent a form.
			badRequest(w, r, "the rules cannot decide this form", toForm(err))
			return
		}
		if err != nil { // not the caller's fault
			writeProblem(w, r, channelpolicy.ProblemInternal, "could not decide the registration", nil)
			return
		}
		writeJSON(w, http.StatusOK, answer(d))
	}
}

// registration maps the form onto the library's input. It only converts
// text into typed values; whether they make sense is for Route to say.
// Problems are located in the form.
func (f DealForm) registration() (dealreg.Registration, error) {
	var p program.Problems
	instant := func(member, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			p.Add(program.Path("", member), "%q is not an RFC 3339 instant such as 2026-03-20T09:00:00Z", s)
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
			p.Add("/lastActivityDate", "%q is not a date (YYYY-MM-DD)", f.LastActivityDate)
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
			LastSalesActivity: program.OnDate(lastActivity),
		},
		SubmittedAt: instant("submittedAt", f.SubmittedAt),
		ESM:         review("esm", f.ESMDecision, f.ESMDecidedAt),
		ASM:         review("asm", f.ASMDecision, f.ASMDecidedAt),
	}
	return reg, p.Err()
}

// formPointer maps a JSON Pointer into a registration onto the form member
// it came from; the CRM's developers should not have to learn the library's
// names. A pointer with no form member (a closed_won stage needs a close
// date, which this form does not carry) is kept below "/registration", so
// that it cannot be mistaken for a member of the form.
var formPointer = map[string]string{
	"/id":                                    "/registrationId",
	"/partner/id":                            "/partnerId",
	"/partner/agreement_signed":              "/agreementSigned",
	"/partner/track":                         "/partnerTrack",
	"/partner/standing":                      "/partnerStanding",
	"/partner/employees/foundations_trained": "/trainedEmployees",
	"/program":                               "/programType",
	"/opportunity/id":                        "/opportunityId",
	"/opportunity/kind":                      "/opportunityType",
	"/opportunity/stage":                     "/stage",
	"/opportunity/sourced_growth":            "/sourcedGrowth",
	"/opportunity/last_sales_activity":       "/lastActivityDate",
	"/submitted_at":                          "/submittedAt",
	"/esm":                                   "/esmDecision",
	"/esm/decision":                          "/esmDecision",
	"/esm/at":                                "/esmDecidedAt",
	"/asm":                                   "/asmDecision",
	"/asm/decision":                          "/asmDecision",
	"/asm/at":                                "/asmDecidedAt",
}

// toForm re-locates the problems of err from a registration to the form.
func toForm(err error) error {
	var p program.Problems
	for _, fe := range program.FieldErrors(err) {
		pointer, ok := formPointer[fe.Pointer]
		if !ok {
			pointer = "/registration" + fe.Pointer
		}
		p.AddErr(&program.FieldError{Pointer: pointer, Detail: fe.Detail})
	}
	return p.Err()
}

// badRequest answers 400 with every problem of err, as the policy API does.
func badRequest(w http.ResponseWriter, r *http.Request, what string, err error) {
	writeProblem(w, r, channelpolicy.ProblemInvalidInput, what, program.FieldErrors(err))
}

func writeProblem(w http.ResponseWriter, r *http.Request, kind channelpolicy.ProblemKind, detail string, errs []*program.FieldError) {
	p := channelpolicy.NewProblem(kind, detail, r.URL.Path, errs)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	// The status is sent; a failed write means the client went away.
	_ = json.NewEncoder(w).Encode(p)
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
	for _, r := range d.Reasons.All() {
		a.Reasons = append(a.Reasons, r.Text())
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
