package serviceattach

import (
	"slices"
	"strconv"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// writer appends the text of one reason; rules' Text funcs wrap their
// buffer in one.
type writer struct{ buf []byte }

func (w *writer) s(s string) *writer { w.buf = append(w.buf, s...); return w }

// d writes a date as YYYY-MM-DD.
func (w *writer) d(d program.Date) *writer { w.buf = d.AppendFormat(w.buf); return w }

func (w *writer) i(n int) *writer { w.buf = strconv.AppendInt(w.buf, int64(n), 10); return w }

// money writes "120000.5 USD", the amount as decimal's String writes it
// (trailing zeros dropped), so that the text survives a JSON round trip of
// the input, which does not keep them.
func (w *writer) money(m program.Money) *writer {
	return w.s(m.Amount.String()).s(" ").s(string(m.Currency))
}

// id writes " " and id when id is set.
func (w *writer) id(id string) *writer {
	if id != "" {
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, id...)
	}
	return w
}

// days writes "1 day" or "n days".
func (w *writer) days(n int) *writer {
	w.i(n)
	if n == 1 {
		return w.s(" day")
	}
	return w.s(" days")
}

// A classification reason carries every fact its text states in its own
// slots (program.Facts), so that a decision's reasons are one small block
// of bytes and nothing else: no copy of the registration, no Facts.Ref.
// Facts.V names the sentence; N[nFlags] holds its flags; each other N slot
// holds two halves of 32 bits (pair), each a date (day) or a count. The
// sentences and the slots each reads:
const (
	sClosedWon          = iota // s0 opportunity ID; n0 close date
	sPSP                       // s0 partner ID
	sDocument                  // s0 document ID, s1 industry; n0 submitted; fAck
	sCloseWindow               // n0 signed (zero when not stated), submitted; n1 close date, months; fAck
	sSignatureWindow           // n0 customer signed, submitted; n1 months
	sInScope                   // n0 the in-scope services (services)
	sNotPartnerSoftware        // fManaged
	sStage                     // s0 opportunity ID, s1 stage
	sNotPSP                    // s0 partner ID
	sDocProblem                // s0 document ID, s1 industry; fNoDoc, fAck, fNotExecuted, fNotSubmitted, fNotRegulated
	sNoCloseDate               // s0 opportunity ID, s1 document ID; n0 submitted, months; fAck
	sUnsigned                  // s0 document ID; n0 submitted, signature months; n1 close date, registration date; fAck, gaps, fMissCustomer, fMissPartner
	sWindowMiss                // n0 signed, submitted; n1 window opens, months; fAck, fRegistration, fSigned*, fSubmit*
	sSignatureMiss             // n0 customer signed, submitted; n1 months
	sGiven                     // n0 every service (services)
	sNetARR                    // s1 currency; x0 amount
	sRoutePaid                 // s0 document ID, s1 currency; x0 Net ARR; n0 signed (zero when not stated), submitted; n1 registration date, months; fAck
	sNoCategory                // n0 nearest target, unmet count
	sPSSubcontract             // s0 partner ID

	// The sentences that state no fact (fixedText).
	sPaid
	sNotSubcontracted
	sFree
	sSubcontracted
	sPartnerSoftware
	sPaidNotFree
	sNotPartnerLed
	sNoProof
	sNoManagedService
	sNotPartnerOwned
	sRouteFree
	sRouteManaged
	sNonGitLab
	sNoOpportunity
	sCEWithoutUpgrade
	sEducationOnly
)

// fixedText is the text of each sentence that states no fact, by sentence.
var fixedText = [...]string{
	sPaid:             "the services are paid",
	sNotSubcontracted: "the services are not subcontracted",
	sFree:             "the services are free of charge",
	sSubcontracted:    "the services are subcontracted",
	sPartnerSoftware:  "managed/hosted services on software sold to or owned by the partner",
	sPaidNotFree:      "the services are paid, not free of charge",
	sNotPartnerLed:    "the services are subcontracted, not led by the partner",
	sNoProof:          "no proof of execution",
	sNoManagedService: "no managed/hosted service among the services",
	sNotPartnerOwned:  "the software is not sold to or owned by the partner",
	sRouteFree:        "free-of-charge services led by the partner, with proof of execution",
	sRouteManaged:     "closed-won managed/hosted services on software sold to or owned by the partner",
	sNonGitLab:        "the services are not related to GitLab and none is in scope",
	sNoOpportunity:    "no related license opportunity (opportunity stage none)",
	sCEWithoutUpgrade: "services for GitLab CE with no upgrade opportunity",
	sEducationOnly:    "education/training is the only service in scope of the registration",
}

// nFlags is the N slot of a classification reason's flags.
const nFlags = 5

// Flags (N[nFlags]).
const (
	// fNearest (the low 3 bits) is 1 + the target whose unmet requirement
	// the reason names, for a nearest miss's reasons: their texts begin
	// with what the registration would be.
	fNearest = 1<<3 - 1

	fAck          = 1 << (iota + 2) // the document is a customer acknowledgement
	fManaged                        // the services include managed/hosted
	fNoDoc                          // no document
	fNotExecuted                    // a SOW not fully executed
	fNotSubmitted                   // the document is not submitted
	fNotRegulated                   // an acknowledgement for a customer outside the regulated industries
	fMissCustomer                   // the document carries the customer's signature without its date
	fMissPartner                    // and the partner's
	fRegistration                   // the window opens at the registration (not the close)
	fSignedBefore                   // where the later signature falls against the window
	fSignedAfter
	fSubmitBefore // where the submission falls against the window
	fSubmitAfter
	fGaps // the gap bits (gapSignatureWindow...), times fGaps
)

// day packs a date into a half: the day in its low 5 bits, the month in
// the next 4, the year (which may be before year 1 when a window opens
// years before a date near it) above them; the zero Date is 0.
func day(d program.Date) uint32 {
	return uint32(d.Year)<<9 | uint32(d.Month)<<5 | uint32(d.Day)
}

// pair fills an N slot with two halves.
func pair(hi, lo uint32) int64 { return int64(uint64(hi)<<32 | uint64(lo)) }

// count packs a count into a half.
func count(n int) uint32 { return uint32(int32(n)) }

func hi(n int64) uint32 { return uint32(uint64(n) >> 32) }
func lo(n int64) uint32 { return uint32(n) }

// dayOf reads a half packed by day.
func dayOf(h uint32) program.Date {
	return program.Date{Year: int(int32(h) >> 9), Month: time.Month(h >> 5 & 15), Day: int(h & 31)}
}

// countOf reads a half packed by count.
func countOf(h uint32) int { return int(int32(h)) }

// serviceKinds are the categories as services packs them: 4 bits each,
// the category's place in this list plus one, so that every category fits
// and 0 ends the list.
var serviceKinds = func() []ServiceCategory {
	if len(ServiceCategories) >= 16 {
		panic("serviceattach: more service categories than 4 bits hold")
	}
	return slices.Clone(ServiceCategories)
}()

// services packs the categories of cs that keep holds, in order, into an
// N slot: 16 fit, and a valid registration lists each of the 15
// categories at most once.
func services(cs []ServiceCategory, keep func(ServiceCategory) bool) int64 {
	var n uint64
	shift := 0
	for _, c := range cs {
		if keep(c) {
			n |= uint64(slices.Index(serviceKinds, c)+1) << shift
			shift += 4
		}
	}
	return int64(n)
}

// services writes " a, b" for the services packed in n, each after sep
// but the first.
func (w *writer) services(n int64, sep string) *writer {
	for k := 0; n&15 != 0; k++ {
		if k > 0 {
			w.s(sep)
		}
		w.s(" ").s(string(serviceKinds[n&15-1]))
		n = int64(uint64(n) >> 4)
	}
	return w
}

// dt writes the date in half h.
func (w *writer) dt(h uint32) *writer { return w.d(dayOf(h)) }

// noun names the document in a reason text.
func noun(flags int64) string {
	if flags&fAck != 0 {
		return "customer acknowledgement"
	}
	return "SOW"
}

// classifyText writes any classification reason from its own facts.
func classifyText(b []byte, f program.Facts) []byte {
	w := writer{buf: b}
	flags := f.N[nFlags]
	if t := flags & fNearest; t != 0 && t <= int64(nTargets) {
		w.s(targetPrefix[t-1])
	}
	n0, n1 := f.N[0], f.N[1]
	switch v := int(f.V); v {
	case sClosedWon:
		w.s("opportunity").id(f.S[0]).s(" closed-won on ").dt(lo(n0))
	case sPSP:
		w.s("partner").id(f.S[0]).s(" is a Professional Services Partner")
	case sDocument:
		if flags&fAck == 0 {
			w.s("fully executed SOW").id(f.S[0]).s(" submitted ").dt(lo(n0))
		} else {
			w.s("customer acknowledgement").id(f.S[0]).s(" submitted ").dt(lo(n0)).s("; the customer is in ").s(f.S[1]).s(", a regulated industry")
		}
	case sCloseWindow:
		w.s(noun(flags)).signed(hi(n0)).s(" submitted ").dt(lo(n0))
		closed, months := dayOf(hi(n1)), countOf(lo(n1))
		w.s(", within the ").i(months).s("-month window after the close on ").d(closed).s(" (closes ").d(closed.AddMonths(months)).s(")")
	case sSignatureWindow:
		submitted, months := dayOf(lo(n0)), countOf(lo(n1))
		w.s("customer signed ").dt(hi(n0)).s(", within the ").i(months).s("-month window before the submission on ").d(submitted).s(" (opened ").d(submitted.AddMonths(-months)).s(")")
	case sInScope:
		w.s("in-scope services:").services(n0, ",")
	case sNotPartnerSoftware:
		if flags&fManaged != 0 {
			w.s("managed/hosted services on software the partner neither bought nor owns")
		} else {
			w.s("no managed/hosted services")
		}
	case sStage:
		w.s("opportunity").id(f.S[0]).s(" is at stage ").s(f.S[1]).s(", not closed-won")
	case sNotPSP:
		w.s("partner").id(f.S[0]).s(" is not a Professional Services Partner (competency professional_services)")
	case sDocProblem:
		writeDocProblem(&w, &f, flags)
	case sNoCloseDate:
		w.s("opportunity").id(f.S[0]).s(" is closed-won but records no close date, so the ").i(countOf(lo(n0))).s("-month window after the close cannot be judged for ").s(noun(flags)).id(f.S[1]).s(" submitted ").dt(hi(n0))
	case sUnsigned:
		writeUnsigned(&w, &f, flags)
	case sWindowMiss:
		writeWindowMiss(&w, &f, flags)
	case sSignatureMiss:
		signed, submitted, months := dayOf(hi(n0)), dayOf(lo(n0)), countOf(lo(n1))
		opens := submitted.AddMonths(-months)
		w.s("customer signed ").d(signed).s(", ").days(signed.DaysUntil(opens)).s(" before the ").i(months).s("-month window before the submission on ").d(submitted).s(" opened ").d(opens)
	case sGiven:
		w.s("no service in scope; given:").services(n0, ",")
	case sNetARR:
		arr := program.Money{Amount: f.D[0], Currency: program.Currency(f.S[1])}
		if arr.IsZero() {
			w.s("no Net ARR recorded on the opportunity")
		} else {
			w.s("Net ARR ").money(arr).s(" is not positive")
		}
	case sRoutePaid:
		w.s("paid engagement: ").s(noun(flags)).id(f.S[0]).signed(hi(n0)).s(" submitted ").dt(lo(n0))
		w.s(", within ").i(countOf(lo(n1))).s(" months of the registration on ").dt(hi(n1))
		w.s("; opportunity closed-won with Net ARR ").money(program.Money{Amount: f.D[0], Currency: program.Currency(f.S[1])})
	case sNoCategory:
		t, n := hi(n0), countOf(lo(n0))
		if t >= uint32(nTargets) {
			break
		}
		w.s("meets no category; the nearest is ").s(targetMiss[t].label()).s(", with ").i(n).s(" unmet requirement")
		if n != 1 {
			w.s("s")
		}
	case sPSSubcontract:
		w.s("the partner").id(f.S[0]).s(" delivers as a subcontractor to GitLab Professional Services")
	default:
		if v < len(fixedText) {
			w.s(fixedText[v])
		}
	}
	return w.buf
}

// signed writes " signed <date> and" when half h holds a date.
func (w *writer) signed(h uint32) *writer {
	if h != 0 {
		w.s(" signed ").dt(h).s(" and")
	}
	return w
}

// writeDocProblem says why the document does not count.
func writeDocProblem(w *writer, f *program.Facts, flags int64) {
	if flags&fNoDoc != 0 {
		w.s("no SOW or customer acknowledgement submitted")
		return
	}
	w.s(noun(flags)).id(f.S[0])
	notSubmitted := flags&fNotSubmitted != 0
	switch {
	case flags&fNotExecuted != 0 && notSubmitted:
		w.s(" is not fully executed and not submitted")
	case flags&fNotExecuted != 0:
		w.s(" is not fully executed")
	case notSubmitted:
		w.s(" is not submitted")
	}
	if flags&fNotRegulated != 0 {
		if !notSubmitted {
			w.s(" does not count:")
		} else {
			w.s(", and")
		}
		w.s(" an acknowledgement stands in for a SOW only for a customer in a regulated industry; the customer's industry is ")
		if f.S[1] == "" {
			w.s("not stated")
		} else {
			w.s(f.S[1])
		}
	}
}

// writeUnsigned says which windows (the gap bits) a signature without its
// date leaves unjudged.
func writeUnsigned(w *writer, f *program.Facts, flags int64) {
	gaps := int(flags / fGaps)
	missCustomer, missPartner := flags&fMissCustomer != 0, flags&fMissPartner != 0
	w.s(noun(flags)).id(f.S[0]).s(" submitted ").dt(hi(f.N[0])).s(" records no ")
	switch {
	case gaps == gapSignatureWindow || missCustomer && !missPartner:
		// The window before the submission reads the customer's only.
		w.s("customer")
	case missCustomer:
		w.s("customer or partner")
	default:
		w.s("partner")
	}
	w.s(" signature date, so ")
	sep := ""
	if gaps&gapSignatureWindow != 0 {
		w.s("the ").i(countOf(lo(f.N[0]))).s("-month window before the submission")
		sep = " and "
	}
	if gaps&gapCloseWindow != 0 {
		w.s(sep).s("whether it was signed after the opportunity closed on ").dt(hi(f.N[1]))
		sep = " and "
	}
	if gaps&gapRegWindow != 0 {
		w.s(sep).s("whether it was signed after the registration on ").dt(lo(f.N[1]))
	}
	w.s(" cannot be judged")
}

// writeWindowMiss says how a document's dates miss a window:
// "SOW submitted 2026-05-02, 7 days after the 6-month window closed
// 2026-04-25".
func writeWindowMiss(w *writer, f *program.Facts, flags int64) {
	signed, submitted := dayOf(hi(f.N[0])), dayOf(lo(f.N[0]))
	opens, months := dayOf(hi(f.N[1])), countOf(lo(f.N[1]))
	closes := opens.AddMonths(months)
	signedAfter, submitAfter := flags&fSignedAfter != 0, flags&fSubmitAfter != 0
	signedBefore, submitBefore := flags&fSignedBefore != 0, flags&fSubmitBefore != 0
	w.s(noun(flags))
	sep := ""
	if signedAfter || submitAfter {
		switch {
		case signedAfter && submitAfter:
			w.s(" signed ").d(signed).s(" and submitted ").d(submitted).s(", ").i(closes.DaysUntil(signed)).s(" and ").days(closes.DaysUntil(submitted))
		case signedAfter:
			w.s(" signed ").d(signed).s(", ").days(closes.DaysUntil(signed))
		default:
			w.s(" submitted ").d(submitted).s(", ").days(closes.DaysUntil(submitted))
		}
		w.s(" after the ").i(months).s("-month window closed ").d(closes)
		sep = ";"
	}
	if signedBefore || submitBefore {
		w.s(sep)
		switch {
		case signedBefore && submitBefore:
			w.s(" signed ").d(signed).s(" and submitted ").d(submitted).s(", ").i(signed.DaysUntil(opens)).s(" and ").days(submitted.DaysUntil(opens))
		case signedBefore:
			w.s(" signed ").d(signed).s(", ").days(signed.DaysUntil(opens))
		default:
			w.s(" submitted ").d(submitted).s(", ").days(submitted.DaysUntil(opens))
		}
		anchor := "the opportunity closed"
		if flags&fRegistration != 0 {
			anchor = "the registration was submitted"
		}
		w.s(" before ").s(anchor).s(" on ").d(opens)
	}
}
