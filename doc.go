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
//
// # Limits
//
// A request costs time and memory linear in its size, and its size is
// bounded, so that no input, however built, holds a core or the heap:
//
//   - Every list an input holds has a maxItems, published in the
//     operation's JSON Schema and enforced by the decoder, which refuses
//     exactly what the schema refuses.
//   - An error lists the first [program.MaxProblems] problems and counts
//     the rest ([program.Omitted]; errors_omitted in a problem document and
//     in eval's JSON Lines records).
//   - A body is at most [Options].MaxBody (1 MiB by default; more is 413);
//     eval reads at most 1 MiB per input and per JSON Lines line; case
//     books and policy files are read to casebook.MaxFile (16 MiB).
//   - A decision's explanation grows with its input, never with its square.
//
// # Time
//
// [PolicySet.EvaluateContext] checks its context before the input is
// decoded and again before it is decided, and stops with the context's
// error when it has ended. Decoding and deciding are not interrupted
// midway: each is a single pass linear in the bounded input (the hostile
// 1 MiB bodies of TestHostileBodies take at most tens of milliseconds), so
// a check inside them would cost more than it saves. The HTTP handler gives each request [Options].Timeout from its
// start: a body still arriving then, an input decoded after it, or a
// decision made after it, gets the 503 timeout problem and no decision.
// eval --jsonl has no deadline: each line is bounded as above, and
// interrupting the command ends it.
package channelpolicy
