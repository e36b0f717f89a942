// Package channelpolicy is the front door to the channel-partner rules: the
// registry of operations ("dealreg.route", "nfr.decide", …), the policy sets
// they decide under, evaluation on JSON bytes, and the HTTP handler.
//
// The rules themselves live in the rules packages (dealreg, serviceattach,
// nfr, distribution, incumbency), which a Go program may call directly:
//
//	d, err := dealreg.Default().Route(reg, now)
//
// This package is for callers that hold JSON — a CRM export, an HTTP body, a
// JSON Lines batch — and for tools that list, document or serve every
// operation the same way:
//
//	res, err := channelpolicy.Evaluate("dealreg.route", body, now)
//	if errors.Is(err, program.ErrInvalidInput) {
//		for _, fe := range program.FieldErrors(err) {
//			log.Printf("%s: %s", fe.Pointer, fe.Detail) // /opportunity/stage: 9 is not a stage ...
//		}
//	}
//	res.Outcome // "approved"
//	res.Rules   // the rule IDs of the reasons, in order
//
// Each operation is declared once, from the rules package's own function,
// with [At] or [Timeless]; [Declare] groups a package's operations with its
// rules and policy; [NewRegistry] holds packages and [Default] is the
// registry of every rules package. A [PolicySet] is the policy each package
// decides under: [Registry.Policies] gives the defaults and
// [PolicySet.Load] lays a policy-set document over them, all or nothing.
//
// Input is read by [program.DecodeJSON]: exact member names, unknown and
// duplicate members refused, every problem reported at once, each located by
// an RFC 6901 JSON Pointer into the document the caller sent.
package channelpolicy
