package channelpolicy

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/invopop/jsonschema"
	"github.com/shopspring/decimal"

	"github.com/channelpolicy/channelpolicy/program"
)

//go:generate go test -run TestSchemaComments -update-schema-comments

// InputSchema is the JSON Schema (draft 2020-12) of the operation's input:
// what [program.DecodeJSON] and the operation's own validation accept for
// it, except the rules that relate one value to another (an approval
// before its submission, a fact after the evaluation instant, two list
// elements with one ID), which JSON Schema cannot say and the rules
// packages' documentation does. It is an error when the input holds a type
// with its own JSON form that the schema generator does not know.
func (op Operation) InputSchema() ([]byte, error) {
	s, err := inputSchema(op)
	if err != nil {
		return nil, err
	}
	return json.Marshal(s)
}

// inputSchema generates the JSON Schema of op's input from its Go type:
// reflected by [inputReflector], then refined by [refineInput].
func inputSchema(op Operation) (*jsonschema.Schema, error) {
	s := inputReflector().ReflectFromType(op.inputType)
	if err := refineInput(s, op.inputType); err != nil {
		return nil, fmt.Errorf("schema of the input of %s: %w", op.name, err)
	}
	s.ID = jsonschema.ID("https://github.com/channelpolicy/channelpolicy/schema/" + op.name + ".json")
	s.Title = op.name
	s.Description = op.summary
	return s, nil
}

// inputReflector is the reflector of input schemas. Only fields tagged
// jsonschema:"required" are required, as in the decoder: a field whose
// zero value is meaningful (a count of 0, false) may be left out. Types
// with their own JSON form get their schema from [mapType]; descriptions
// come from the Go doc comments in [schemaComments]. A reflection of an
// input must then go through [refineInput].
func inputReflector() *jsonschema.Reflector {
	return &jsonschema.Reflector{Mapper: mapType, RequiredFromJSONSchemaTags: true, CommentMap: schemaComments}
}

var (
	decimalPattern    = program.DecimalPattern
	typeTime          = reflect.TypeFor[time.Time]()
	typeDate          = reflect.TypeFor[program.Date]()
	typeDateOrInstant = reflect.TypeFor[program.DateOrInstant]()
	typeStage         = reflect.TypeFor[program.Stage]()
	typeMoney         = reflect.TypeFor[program.Money]()
	typeCountry       = reflect.TypeFor[program.Country]()
	typeCurrency      = reflect.TypeFor[program.Currency]()
	typeTimeZone      = reflect.TypeFor[program.TimeZone]()
	typeClock         = reflect.TypeFor[program.ClockTime]()
	typeDecimal       = reflect.TypeFor[decimal.Decimal]()
	typeEnum          = reflect.TypeFor[program.Enumerated]()
	typeRawJSON       = reflect.TypeFor[json.RawMessage]()
	typeJSONU         = reflect.TypeFor[json.Unmarshaler]()
	typeTextU         = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// The patterns of the string forms the decoder reads. JSON Schema's
// formats say the same for a validator that asserts them; the patterns say
// it for one that does not, and close the gaps where a format is wider than
// the decoder: instantPattern refuses a leap second (23:59:60), lower-case
// t and z and offsets beyond ±23:59 (program.ParseInstant), datePattern
// the year 0000 (program.ParseDate). Only the format knows how many days a
// month has.
const (
	instantPattern = `^[0-9]{4}` + monthDayTime
	datePattern    = `^` + year1 + `-` + monthDay + `$`
	clockPattern   = `^([01][0-9]|2[0-3]):[0-5][0-9]$`
	// instantCEPattern is instantPattern in the years 0001-9999, the
	// instants program.DateOrInstant reads.
	instantCEPattern = `^` + year1 + monthDayTime
	// zeroInstantPattern matches the zero time.Time, which the packages
	// read as no instant, written in UTC. (Written with another offset,
	// such as 0001-01-01T01:00:00+01:00, it is beyond a pattern of sane
	// size: the schema takes it.)
	zeroInstantPattern = `^0001-01-01T00:00:00(\.0+)?(Z|[+-]00:00)$`
	// blankPattern matches a string of nothing but white space as
	// strings.TrimSpace counts it (Unicode's White_Space), which the
	// packages read as no value.
	blankPattern = "^[\\t\\n\\v\\f\\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"

	year1        = `([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})` // 0001-9999
	monthDay     = `(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`
	monthDayTime = `-` + monthDay + `T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
)

// mapType gives the schema of the types whose JSON form is not their Go
// shape: instants, dates, stages, money, codes, decimals and every enum. A
// type it does not know is reflected as a plain struct or value. Each call
// returns a new schema, which struct tags may refine for one field.
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case typeTime:
		return &jsonschema.Schema{Type: "string", Format: "date-time", Pattern: instantPattern,
			Description: "an RFC 3339 instant such as 2026-11-25T09:30:00Z"}
	case typeDate:
		return &jsonschema.Schema{Type: "string", Format: "date", Pattern: datePattern,
			Description: "a calendar date, YYYY-MM-DD, in the years 0001 to 9999"}
	case typeStage:
		names := []any{}
		for _, s := range program.Stages {
			if _, ok := s.Number(); !ok {
				names = append(names, string(s))
			}
		}
		// A stage may also be a CRM's label, which a policy maps onto a
		// stage (dealreg's stage_labels): labels are policy data, so the
		// schema takes any non-empty string and the package checks it.
		return &jsonschema.Schema{
			Description: "a sales stage: 0-7 (number or string), none, closed_won or closed_lost; or a CRM stage label the policy maps onto one",
			AnyOf: []*jsonschema.Schema{
				{Type: "integer", Minimum: "0", Maximum: "7"},
				{Type: "string", Enum: names},
				{Type: "string", MinLength: ptr(uint64(1))},
			},
		}
	case typeDateOrInstant:
		return &jsonschema.Schema{
			Description: "a calendar date (YYYY-MM-DD) or an RFC 3339 instant, as the CRM records it",
			AnyOf: []*jsonschema.Schema{
				{Type: "string", Format: "date", Pattern: datePattern},
				{Type: "string", Format: "date-time", Pattern: instantCEPattern, Not: &jsonschema.Schema{Pattern: zeroInstantPattern}},
			},
		}
	case typeMoney:
		props := jsonschema.NewProperties()
		props.Set("amount", &jsonschema.Schema{Type: "string", Pattern: decimalPattern, MaxLength: ptr(uint64(program.MaxDecimalLength)), Description: "a decimal amount as a string, such as \"1234.50\""})
		props.Set("currency", currencySchema())
		return &jsonschema.Schema{Type: "object", Properties: props, Required: []string{"amount", "currency"}, AdditionalProperties: jsonschema.FalseSchema,
			Description: "an amount of money: a decimal amount as a string and an ISO 4217 currency code"}
	case typeCountry:
		return &jsonschema.Schema{Type: "string", Enum: codes().countries, Description: "an ISO 3166-1 alpha-2 country code such as DE"}
	case typeCurrency:
		return currencySchema()
	case typeTimeZone:
		return &jsonschema.Schema{Type: "string", MinLength: ptr(uint64(1)), Description: "an IANA time zone name such as Europe/Berlin"}
	case typeClock:
		return &jsonschema.Schema{Type: "string", Pattern: clockPattern, Description: "a time of day, HH:MM"}
	case typeDecimal:
		return &jsonschema.Schema{Type: "string", Pattern: decimalPattern, MaxLength: ptr(uint64(program.MaxDecimalLength)), Description: "a decimal number as a string, such as \"0.15\""}
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

func currencySchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Enum: codes().currencies, Description: "an ISO 4217 currency code such as USD"}
}

func ptr[T any](v T) *T { return &v }

// codes lists, once, every code program.Country and program.Currency
// accept, so that the schema names exactly those.
var codes = sync.OnceValue(func() (c struct{ countries, currencies []any }) {
	letters := func(n int, yield func(string)) {
		b := make([]byte, n)
		var fill func(i int)
		fill = func(i int) {
			if i == n {
				yield(string(b))
				return
			}
			for l := byte('A'); l <= 'Z'; l++ {
				b[i] = l
				fill(i + 1)
			}
		}
		fill(0)
	}
	letters(2, func(s string) {
		if program.Country(s).Valid() {
			c.countries = append(c.countries, s)
		}
	})
	letters(3, func(s string) {
		if program.Currency(s).Valid() {
			c.currencies = append(c.currencies, s)
		}
	})
	return c
})

// The whole numbers the decoder reads: ±2^53, where a JSON number stops
// being exact for most callers (program.ParseWhole).
const (
	maxWhole = "9007199254740992"
	minWhole = "-9007199254740992"
)

// refineInput makes root, the reflection of input type t by
// [inputReflector] (or by a reflector with the same mapper, tags and
// comments, as the OpenAPI document's), say what the decoder and the rules
// packages accept beyond what reflection gives:
//
//   - An optional member may be null, which the decoder reads as absent; a
//     required one, a list element and a map value may not.
//   - A member's require tag ([program.RequireTag]) becomes, beside its
//     schema, a schema requiring the members it names below it, not null
//     (on every element, for a list).
//   - A required member is a value the packages can read: a plain string
//     is not empty, an instant is not the zero time.Time. An optional plain
//     string with a format (an email address) may be blank, which the
//     packages read as not given.
//   - Whole numbers are bounded to ±2^53 (0 and up when unsigned), within
//     any bounds their tags give.
//   - The numeric keywords minimum, maximum and multipleOf in the tag of a
//     decimal (a decimal.Decimal, or the amount of a program.Money) bound
//     the number its string writes, as a pattern: minimum=0 refuses
//     negative amounts, maximum=1000000000000000 amounts over 10^15,
//     multipleOf=0.0000000001 more than 10 significant decimal places. A
//     minimum other than 0, a maximum other than a power of ten and a
//     multipleOf other than a power of ten below 1 are errors.
//   - A member reflection left undescribed is described by its type.
//
// It is an error when t holds a type with its own JSON form that [mapType]
// does not know: reflecting its Go shape would describe a form the decoder
// never reads.
func refineInput(root *jsonschema.Schema, t reflect.Type) error {
	r := &refiner{defs: root.Definitions, done: map[*jsonschema.Schema]bool{}}
	r.value(root, t)
	return r.err
}

type refiner struct {
	defs jsonschema.Definitions
	// done holds the schemas refined already: a definition is refined once,
	// however many members refer to it.
	done map[*jsonschema.Schema]bool
	err  error
}

// resolve is the definition s refers to, or s itself when it is not a
// reference to a definition of this document (a mapped schema may carry a
// reference to elsewhere).
func (r *refiner) resolve(s *jsonschema.Schema) *jsonschema.Schema {
	if name, ok := strings.CutPrefix(s.Ref, "#/$defs/"); ok {
		if def, ok := r.defs[name]; ok {
			return def
		}
	}
	return s
}

// custom reports whether t reads its own JSON.
func custom(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(typeJSONU) || p.Implements(typeTextU)
}

// value refines s, the schema of Go type t.
func (r *refiner) value(s *jsonschema.Schema, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s = r.resolve(s)
	if s == nil || r.done[s] {
		return
	}
	r.done[s] = true
	if t == typeRawJSON {
		return
	}
	if custom(t) {
		if mapType(t) == nil {
			r.fail(fmt.Errorf("type %v reads its own JSON, but the schema generator does not know its form (add it to mapType)", t))
		}
		return
	}
	if mapType(t) != nil { // Money: a plain struct to the decoder, described whole
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range memberFields(t) {
			r.member(s, f)
		}
	case reflect.Slice, reflect.Array:
		if s.Items != nil {
			r.value(s.Items, t.Elem())
		}
	case reflect.Map:
		if s.AdditionalProperties != nil && s.AdditionalProperties != jsonschema.FalseSchema {
			r.value(s.AdditionalProperties, t.Elem())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		lo, hi := minWhole, maxWhole
		if t.Bits() < 64 {
			lo, hi = strconv.FormatInt(-1<<(t.Bits()-1), 10), strconv.FormatInt(1<<(t.Bits()-1)-1, 10)
		}
		bound(s, lo, hi)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		hi := maxWhole
		if t.Bits() < 64 {
			hi = strconv.FormatUint(1<<t.Bits()-1, 10)
		}
		bound(s, "0", hi)
	}
}

func (r *refiner) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// bound narrows the integer schema s to [lo, hi], keeping tighter bounds
// its tags gave.
func bound(s *jsonschema.Schema, lo, hi string) {
	if s.Type != "integer" {
		return
	}
	if s.Minimum == "" || less(string(s.Minimum), lo) {
		s.Minimum = json.Number(lo)
	}
	if s.Maximum == "" || less(hi, string(s.Maximum)) {
		s.Maximum = json.Number(hi)
	}
}

func less(a, b string) bool {
	x, errA := decimal.NewFromString(a)
	y, errB := decimal.NewFromString(b)
	return errA == nil && errB == nil && x.LessThan(y)
}

// member refines the property of parent that struct field f decodes.
func (r *refiner) member(parent *jsonschema.Schema, f memberField) {
	if parent.Properties == nil {
		return
	}
	prop, ok := parent.Properties.Get(f.name)
	if !ok {
		return
	}
	r.value(prop, f.Type)
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if err := decimalBounds(prop, t, f.Tag.Get("jsonschema")); err != nil {
		r.fail(fmt.Errorf("field %s: %w", f.Name, err))
	}
	if f.required {
		requireValue(prop, t)
	}
	desc, title := prop.Description, prop.Title
	if desc == "" {
		desc = typeDescription(t)
	}
	prop.Description, prop.Title = "", ""
	out := prop
	if !f.required && t != typeRawJSON && t.Kind() != reflect.Interface {
		alts := []*jsonschema.Schema{out}
		if plainString(t) && prop.Format != "" {
			alts = append(alts, &jsonschema.Schema{Type: "string", Pattern: blankPattern})
		}
		out = &jsonschema.Schema{AnyOf: append(alts, &jsonschema.Schema{Type: "null"})}
	}
	if require := f.Tag.Get(program.RequireTag); require != "" {
		overlay, err := requireSchema(f.Type, require)
		if err != nil {
			r.fail(fmt.Errorf("field %s: %w", f.Name, err))
			return
		}
		out = &jsonschema.Schema{AllOf: []*jsonschema.Schema{out, overlay}}
	}
	if out == prop {
		prop.Description, prop.Title = desc, title
		return
	}
	out.Description, out.Title = desc, title
	parent.Properties.Set(f.name, out)
}

// requireValue adds to s, the schema of a required member of type t, what
// the packages count as no value although the decoder reads one: an empty
// plain string, and the zero instant (which Go reads as none).
func requireValue(s *jsonschema.Schema, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case plainString(t):
		if s.MinLength == nil {
			s.MinLength = ptr(uint64(1))
		}
	case t == typeTime:
		s.AllOf = append(s.AllOf, &jsonschema.Schema{Not: &jsonschema.Schema{Pattern: zeroInstantPattern}})
	}
}

// plainString reports whether t is a string type without a JSON form of
// its own (not an enum, not a code).
func plainString(t reflect.Type) bool {
	return t.Kind() == reflect.String && !custom(t) && mapType(t) == nil
}

// typeDescription is the first sentence of t's doc comment, or the
// description its mapped schema gives.
func typeDescription(t reflect.Type) string {
	if d := schemaComments[t.PkgPath()+"."+t.Name()]; d != "" && t.Name() != "" {
		return d
	}
	if s := mapType(t); s != nil {
		return s.Description
	}
	return ""
}

// requireSchema is the schema a require tag (program.RequireTag) puts on a
// value of type t: the members it lists are present and not null, on each
// element when t is a list.
func requireSchema(t reflect.Type, require string) (*jsonschema.Schema, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		items, err := requireSchema(t.Elem(), require)
		return &jsonschema.Schema{Items: items}, err
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("require tag %q on %v, which is not an object", require, t)
	}
	var names []string
	below := map[string][]string{}
	for _, item := range strings.Split(require, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, rest, nested := strings.Cut(item, "/")
		name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		if nested {
			below[name] = append(below[name], rest)
		}
	}
	s := &jsonschema.Schema{Required: names, Properties: jsonschema.NewProperties()}
	all := memberFields(t)
	for _, name := range names {
		i := slices.IndexFunc(all, func(f memberField) bool { return f.name == name })
		if i < 0 {
			return nil, fmt.Errorf("require tag names %q, which %v does not have", name, t)
		}
		sub := &jsonschema.Schema{}
		if rest := below[name]; len(rest) > 0 {
			var err error
			if sub, err = requireSchema(all[i].Type, strings.Join(rest, ",")); err != nil {
				return nil, err
			}
		}
		sub.Not = &jsonschema.Schema{Type: "null"}
		requireValue(sub, all[i].Type)
		s.Properties.Set(name, sub)
	}
	return s, nil
}

// memberField is a struct field as the decoder reads it: its member
// name, and whether its tag requires it.
type memberField struct {
	reflect.StructField
	name     string
	required bool
}

// memberFields lists the members of struct type t as program.DecodeJSON
// reads them: exported fields by their JSON names, with the members of
// embedded structs in place.
func memberFields(t reflect.Type) []memberField {
	var out []memberField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, memberFields(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, memberField{StructField: f, name: name, required: slices.Contains(strings.Split(f.Tag.Get("jsonschema"), ","), "required")})
	}
	return out
}

// decimalBounds turns the numeric keywords in tag, the jsonschema tag of a
// field of type t, into the pattern of the decimal string it bounds: the
// field itself for a decimal.Decimal, its amount for a program.Money. Tags
// of other types are reflection's business.
func decimalBounds(prop *jsonschema.Schema, t reflect.Type, tag string) error {
	var target *jsonschema.Schema
	switch t {
	case typeDecimal:
		target = prop
	case typeMoney:
		if prop.Properties != nil {
			target, _ = prop.Properties.Get("amount")
		}
	default:
		return nil
	}
	var nonNegative, bounded, scaled bool
	var maxDigits, scale int
	for _, item := range strings.Split(tag, ",") {
		key, val, ok := strings.Cut(item, "=")
		if !ok {
			continue
		}
		switch key {
		case "minimum":
			if val != "0" {
				return fmt.Errorf("a decimal's minimum may only be 0, not %s", val)
			}
			nonNegative = true
		case "maximum":
			if val == "" || val[0] != '1' || strings.Trim(val[1:], "0") != "" {
				return fmt.Errorf("a decimal's maximum must be a power of ten of at least 1, not %s", val)
			}
			bounded, maxDigits = true, len(val)-1
		case "multipleOf":
			frac, ok := strings.CutPrefix(val, "0.")
			if !ok || !strings.HasSuffix(frac, "1") || strings.Trim(frac[:len(frac)-1], "0") != "" {
				return fmt.Errorf("a decimal's multipleOf must be a power of ten below 1 (0.01), not %s", val)
			}
			scaled, scale = true, len(frac)
		case "exclusiveMinimum", "exclusiveMaximum":
			return fmt.Errorf("%s is not supported on a decimal", key)
		}
	}
	if !nonNegative && !bounded && !scaled {
		return nil
	}
	if target == nil {
		return fmt.Errorf("no schema for the amount of %v", t)
	}
	// A decimal string is -?[0-9]+(\.[0-9]+)?. With a scale, the fraction
	// has at most that many digits before trailing zeros.
	frac := `(\.[0-9]+)?`
	if scaled {
		frac = fmt.Sprintf(`(\.[0-9]{1,%d}0*)?`, scale)
	}
	// The non-negative numbers: under a bound of 10^k, at most k digits
	// after leading zeros, or 10^k itself.
	positive := `[0-9]+` + frac
	if bounded {
		below := "0" // 10^0 = 1: below it, 0 and a fraction
		if maxDigits > 0 {
			below = fmt.Sprintf(`[0-9]{1,%d}`, maxDigits)
		}
		positive = `0*(` + below + frac + `|1` + strings.Repeat("0", maxDigits) + `(\.0+)?)`
	}
	negative := `-[0-9]+` + frac // below any maximum
	if nonNegative {
		negative = `-0+(\.0+)?` // minus zero is zero
	}
	target.Pattern = "^(" + negative + "|" + positive + ")$"
	var says []string
	if nonNegative {
		says = append(says, "at least 0")
	}
	if bounded {
		says = append(says, "at most 1"+strings.Repeat("0", maxDigits))
	}
	if scaled {
		says = append(says, fmt.Sprintf("at most %d significant decimal places", scale))
	}
	target.Description = strings.TrimSuffix(target.Description, ".") + "; " + strings.Join(says, ", ")
	return nil
}
