// Package program is the vocabulary the channelpolicy rules packages share:
// partners ([Partner], [Track], [Standing]), opportunities ([Opportunity],
// [Stage], [OpportunityKind]), explained decisions ([Reasons] recorded by
// a [ReasonWriter] citing a [Rule], each read back as a [Reason]; [Action]), money ([Money]), time ([Date], [TimeZone], [AddDays],
// [AddMonths], [BusinessCalendar]) and input errors ([FieldError],
// [ErrInvalidInput], [DecodeJSON]).
//
// # Conventions
//
// Enums are string types whose constants are the only valid values; the zero
// value is never valid, decoding rejects unknown values, and Check methods
// report them by field path. Every input error is a [FieldError] naming the
// field ("registration.opportunity.stage") and matches
// errors.Is(err, [ErrInvalidInput]); one input's problems are reported
// together as an errors.Join, which [FieldErrors] flattens.
//
// # Time
//
// Days are calendar days in a policy's zone: [AddDays] keeps the wall-clock
// time, so a day across a daylight-saving change is 23 or 25 hours. Months are
// calendar months clamped to the month's end: [AddMonths] of 31 August by 6 is
// 28 February (29 in a leap year), never 3 March as time.AddDate would give.
// A [Date] has no zone; [Date.Start] places it at midnight in one. Business
// days and hours come from a [BusinessCalendar], counted by a
// [ReadyCalendar]; the national holiday sets are github.com/rickar/cal/v2's.
package program
