package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/channelpolicy/channelpolicy"
	"github.com/channelpolicy/channelpolicy/program"
)

// The service decides at a fixed instant so the answers do not drift.
var testNow = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux, err := newMux(channelpolicy.Default().Policies(), func() time.Time { return testNow }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// post sends body and decodes the JSON answer into out.
func post(t *testing.T, srv *httptest.Server, contentType, body string, out any) int {
	t.Helper()
	resp, err := http.Post(srv.URL+"/deals/decision", contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("answer is not JSON: %v\n%s", err, data)
		}
	}
	return resp.StatusCode
}

// form is a good form with some fields replaced.
func form(t *testing.T, changes map[string]any) string {
	t.Helper()
	f := map[string]any{
		"registrationId": "DR-7", "partnerId": "acme", "agreementSigned": true,
		"partnerTrack": "open", "partnerStanding": "good", "trainedEmployees": 2,
		"programType": "resale", "opportunityId": "006-7", "opportunityType": "new_customer",
		"stage": "none", "submittedAt": "2026-03-02T09:00:00Z",
	}
	for k, v := range changes {
		f[k] = v
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestApproved(t *testing.T) {
	srv := newTestServer(t)
	var a DealAnswer
	// No CRM opportunity yet: approved as of submission (03-02 09:00),
	// active for 90 days, until 05-31 09:00.
	if code := post(t, srv, "application/json", form(t, nil), &a); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if !a.Approved || a.Status != "approved" || len(a.Reasons) != 2 ||
		a.ExpiresAt == nil || !a.ExpiresAt.Equal(time.Date(2026, 5, 31, 9, 0, 0, 0, time.UTC)) ||
		!strings.HasPrefix(a.NextStep, "ecosystem_ops: create the CRM opportunity") {
		t.Errorf("got %+v", a)
	}
}

func TestApprovedButExpired(t *testing.T) {
	srv := newTestServer(t)
	var a DealAnswer
	// Approved 2025-12-01, so it ran out on 2026-03-01.
	post(t, srv, "application/json", form(t, map[string]any{"submittedAt": "2025-12-01T09:00:00Z"}), &a)
	if a.Approved || a.Status != "expired" {
		t.Errorf("got %+v; an expired approval no longer holds the deal", a)
	}
}

func TestPendingASM(t *testing.T) {
	srv := newTestServer(t)
	var a DealAnswer
	// Stage 1, the ESM approved 03-15 09:00: the ASM has until 03-25 09:00.
	body := form(t, map[string]any{"stage": "1", "esmDecision": "approved", "esmDecidedAt": "2026-03-15T09:00:00Z"})
	if code := post(t, srv, "application/json", body, &a); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if a.Approved || a.Status != "pending_asm" || a.NextStep != "asm: approve or deny the registration" ||
		a.NextDue == nil || !a.NextDue.Equal(time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC)) || a.ExpiresAt != nil {
		t.Errorf("got %+v", a)
	}
}

func TestBadRequestsPointIntoTheForm(t *testing.T) {
	srv := newTestServer(t)
	for _, tc := range []struct {
		name, body string
		pointers   []string
	}{
		{"values the rules reject", form(t, map[string]any{"stage": "9", "partnerTrack": "gold"}), []string{"/partnerTrack", "/stage"}},
		{"a malformed instant", form(t, map[string]any{"submittedAt": "yesterday"}), []string{"/submittedAt"}},
		{"a field the form does not have", form(t, map[string]any{"discount": 10}), []string{"/discount"}},
		{"a wrong JSON type", form(t, map[string]any{"trainedEmployees": "two"}), []string{"/trainedEmployees"}},
		{"two wrong JSON types", form(t, map[string]any{"trainedEmployees": "two", "agreementSigned": "yes"}), []string{"/agreementSigned", "/trainedEmployees"}},
		{"an ESM decision before submission", form(t, map[string]any{"stage": "1", "esmDecision": "approved", "esmDecidedAt": "2026-03-01T09:00:00Z"}), []string{"/esmDecidedAt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p channelpolicy.Problem
			if code := post(t, srv, "application/json", tc.body, &p); code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", code)
			}
			var got []string
			for _, fe := range p.Errors {
				got = append(got, fe.Pointer)
				if fe.Detail == "" {
					t.Errorf("problem without a detail: %+v", fe)
				}
			}
			if !slices.Equal(got, tc.pointers) {
				t.Errorf("pointers %v, want %v (%+v)", got, tc.pointers, p)
			}
			if p.Type != channelpolicy.ProblemBase+"invalid-input" || p.Status != 400 || p.Instance != "/deals/decision" {
				t.Errorf("problem %+v", p)
			}
		})
	}
}

func TestWrongMethodAndContentType(t *testing.T) {
	srv := newTestServer(t)
	if code := post(t, srv, "text/plain", form(t, nil), nil); code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: status %d, want 415", code)
	}
	resp, err := http.Get(srv.URL + "/deals/decision")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
	big := `{"registrationId": "` + strings.Repeat("x", maxForm) + `"}`
	if code := post(t, srv, "application/json", big, nil); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: status %d, want 413", code)
	}
}

func TestRunReportsAnAddressItCannotUse(t *testing.T) {
	if err := run(context.Background(), io.Discard, "127.0.0.1:not-a-port"); err == nil {
		t.Error("want an error for a malformed address")
	}
}

// A registration's problem with no form member behind it stays below
// "/registration", so that it is not mistaken for a member of the form.
func TestToFormKeepsWhatTheFormCannotCarry(t *testing.T) {
	var p program.Problems
	p.Add("/partner/track", "bad track")
	p.Add("/opportunity/close_date", "required at closed_won")
	var got []string
	for _, fe := range program.FieldErrors(toForm(p.Err())) {
		got = append(got, fe.Pointer+": "+fe.Detail)
	}
	want := []string{"/partnerTrack: bad track", "/registration/opportunity/close_date: required at closed_won"}
	if !slices.Equal(got, want) {
		t.Errorf("toForm: %q, want %q", got, want)
	}
}

// The policy API is mounted under /policy/ beside the service's own route:
// its operations answer there, and its problems name the path the caller
// used.
func TestPolicyAPIUnderAPrefix(t *testing.T) {
	srv := newTestServer(t)
	resp, err := http.Get(srv.URL + "/policy/v1/operations")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Operations []struct{ Name, Path string }
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(list.Operations) == 0 {
		t.Fatalf("GET /policy/v1/operations: %d %v %+v", resp.StatusCode, err, list)
	}
	if list.Operations[0].Path != "/policy/v1/dealreg/route" {
		t.Errorf("operation %+v: want its path under the prefix", list.Operations[0])
	}

	reg, err := os.ReadFile("../quickstart/registration.json")
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Post(srv.URL+"/policy/v1/dealreg/route", "application/json", bytes.NewReader(reg))
	if err != nil {
		t.Fatal(err)
	}
	var d struct{ Outcome string }
	err = json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	// At the service's clock, 2026-03-20: the ASM's deadline has passed.
	if err != nil || resp.StatusCode != http.StatusOK || d.Outcome != "approved" {
		t.Errorf("POST /policy/v1/dealreg/route: %d %v %+v", resp.StatusCode, err, d)
	}

	resp, err = http.Post(srv.URL+"/policy/v1/dealreg/route", "application/json", strings.NewReader(`{"scope": "everything"}`))
	if err != nil {
		t.Fatal(err)
	}
	var p channelpolicy.Problem
	err = json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusBadRequest || p.Instance != "/policy/v1/dealreg/route" || len(p.Errors) == 0 {
		t.Errorf("a bad registration: %d %v %+v", resp.StatusCode, err, p)
	}

	// The service's own paths are not the API's.
	resp, err = http.Get(srv.URL + "/v1/operations")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /v1/operations outside the prefix: %d, want 404", resp.StatusCode)
	}
}
