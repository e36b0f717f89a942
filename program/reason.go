package program

import (
	"time"
)

// RuleID names one rule of one package, stably: "dealreg.roe.early_stage.asm_timeout".
// Tests and callers compare rule IDs, never reason texts.
type RuleID string

// Actor is who must act next on a decision.
type Actor string

const (
	ActorEcosystemOps Actor = "ecosystem_ops"
	ActorESM          Actor = "esm"
	ActorASM          Actor = "asm"
	ActorPartner      Actor = "partner"
)

// Actors lists every actor, in a fixed order.
var Actors = []Actor{ActorEcosystemOps, ActorESM, ActorASM, ActorPartner}

func (a Actor) Valid() bool                   { return IsOneOf(a, Actors) }
func (a *Actor) UnmarshalText(b []byte) error { return UnmarshalEnum(a, b, "actor", Actors) }

// Action is the next step a person must take: who, what, and by when. A zero
// Due means no deadline; a zero Action means nobody needs to act.
type Action struct {
	Actor Actor     `json:"actor"`
	What  string    `json:"what"`
	Due   time.Time `json:"due,omitzero"`
}

// IsZero reports whether a is the zero Action.
func (a Action) IsZero() bool { return a.Actor == "" && a.What == "" && a.Due.IsZero() }

// EnumValues lists the valid values of Actor.
func (Actor) EnumValues() []string { return EnumStrings(Actors) }

// Decision is implemented by every decision type of the rules packages, so
// that the operation registry, case books and logs can read any decision the
// same way: its outcome as the JSON writes it, and the rule IDs of its
// reasons in order.
type Decision interface {
	OutcomeRules() (outcome string, rules []RuleID)
}
