package channelpolicy

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/channelpolicy/channelpolicy/program"
)

// Problem is an RFC 9457 problem document: what the HTTP handler answers
// when it cannot decide, and what the command writes for a failed eval with
// --format json. Errors lists every problem of the input, each located by a
// JSON Pointer into the document the caller sent ({pointer, detail}), or by
// the parameter it concerns ({parameter, detail}). Errors holds at most
// [program.MaxProblems] problems, the first in order; ErrorsOmitted counts
// the rest.
type Problem struct {
	Type          string                `json:"type"`
	Title         string                `json:"title"`
	Status        int                   `json:"status"`
	Detail        string                `json:"detail"`
	Instance      string                `json:"instance,omitempty"`
	Errors        []*program.FieldError `json:"errors,omitempty"`
	ErrorsOmitted int                   `json:"errors_omitted,omitempty"`
}

// ProblemBase is the prefix of every problem type URI.
const ProblemBase = "https://github.com/channelpolicy/channelpolicy/problems/"

// ProblemKind is one kind of problem: its type slug, title and HTTP status.
type ProblemKind struct {
	Slug   string
	Title  string
	Status int
}

// The kinds of problem the handler and the command report.
var (
	ProblemInvalidInput     = ProblemKind{"invalid-input", "The input is not valid for this operation", http.StatusBadRequest}
	ProblemBadBody          = ProblemKind{"unreadable-body", "The request body could not be read", http.StatusBadRequest}
	ProblemParameter        = ProblemKind{"invalid-parameter", "A parameter of the request is not valid", http.StatusBadRequest}
	ProblemNotFound         = ProblemKind{"not-found", "Nothing is served at this path", http.StatusNotFound}
	ProblemUnknownOperation = ProblemKind{"unknown-operation", "No such operation", http.StatusNotFound}
	ProblemMethod           = ProblemKind{"method-not-allowed", "The method is not allowed on this path", http.StatusMethodNotAllowed}
	ProblemTooLarge         = ProblemKind{"body-too-large", "The request body is too large", http.StatusRequestEntityTooLarge}
	ProblemMediaType        = ProblemKind{"unsupported-media-type", "The request body must be JSON", http.StatusUnsupportedMediaType}
	ProblemTimeout          = ProblemKind{"timeout", "The request took longer than the server allows", http.StatusServiceUnavailable}
	ProblemInternal         = ProblemKind{"internal-error", "The server failed", http.StatusInternalServerError}
)

// ProblemKinds lists every kind, for documentation and OpenAPI.
var ProblemKinds = []ProblemKind{ProblemInvalidInput, ProblemBadBody, ProblemParameter, ProblemNotFound, ProblemUnknownOperation, ProblemMethod, ProblemTooLarge, ProblemMediaType, ProblemTimeout, ProblemInternal}

// NewProblem makes a problem of kind k.
func NewProblem(k ProblemKind, detail, instance string, errs []*program.FieldError) Problem {
	return Problem{Type: ProblemBase + k.Slug, Title: k.Title, Status: k.Status, Detail: detail, Instance: instance, Errors: errs}
}

// EvaluationProblem is the problem document for an error of
// [PolicySet.Evaluate] on operation op: an input error lists its problems
// with their pointers (the first [program.MaxProblems], and the count of the
// rest); an unknown operation is unknown-operation; a context that ended
// is timeout; anything else is internal-error, with no detail of the
// failure.
func EvaluationProblem(op string, err error, instance string) Problem {
	switch {
	case errors.Is(err, program.ErrInvalidInput):
		fes, omitted := program.FieldErrors(err), program.Omitted(err)
		p := NewProblem(ProblemInvalidInput, inputDetail(op, fes, omitted), instance, fes)
		p.ErrorsOmitted = omitted
		return p
	case errors.Is(err, ErrUnknownOperation):
		return NewProblem(ProblemUnknownOperation, err.Error(), instance, nil)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return NewProblem(ProblemTimeout, "the decision was not made in the time the request had: "+err.Error(), instance, nil)
	}
	return NewProblem(ProblemInternal, "the decision failed for a reason that is not the input's", instance, nil)
}

func inputDetail(op string, fes []*program.FieldError, omitted int) string {
	switch {
	case omitted > 0:
		return fmt.Sprintf("the input of %s has %d problems; the first %d are listed in errors", op, len(fes)+omitted, len(fes))
	case len(fes) == 1:
		return fes[0].Error()
	}
	return fmt.Sprintf("the input of %s has %d problems, listed in errors", op, len(fes))
}
