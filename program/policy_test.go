package program_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/channelpolicy/channelpolicy/program"
)

// testPolicy is a policy as the rules packages have one: lists, a map,
// nested values, and a ready form made by Compile.
type testPolicy struct {
	Days   int               `json:"days"`
	Kinds  []string          `json:"kinds"`
	Labels map[string]string `json:"labels"`
	Tiers  [][]int           `json:"tiers"`
	Pair   [2][]string       `json:"-"`

	compiled bool
}

func (p testPolicy) Compile() (testPolicy, error) {
	if p.Days <= 0 {
		return testPolicy{}, program.Invalid("/days", "%d is not a number of days", p.Days)
	}
	p.compiled = true
	return p, nil
}

func base() testPolicy {
	return testPolicy{Days: 10, Kinds: []string{"a", "b"}, Labels: map[string]string{"x": "1"}, Tiers: [][]int{{1, 2}}}
}

func TestParsePolicyLaysTheDocumentOverItsBase(t *testing.T) {
	b := base()
	p, err := program.ParsePolicy(b, []byte(`{"days": 20, "labels": {"y": "2"}}`))
	require.NoError(t, err)
	assert.True(t, p.compiled, "the result is compiled")
	assert.Equal(t, 20, p.Days)
	assert.Equal(t, []string{"a", "b"}, p.Kinds, "members the document does not name keep the base's values")
	assert.Equal(t, map[string]string{"x": "1", "y": "2"}, p.Labels, "a map's members are laid over the base's")

	p, err = program.ParsePolicy(b, []byte(`{"kinds": ["c"]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, p.Kinds, "a list the document names replaces the base's whole")

	p.Kinds[0], p.Labels["x"], p.Tiers[0][0] = "changed", "changed", 99
	assert.Equal(t, base(), b, "the result shares no list or map with its base")
}

func TestParsePolicyReportsDecodingThenCompiling(t *testing.T) {
	_, err := program.ParsePolicy(base(), []byte(`{"days": "x", "nope": 1}`))
	assert.Equal(t, []string{"/days", "/nope"}, program.Locations(err))
	_, err = program.ParsePolicy(base(), []byte(`{"days": 0}`))
	assert.Equal(t, []string{"/days"}, program.Locations(err))
	assert.True(t, errors.Is(err, program.ErrInvalidInput))
}

// crossPolicy's problems can lie in parts a document keeps from its base:
// a tier above the number of days, or a label longer than it.
type crossPolicy struct {
	Days   int               `json:"days"`
	Tiers  [][]int           `json:"tiers"`
	Labels map[string]string `json:"labels"`
}

func (p crossPolicy) Compile() (crossPolicy, error) {
	var pr program.Problems
	for i, tier := range p.Tiers {
		for j, v := range tier {
			if v > p.Days {
				pr.Add(program.Index(program.Index("/tiers", i), j), "%d is more than the %d days", v, p.Days)
			}
		}
	}
	for _, k := range []string{"x", "y"} {
		if v, ok := p.Labels[k]; ok && len(v) > p.Days {
			pr.Add(program.Path("/labels", k), "%q is longer than the %d days", v, p.Days)
		}
	}
	return p, pr.Err()
}

func TestParsePolicyLocatesKeptPartsInTheDocument(t *testing.T) {
	b := crossPolicy{Days: 10, Tiers: [][]int{{1, 2}, {3}}, Labels: map[string]string{"x": "111"}}
	_, err := program.ParsePolicy(b, []byte(`{"days": 1}`))
	assert.Equal(t, []*program.FieldError{
		{Pointer: "/tiers", Detail: "/tiers/0/1 in the merged policy: 2 is more than the 1 days"},
		{Pointer: "/tiers", Detail: "/tiers/1/0 in the merged policy: 3 is more than the 1 days"},
		{Pointer: "/labels", Detail: `/labels/x in the merged policy: "111" is longer than the 1 days`},
	}, program.FieldErrors(err), "a kept list or map is located at the member that would replace it")

	_, err = program.ParsePolicy(b, []byte(`{"days": 2, "tiers": [[1, 3]], "labels": {"y": "22"}}`))
	assert.Equal(t, []*program.FieldError{
		{Pointer: "/tiers/0/1", Detail: "3 is more than the 2 days"},
		{Pointer: "/labels/x", Detail: `"111" is longer than the 2 days`},
	}, program.FieldErrors(err), "a problem in the document, or at a member missing from one of its objects, stays where it is")

	// When nothing moves, the error is the policy's own, wrapping and all.
	_, err = program.ParsePolicy(crossWrapped{b}, []byte(`{"days": 1, "tiers": [[5]], "labels": {}}`))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "compiling: "), err.Error())
	assert.Equal(t, []string{"/tiers/0/0", "/labels/x"}, program.Locations(err))
}

// crossWrapped is a crossPolicy whose Compile wraps its problems.
type crossWrapped struct{ crossPolicy }

func (p crossWrapped) Compile() (crossWrapped, error) {
	c, err := p.crossPolicy.Compile()
	if err != nil {
		return crossWrapped{}, fmt.Errorf("compiling: %w", err)
	}
	return crossWrapped{c}, nil
}

func TestDeepCopy(t *testing.T) {
	b := base()
	b.Pair = [2][]string{{"p"}, nil}
	c := program.DeepCopy(b)
	assert.Equal(t, b, c)
	c.Kinds[0], c.Labels["x"], c.Tiers[0][1], c.Pair[0][0] = "z", "z", 0, "z"
	assert.Equal(t, "a", b.Kinds[0])
	assert.Equal(t, "1", b.Labels["x"])
	assert.Equal(t, 2, b.Tiers[0][1])
	assert.Equal(t, "p", b.Pair[0][0], "lists inside arrays are copied too")
	assert.Nil(t, program.DeepCopy(testPolicy{}).Kinds, "a nil list stays nil")
	assert.Nil(t, program.DeepCopy(testPolicy{}).Labels, "a nil map stays nil")
}

func TestSameSliceAndMap(t *testing.T) {
	a := []int{1, 2, 3}
	assert.True(t, program.SameSlice(a, a))
	assert.True(t, program.SameSlice([]int{}, []int(nil)), "two empty lists are the same list")
	assert.False(t, program.SameSlice(a, []int{1, 2, 3}), "equal is not the same")
	assert.False(t, program.SameSlice(a, a[:2]), "a shorter view is another list")
	m := map[string]int{"a": 1}
	assert.True(t, program.SameMap(m, m))
	assert.True(t, program.SameMap[string, int](nil, nil))
	assert.False(t, program.SameMap(m, nil))
	assert.False(t, program.SameMap(m, map[string]int{"a": 1}))
}
