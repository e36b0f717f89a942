package program_test

import (
	"errors"
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
