package channelpolicy_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/channelpolicy/channelpolicy"
)

// TestREADMEOutcomesTable holds the README's table of outcomes to the
// decision schemas: one row per operation, naming the member that carries
// the outcome and every value it can take, in the schema's order.
func TestREADMEOutcomesTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "### Outcomes\n")
	if !ok {
		t.Fatal("README.md has no Outcomes section")
	}
	rows := map[string][2]string{}
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != 3 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`") {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		rows[name] = [2]string{strings.Trim(strings.TrimSpace(cells[1]), "`"), strings.TrimSpace(cells[2])}
	}
	for _, op := range channelpolicy.Default().Operations() {
		member, values := outcomeOf(t, op)
		want := "`" + strings.Join(values, "`, `") + "`"
		got, ok := rows[op.Name()]
		if !ok {
			t.Errorf("README's outcomes table has no row for %s; want | `%s` | `%s` | %s |", op.Name(), op.Name(), member, want)
			continue
		}
		if got[0] != member || got[1] != want {
			t.Errorf("README's row for %s is %q %q; want | `%s` | `%s` | %s |", op.Name(), got[0], got[1], op.Name(), member, want)
		}
		delete(rows, op.Name())
	}
	for name := range rows {
		t.Errorf("README's outcomes table has a row for %s, which is not an operation", name)
	}
}

// outcomeOf finds the member of op's decision that carries its outcome —
// "outcome", or for a decision made of entries "entries[].outcome" — and
// the values its schema allows.
func outcomeOf(t *testing.T, op channelpolicy.Operation) (string, []string) {
	t.Helper()
	raw, err := op.DecisionSchema()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	defs, _ := doc["$defs"].(map[string]any)
	resolve := func(s map[string]any) map[string]any {
		for range 8 {
			ref, ok := s["$ref"].(string)
			if !ok {
				if all, ok := s["allOf"].([]any); ok && len(all) > 0 {
					s = all[0].(map[string]any)
					continue
				}
				return s
			}
			s = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		return s
	}
	decision := resolve(doc)
	props, _ := decision["properties"].(map[string]any)
	member := "outcome"
	outcome, ok := props["outcome"].(map[string]any)
	if !ok {
		entries, ok := props["entries"].(map[string]any)
		if !ok {
			t.Fatalf("%s: the decision has neither outcome nor entries", op.Name())
		}
		item := resolve(resolve(entries)["items"].(map[string]any))
		outcome = item["properties"].(map[string]any)["outcome"].(map[string]any)
		member = "entries[].outcome"
	}
	var values []string
	for _, v := range resolve(outcome)["enum"].([]any) {
		values = append(values, v.(string))
	}
	if len(values) == 0 || slices.Contains(values, "") {
		t.Fatalf("%s: the outcome has no values in its schema", op.Name())
	}
	return member, values
}
