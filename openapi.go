package channelpolicy

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/channelpolicy/channelpolicy/incumbency"
	"github.com/channelpolicy/channelpolicy/program"
)

// modulePath is this module's path: its packages' types are named without
// a package prefix (program, the root) or with one (the rules packages).
const modulePath = "github.com/channelpolicy/channelpolicy"

// OpenAPI is the OpenAPI 3.1 document of the HTTP API that [NewHandler]
// serves over r's operations, as indented JSON; the same registry always
// gives the same bytes.
//
// Every operation is a path POST /v1/{package}/{operation}, with the
// operation's input as its request body, the now query parameter, its
// decision as the 200 answer and RFC 9457 problem documents for the rest.
// Every Go type of an input, a decision or a policy is one schema in
// components, reflected with the same mapper as [Operation.InputSchema]:
// a type of package program or of this package keeps its name (Money,
// Reason, ExpiryInput), a rules package's type is prefixed with its
// package (DealregDecision, NfrDecision).
func (r *Registry) OpenAPI() ([]byte, error) {
	c := newComponents()
	doc := openAPI{
		OpenAPI: "3.1.0",
		Info: openAPIInfo{
			Title:   "channelpolicy",
			Version: Version(),
			Description: "Decisions of the channel-partner rules over HTTP. POST an operation's input as JSON to " +
				"/v1/{package}/{operation} and get its decision: an outcome, the reasons with the rule IDs " +
				"that decided it and what happens next. Input errors are RFC 9457 problem documents whose " +
				"errors list every problem at once, each located by an RFC 6901 JSON Pointer into the body " +
				"that was sent. The GET endpoints describe the service: its operations, the policies it " +
				"decides under, each input's JSON Schema and this document.",
		},
		Paths:      map[string]*openAPIPath{},
		Components: openAPIComponents{Responses: map[string]*openAPIResponse{}},
	}
	for _, p := range r.pkgs {
		doc.Tags = append(doc.Tags, openAPITag{Name: p.name, Description: p.doc})
	}
	doc.Tags = append(doc.Tags, openAPITag{Name: serviceTag, Description: "what the service offers and decides under"})

	// The problem document and the error answers every decision may get.
	problem := c.addRaw("Problem", problemSchema())
	c.addRaw("ProblemError", problemErrorSchema())
	errorAnswers := map[int]bool{}
	for _, k := range ProblemKinds {
		if k.Status == http.StatusMethodNotAllowed {
			continue // the server answers 405 only on paths this document does not offer
		}
		name := strings.ReplaceAll(http.StatusText(k.Status), " ", "")
		if _, ok := doc.Components.Responses[name]; !ok {
			doc.Components.Responses[name] = &openAPIResponse{
				Content: map[string]openAPIMedia{"application/problem+json": {Schema: problem}},
			}
			errorAnswers[k.Status] = true
		}
		resp := doc.Components.Responses[name]
		if resp.Description == "" {
			resp.Description = "A problem document, of type:"
		}
		resp.Description += fmt.Sprintf("\n- %s: %s", ProblemBase+k.Slug, k.Title)
	}
	errorRef := func(status int) *openAPIResponse {
		return &openAPIResponse{Ref: "#/components/responses/" + strings.ReplaceAll(http.StatusText(status), " ", "")}
	}

	for _, op := range r.ops {
		in, err := c.add(op.inputType, false)
		if err != nil {
			return nil, fmt.Errorf("openapi: input of %s: %w", op.name, err)
		}
		out, err := c.add(op.decisionType, true)
		if err != nil {
			return nil, fmt.Errorf("openapi: decision of %s: %w", op.name, err)
		}
		now := "The instant the decision is made at, an RFC 3339 instant such as 2026-03-20T09:00:00Z " +
			"(write a + in the offset as %2B). When it is absent, the server's clock is used."
		if !op.needsNow {
			now = "Ignored: this decision does not depend on the instant. When given, it must still be " +
				"an RFC 3339 instant such as 2026-03-20T09:00:00Z."
		}
		responses := map[string]*openAPIResponse{
			"200": {
				Description: "the decision",
				Headers: map[string]*openAPIHeader{"Channelpolicy-Now": {
					Description: "the instant the decision was made at, RFC 3339",
					Required:    true,
					Schema:      &jsonschema.Schema{Type: "string", Format: "date-time"},
				}},
				Content: map[string]openAPIMedia{"application/json": {Schema: out}},
			},
		}
		for _, status := range []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge,
			http.StatusUnsupportedMediaType, http.StatusInternalServerError, http.StatusServiceUnavailable} {
			if errorAnswers[status] {
				responses[fmt.Sprint(status)] = errorRef(status)
			}
		}
		doc.Paths["/v1/"+op.pkg+"/"+op.Short()] = &openAPIPath{Post: &openAPIOperation{
			OperationID: operationID(op.name),
			Summary:     op.summary,
			Description: fmt.Sprintf("Operation %s. The request body is its input; the answer is its decision.", op.name),
			Tags:        []string{op.pkg},
			Parameters: []*openAPIParameter{{
				Name: "now", In: "query", Description: now,
				Schema: &jsonschema.Schema{Type: "string", Format: "date-time"},
			}},
			RequestBody: &openAPIRequestBody{
				Description: "the input of " + op.name,
				Required:    true,
				Content:     map[string]openAPIMedia{"application/json": {Schema: in}},
			},
			Responses: responses,
		}}
	}

	// The policy set the handler decides under.
	policies := &jsonschema.Schema{
		Type:                 "object",
		Description:          "the policy of every package, keyed by package name: a policy-set document",
		Properties:           jsonschema.NewProperties(),
		AdditionalProperties: jsonschema.FalseSchema,
	}
	for _, p := range r.pkgs {
		s, err := c.add(p.policyType, true)
		if err != nil {
			return nil, fmt.Errorf("openapi: policy of %s: %w", p.name, err)
		}
		policies.Properties.Set(p.name, s)
		policies.Required = append(policies.Required, p.name)
	}
	policySet := c.addRaw("PolicySet", policies)
	opNames := make([]any, len(r.ops))
	for i, op := range r.ops {
		opNames[i] = op.name
	}
	operationList := c.addRaw("OperationList", operationListSchema())

	jsonAnswer := func(description string, s *jsonschema.Schema) map[string]*openAPIResponse {
		return map[string]*openAPIResponse{"200": {
			Description: description,
			Content:     map[string]openAPIMedia{"application/json": {Schema: s}},
		}}
	}
	health := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), Required: []string{"status"}, AdditionalProperties: jsonschema.FalseSchema}
	health.Properties.Set("status", &jsonschema.Schema{Const: "ok"})
	doc.Paths["/healthz"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getHealth", Summary: "say that the server is up", Tags: []string{serviceTag},
		Responses: jsonAnswer("the server is up", health),
	}}
	ready := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), Required: []string{"status"}, AdditionalProperties: jsonschema.FalseSchema}
	ready.Properties.Set("status", &jsonschema.Schema{Type: "string", Enum: []any{"ok", "draining"}})
	readyAnswers := jsonAnswer("the server takes requests: status ok", ready)
	readyAnswers["503"] = &openAPIResponse{
		Description: "the server is shutting down and finishing the requests it has: status draining; send new requests elsewhere",
		Content:     map[string]openAPIMedia{"application/json": {Schema: ready}},
	}
	doc.Paths["/readyz"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getReadiness", Summary: "say whether the server takes requests (a readiness probe)", Tags: []string{serviceTag},
		Responses: readyAnswers,
	}}
	doc.Paths["/metrics"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getMetrics", Summary: "show the server's metrics in the Prometheus text format", Tags: []string{serviceTag},
		Description: "Decisions by operation and outcome (channelpolicy_decisions_total), input errors by operation and " +
			"problem type (channelpolicy_input_errors_total), failures (channelpolicy_failures_total), latency " +
			"(channelpolicy_request_duration_seconds), requests in flight (channelpolicy_requests_in_flight), " +
			"dropped decision-log records (channelpolicy_decision_log_dropped_total), and the Go runtime's and the process's.",
		Responses: map[string]*openAPIResponse{"200": {
			Description: "the metrics, in the Prometheus text exposition format 0.0.4",
			Content:     map[string]openAPIMedia{"text/plain": {Schema: &jsonschema.Schema{Type: "string"}}},
		}},
	}}
	doc.Paths["/v1/operations"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "listOperations", Summary: "list the operations", Tags: []string{serviceTag},
		Responses: jsonAnswer("every operation, package by package", operationList),
	}}
	doc.Paths["/v1/policy"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getPolicy", Summary: "show the policies decisions are made under", Tags: []string{serviceTag},
		Responses: jsonAnswer("the policy set, as a document to copy, edit and load", policySet),
	}}
	schemaAnswers := jsonAnswer("the JSON Schema (draft 2020-12) of the operation's input",
		&jsonschema.Schema{Type: "object", Description: "a JSON Schema document, draft 2020-12"})
	schemaAnswers["404"] = errorRef(http.StatusNotFound)
	doc.Paths["/v1/schema/{operation}"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getSchema", Summary: "show the JSON Schema of an operation's input", Tags: []string{serviceTag},
		Parameters: []*openAPIParameter{{
			Name: "operation", In: "path", Required: true, Description: "the operation's full name",
			Schema: &jsonschema.Schema{Type: "string", Enum: opNames},
		}},
		Responses: schemaAnswers,
	}}
	doc.Paths["/v1/openapi.json"] = &openAPIPath{Get: &openAPIOperation{
		OperationID: "getOpenAPI", Summary: "show this document", Tags: []string{serviceTag},
		Responses: jsonAnswer("the OpenAPI 3.1 document of the API", &jsonschema.Schema{Type: "object", Description: "an OpenAPI 3.1 document"}),
	}}

	if c.err != nil {
		return nil, fmt.Errorf("openapi: %w", c.err)
	}
	doc.Components.Schemas = c.schemas
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	// Reflection writes references into $defs; in OpenAPI every
	// definition is a component.
	out = bytes.ReplaceAll(out, []byte(`"$ref": "#/$defs/`), []byte(`"$ref": "#/components/schemas/`))
	return append(out, '\n'), nil
}

// DecisionSchema is the JSON Schema (draft 2020-12) of the operation's
// decision: what a successful evaluation writes as JSON. Every member a
// decision always writes is required; one it leaves out when empty is not.
func (op Operation) DecisionSchema() ([]byte, error) {
	c := newComponents()
	r := c.reflector(true)
	r.Mapper = c.mapWire // inline, as in InputSchema: no components
	s := r.ReflectFromType(op.decisionType)
	if c.err != nil {
		return nil, fmt.Errorf("schema of the decision of %s: %w", op.name, c.err)
	}
	s.ID = jsonschema.ID("https://github.com/channelpolicy/channelpolicy/schema/" + op.name + ".decision.json")
	s.Title = op.name + " decision"
	s.Description = "the decision of " + op.name + ": " + op.summary
	return json.Marshal(s)
}

const serviceTag = "service"

// operationID turns "incumbency.renewal_discount" into
// "incumbencyRenewalDiscount".
func operationID(name string) string {
	var b strings.Builder
	for i, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '_' || r == '-' }) {
		if i > 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// Version is the version of this module in the running binary's build
// information: a release tag such as v1.2.0, a pseudo-version for a build
// from a checkout (with +dirty when the tree had changes), or "devel" when
// the build recorded none (a test binary, a build outside version control). The OpenAPI document's
// info.version and the audit command's User-Agent carry it.
func Version() string {
	const devel = "devel"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return devel
	}
	v := ""
	if bi.Main.Path == modulePath {
		v = bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			v = d.Version
			if d.Replace != nil {
				v = d.Replace.Version
			}
		}
	}
	if v == "" || v == "(devel)" {
		return devel
	}
	return v
}

// components collects the schemas of Go types, one per type, named by
// [components.name]. A type whose JSON form mapType gives (Money, Date,
// the enums) is a component too when it belongs to this module.
type components struct {
	schemas map[string]*jsonschema.Schema
	// owner is the type each name stands for: two types must not share one.
	owner map[string]reflect.Type
	// mapped holds, by name, the schema mapType gives a component type.
	mapped map[string]*jsonschema.Schema
	err    error
}

func newComponents() *components {
	return &components{schemas: map[string]*jsonschema.Schema{}, owner: map[string]reflect.Type{}, mapped: map[string]*jsonschema.Schema{}}
}

// reflector reflects as [inputSchema] does, with mapType; keep the two in
// step (TestOpenAPISchemasMatch fails when the document's request schemas
// stop saying what InputSchema says). A decision or a policy (output)
// requires every member that encoding/json always writes, so that clients
// may rely on it.
func (c *components) reflector(output bool) *jsonschema.Reflector {
	return &jsonschema.Reflector{
		Mapper:                     c.mapComponent,
		RequiredFromJSONSchemaTags: !output,
		Namer:                      c.name,
		Anonymous:                  true,
		CommentMap:                 schemaComments,
	}
}

var componentName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// name is the component name of t: the Go name for a type of package
// program or of this package, the package's name and the Go name for a
// type of any other package ("DealregDecision"); "" for an unnamed or a
// predeclared type.
func (c *components) name(t reflect.Type) string {
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	name := t.Name()
	if pkg := t.PkgPath(); pkg != modulePath && pkg != modulePath+"/program" {
		short := pkg[strings.LastIndex(pkg, "/")+1:]
		name = strings.ToUpper(short[:1]) + short[1:] + name
	}
	if !componentName.MatchString(name) {
		c.fail(fmt.Errorf("type %s has no usable component name (%q)", t, name))
		return ""
	}
	if prev, ok := c.owner[name]; ok && prev != t {
		c.fail(fmt.Errorf("types %s and %s would both be component %s", prev, t, name))
	}
	c.owner[name] = t
	return name
}

func (c *components) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// mapWire is mapType, and the JSON forms of the types that mapType does
// not know yet. A type with its own JSON encoding that neither knows is an
// error: reflecting its Go fields would describe a form it never writes.
func (c *components) mapWire(t reflect.Type) *jsonschema.Schema {
	if s := mapType(t); s != nil {
		return s
	}
	switch t {
	case typeRate:
		return &jsonschema.Schema{Type: "string", Pattern: decimalPattern, MaxLength: ptr(uint64(program.MaxDecimalLength)), Description: "a rate as a decimal string, such as \"0.15\""}
	case typeEffect:
		return effectSchema()
	case typeReasons:
		return &jsonschema.Schema{Type: "array", Items: c.mapWire(typeReason)}
	case typeReasonRef:
		return c.mapWire(typeReason)
	case typeReason:
		props := jsonschema.NewProperties()
		props.Set("rule", &jsonschema.Schema{Type: "string", Description: "the rule's stable ID; match on it, never on the text"})
		props.Set("section", &jsonschema.Schema{Type: "string", Description: "the handbook section heading the rule comes from"})
		props.Set("effect", effectSchema())
		props.Set("text", &jsonschema.Schema{Type: "string", Description: "this case's facts in a sentence, for people; it may change between versions"})
		return &jsonschema.Schema{Type: "object", Properties: props, Required: []string{"rule", "section", "effect", "text"},
			AdditionalProperties: jsonschema.FalseSchema,
			Description:          "one step of a decision's explanation: the rule, its section, how it bore on the decision, and the case's facts"}
	}
	custom := t.Implements(typeMarshaler) || reflect.PointerTo(t).Implements(typeMarshaler) ||
		t.Implements(typeTextMarshaler) || reflect.PointerTo(t).Implements(typeTextMarshaler)
	if custom && t.Kind() != reflect.String && !hasExportedFields(t) {
		c.fail(fmt.Errorf("type %s writes its own JSON, which the schema mapper does not know", t))
	}
	return nil
}

// hasExportedFields reports whether t is a struct with a field that
// reflection can see: a struct whose own JSON encoding only tidies its
// fields (nfr.Policy writes nil lists as []) is reflected from them.
func hasExportedFields(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

var (
	typeRate          = reflect.TypeFor[incumbency.Rate]()
	typeEffect        = reflect.TypeFor[program.Effect]()
	typeReason        = reflect.TypeFor[program.Reason]()
	typeReasons       = reflect.TypeFor[program.Reasons]()
	typeReasonRef     = reflect.TypeFor[program.ReasonRef]()
	typeMarshaler     = reflect.TypeFor[json.Marshaler]()
	typeTextMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// mapComponent is mapWire for a document with components: the schema of a
// named type of this module is recorded as a component, and the schema
// given to the reflector is marked with a reference to it. Struct tags may
// still refine the marked schema for one field; [components.resolve] then
// keeps it whole, and otherwise replaces it by the reference.
func (c *components) mapComponent(t reflect.Type) *jsonschema.Schema {
	switch t { // the forms of a reason, not components of their own
	case typeReasons:
		return &jsonschema.Schema{Type: "array", Items: c.mapComponent(typeReason)}
	case typeReasonRef:
		return c.mapComponent(typeReason)
	}
	s := c.mapWire(t)
	if s == nil || !strings.HasPrefix(t.PkgPath(), modulePath) {
		return s
	}
	name := c.name(t)
	if name == "" {
		return s
	}
	if _, ok := c.mapped[name]; !ok {
		c.mapped[name] = c.mapWire(t) // a copy no tag has touched
	}
	s.Ref = "#/$defs/" + name
	return s
}

// add reflects t and its types into components, and returns the schema
// that refers to t.
func (c *components) add(t reflect.Type, output bool) (*jsonschema.Schema, error) {
	root := c.reflector(output).ReflectFromType(t)
	if c.err != nil {
		return nil, c.err
	}
	if !output { // an input says exactly what the decoder accepts, as InputSchema does
		if err := refineInput(root, t); err != nil {
			return nil, err
		}
	}
	defs := root.Definitions
	root.Definitions, root.Version, root.ID = nil, "", ""
	for _, name := range sortedKeys(defs) {
		c.resolve(defs[name])
		if err := c.put(name, defs[name], output); err != nil {
			return nil, err
		}
	}
	c.resolve(root)
	// The mapped types this reflection referred to.
	for _, name := range sortedKeys(c.mapped) {
		if _, ok := c.schemas[name]; !ok {
			c.schemas[name] = c.mapped[name]
		}
	}
	if root.Ref == "" {
		return nil, fmt.Errorf("type %s is not a named type, so it cannot be a component", t)
	}
	return &jsonschema.Schema{Ref: root.Ref}, c.err
}

// put adds schema s as component name. A type reflected twice (as an input
// and as a decision) must reflect the same way.
func (c *components) put(name string, s *jsonschema.Schema, output bool) error {
	prev, ok := c.schemas[name]
	if !ok {
		c.schemas[name] = s
		return nil
	}
	a, _ := json.Marshal(prev)
	b, _ := json.Marshal(s)
	if !bytes.Equal(a, b) {
		return fmt.Errorf("type %s reflects differently as an input and as an output (output=%v): %s and %s", c.owner[name], output, a, b)
	}
	return nil
}

// resolve walks s and replaces each schema marked by mapComponent that no
// struct tag refined by a bare reference to its component, keeping the
// field's own description; a refined one is kept whole, unmarked.
func (c *components) resolve(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/$defs/"); ok {
		if m, ok := c.mapped[name]; ok {
			if sameValidation(s, m) {
				desc, title := s.Description, s.Title
				if desc == m.Description {
					desc = ""
				}
				*s = jsonschema.Schema{Ref: s.Ref, Description: desc, Title: title}
			} else {
				s.Ref = ""
			}
			return
		}
	}
	for _, sub := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
		for _, x := range sub {
			c.resolve(x)
		}
	}
	for _, x := range []*jsonschema.Schema{s.Not, s.If, s.Then, s.Else, s.Items, s.Contains, s.AdditionalProperties, s.PropertyNames, s.ContentSchema} {
		c.resolve(x)
	}
	for _, k := range sortedKeys(s.DependentSchemas) {
		c.resolve(s.DependentSchemas[k])
	}
	for _, k := range sortedKeys(s.PatternProperties) {
		c.resolve(s.PatternProperties[k])
	}
	if s.Properties != nil {
		for p := s.Properties.Oldest(); p != nil; p = p.Next() {
			c.resolve(p.Value)
		}
	}
}

// sameValidation reports whether a and b say the same but for their
// reference and annotations.
func sameValidation(a, b *jsonschema.Schema) bool {
	strip := func(s *jsonschema.Schema) []byte {
		x := *s
		x.Ref, x.Description, x.Title = "", "", ""
		out, _ := json.Marshal(&x)
		return out
	}
	return bytes.Equal(strip(a), strip(b))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// addRaw adds a hand-written component and returns a reference to it.
func (c *components) addRaw(name string, s *jsonschema.Schema) *jsonschema.Schema {
	if _, ok := c.schemas[name]; ok {
		c.fail(fmt.Errorf("component %s is declared twice", name))
	}
	c.schemas[name] = s
	return &jsonschema.Schema{Ref: "#/components/schemas/" + name}
}

func problemSchema() *jsonschema.Schema {
	var kinds []string
	for _, k := range ProblemKinds {
		kinds = append(kinds, fmt.Sprintf("%s (%d)", k.Slug, k.Status))
	}
	props := jsonschema.NewProperties()
	props.Set("type", &jsonschema.Schema{Type: "string", Format: "uri",
		Description: "the kind of problem: " + ProblemBase + " followed by one of " + strings.Join(kinds, ", ")})
	props.Set("title", &jsonschema.Schema{Type: "string", Description: "the kind of problem, for people; the same for every problem of its type"})
	props.Set("status", &jsonschema.Schema{Type: "integer", Minimum: "400", Maximum: "599", Description: "the HTTP status code"})
	props.Set("detail", &jsonschema.Schema{Type: "string", Description: "what went wrong with this request, for people; the text may change"})
	props.Set("instance", &jsonschema.Schema{Type: "string", Format: "uri-reference", Description: "the path the request was made to"})
	props.Set("errors", &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Ref: "#/components/schemas/ProblemError"},
		MinItems: ptr(uint64(1)), MaxItems: ptr(uint64(program.MaxProblems)),
		Description: fmt.Sprintf("every problem of the input, in a fixed order, up to the first %d: present for invalid-input and invalid-parameter", program.MaxProblems)})
	props.Set("errors_omitted", &jsonschema.Schema{Type: "integer", Minimum: "1",
		Description: fmt.Sprintf("how many more problems the input has beyond the %d listed in errors; absent when errors lists them all", program.MaxProblems)})
	return &jsonschema.Schema{
		Type: "object",
		Description: "An RFC 9457 problem document: why the request got no decision. An input error lists " +
			"every problem of the input in errors (the first " + strconv.Itoa(program.MaxProblems) + ", and the count of the rest in errors_omitted), " +
			"each located by a JSON Pointer.",
		Properties:           props,
		Required:             []string{"type", "title", "status", "detail"},
		AdditionalProperties: jsonschema.FalseSchema,
	}
}

func problemErrorSchema() *jsonschema.Schema {
	detail := &jsonschema.Schema{Type: "string", Description: "what is wrong with the value, for people; the text may change"}
	pointer := jsonschema.NewProperties()
	pointer.Set("pointer", &jsonschema.Schema{Type: "string", Format: "json-pointer",
		Description: "an RFC 6901 JSON Pointer to the value in the request body (/opportunity/stage, /seats/1/license); \"\" is the whole body"})
	pointer.Set("detail", detail)
	param := jsonschema.NewProperties()
	param.Set("parameter", &jsonschema.Schema{Type: "string", Description: "the query parameter the problem is with, such as now"})
	param.Set("detail", detail)
	return &jsonschema.Schema{
		Description: "one problem: with a value of the body, located by pointer, or with a query parameter",
		OneOf: []*jsonschema.Schema{
			{Type: "object", Properties: pointer, Required: []string{"pointer", "detail"}, AdditionalProperties: jsonschema.FalseSchema},
			{Type: "object", Properties: param, Required: []string{"parameter", "detail"}, AdditionalProperties: jsonschema.FalseSchema},
		},
	}
}

func operationListSchema() *jsonschema.Schema {
	str := func(d string) *jsonschema.Schema { return &jsonschema.Schema{Type: "string", Description: d} }
	props := jsonschema.NewProperties()
	props.Set("name", str("the operation's full name, such as dealreg.route"))
	props.Set("package", str("the rules package it belongs to"))
	props.Set("summary", str("what it decides, in one line"))
	props.Set("needs_now", &jsonschema.Schema{Type: "boolean", Description: "whether the decision depends on the instant (the now parameter)"})
	props.Set("path", str("the path to POST its input to"))
	props.Set("schema", str("the path of its input's JSON Schema"))
	item := &jsonschema.Schema{Type: "object", Properties: props, Required: []string{"name", "package", "summary", "needs_now", "path", "schema"}, AdditionalProperties: jsonschema.FalseSchema}
	list := jsonschema.NewProperties()
	list.Set("operations", &jsonschema.Schema{Type: "array", Items: item})
	return &jsonschema.Schema{Type: "object", Properties: list, Required: []string{"operations"}, AdditionalProperties: jsonschema.FalseSchema}
}

// The parts of an OpenAPI 3.1 document this package writes. Struct fields
// keep the usual order of a document; maps are written in key order.
type (
	openAPI struct {
		OpenAPI    string                  `json:"openapi"`
		Info       openAPIInfo             `json:"info"`
		Tags       []openAPITag            `json:"tags"`
		Paths      map[string]*openAPIPath `json:"paths"`
		Components openAPIComponents       `json:"components"`
	}
	openAPIInfo struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description,omitempty"`
	}
	openAPITag struct {
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
	}
	openAPIPath struct {
		Get  *openAPIOperation `json:"get,omitempty"`
		Post *openAPIOperation `json:"post,omitempty"`
	}
	openAPIOperation struct {
		OperationID string                      `json:"operationId"`
		Summary     string                      `json:"summary,omitempty"`
		Description string                      `json:"description,omitempty"`
		Tags        []string                    `json:"tags,omitempty"`
		Parameters  []*openAPIParameter         `json:"parameters,omitempty"`
		RequestBody *openAPIRequestBody         `json:"requestBody,omitempty"`
		Responses   map[string]*openAPIResponse `json:"responses"`
	}
	openAPIParameter struct {
		Name        string             `json:"name"`
		In          string             `json:"in"`
		Description string             `json:"description,omitempty"`
		Required    bool               `json:"required"`
		Schema      *jsonschema.Schema `json:"schema"`
	}
	openAPIRequestBody struct {
		Description string                  `json:"description,omitempty"`
		Required    bool                    `json:"required"`
		Content     map[string]openAPIMedia `json:"content"`
	}
	openAPIResponse struct {
		Ref         string                    `json:"$ref,omitempty"`
		Description string                    `json:"description,omitempty"`
		Headers     map[string]*openAPIHeader `json:"headers,omitempty"`
		Content     map[string]openAPIMedia   `json:"content,omitempty"`
	}
	openAPIHeader struct {
		Description string             `json:"description,omitempty"`
		Required    bool               `json:"required,omitempty"`
		Schema      *jsonschema.Schema `json:"schema"`
	}
	openAPIMedia struct {
		Schema *jsonschema.Schema `json:"schema"`
	}
	openAPIComponents struct {
		Schemas   map[string]*jsonschema.Schema `json:"schemas"`
		Responses map[string]*openAPIResponse   `json:"responses,omitempty"`
	}
)

// effectSchema is how a reason's rule bore on its decision.
func effectSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Enum: []any{"applied", "met", "unmet"},
		Description: "applied: the rule picked the path or outcome; met or unmet: a requirement held or failed"}
}
