package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/invopop/jsonschema"
	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/casebook"
	"github.com/channelpolicy/channelpolicy/program"
)

func runSchema(args []string, e env) int {
	fs := newFlags("schema", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "channelpolicy schema: want one OPERATION; 'channelpolicy operations' lists them")
		return exitBadCall
	}
	s, err := inputSchema(casebook.Default(), pos[0])
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fail(e, exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	return exitOK
}

// inputSchema generates the JSON Schema of op's input from its Go type.
func inputSchema(reg *casebook.Registry, op string) (*jsonschema.Schema, error) {
	_, o, ok := reg.Lookup(op)
	if !ok {
		return nil, fmt.Errorf("unknown operation %q", op)
	}
	// Only fields tagged jsonschema:"required" are required: a field whose
	// zero value is meaningful (a count of 0, false) may be left out, as the
	// decoder allows.
	r := &jsonschema.Reflector{Mapper: mapType, RequiredFromJSONSchemaTags: true}
	s := r.Reflect(o.NewInput())
	s.ID = jsonschema.ID("https://github.com/channelpolicy/channelpolicy/schema/" + op + ".json")
	s.Title = op
	s.Description = o.Summary
	return s, nil
}

var (
	decimalPattern = `^-?[0-9]+(\.[0-9]+)?$`
	typeTime       = reflect.TypeFor[time.Time]()
	typeDate       = reflect.TypeFor[program.Date]()
	typeStage      = reflect.TypeFor[program.Stage]()
	typeMoney      = reflect.TypeFor[program.Money]()
	typeCountry    = reflect.TypeFor[program.Country]()
	typeCurrency   = reflect.TypeFor[program.Currency]()
	typeTimeZone   = reflect.TypeFor[program.TimeZone]()
	typeClock      = reflect.TypeFor[program.ClockTime]()
	typeDecimal    = reflect.TypeFor[decimal.Decimal]()
	typeEnum       = reflect.TypeFor[program.Enumerated]()
)

// mapType gives the schema of the types whose JSON form is not their Go
// shape: instants, dates, stages, money, codes and every enum. A type it
// does not know is reflected as a plain struct or value.
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case typeTime:
		return &jsonschema.Schema{Type: "string", Format: "date-time", Description: "an RFC 3339 instant"}
	case typeDate:
		return &jsonschema.Schema{Type: "string", Format: "date", Description: "a calendar date, YYYY-MM-DD"}
	case typeStage:
		names := []any{}
		for _, s := range program.Stages {
			if _, ok := s.Number(); !ok {
				names = append(names, string(s))
			}
		}
		return &jsonschema.Schema{
			Description: "a sales stage: 0-7 (number or string), none, closed_won or closed_lost",
			OneOf: []*jsonschema.Schema{
				{Type: "integer", Minimum: "0", Maximum: "7"},
				{Type: "string", Pattern: "^[0-7]$"},
				{Type: "string", Enum: names},
			},
		}
	case typeMoney:
		props := jsonschema.NewProperties()
		props.Set("amount", &jsonschema.Schema{Type: "string", Pattern: decimalPattern, Description: "a decimal amount as a string"})
		props.Set("currency", &jsonschema.Schema{Type: "string", Pattern: "^[A-Z]{3}$", Description: "an ISO 4217 code"})
		return &jsonschema.Schema{Type: "object", Properties: props, Required: []string{"amount", "currency"}, AdditionalProperties: jsonschema.FalseSchema}
	case typeCountry:
		return &jsonschema.Schema{Type: "string", Pattern: "^[A-Z]{2}$", Description: "an ISO 3166-1 alpha-2 country code"}
	case typeCurrency:
		return &jsonschema.Schema{Type: "string", Pattern: "^[A-Z]{3}$", Description: "an ISO 4217 currency code"}
	case typeTimeZone:
		return &jsonschema.Schema{Type: "string", Description: "an IANA time zone name such as Europe/Berlin"}
	case typeClock:
		return &jsonschema.Schema{Type: "string", Pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", Description: "a time of day, HH:MM"}
	case typeDecimal:
		return &jsonschema.Schema{Type: "string", Pattern: decimalPattern, Description: "a decimal number as a string"}
	}
	if t.Kind() == reflect.String && t.Implements(typeEnum) {
		values := reflect.Zero(t).Interface().(program.Enumerated).EnumValues()
		enum := make([]any, len(values))
		for i, v := range values {
			enum[i] = v
		}
		return &jsonschema.Schema{Type: "string", Enum: enum}
	}
	return nil
}
