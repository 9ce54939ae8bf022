package spec_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// TestEveryDecisionNamesItsProof: a decision names the variant that shows the suite tolerates
// the other choice, or the deviation that shows the other choice is a fault it catches, and
// each name exists in the mock's catalogues; an advisory requirement gives its reasoning; a
// requirement of an optional feature is tolerated by the variant that removes the feature.
func TestEveryDecisionNamesItsProof(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	deviations := map[string]bool{}
	for _, d := range mock.Catalogue() {
		deviations[d.Name] = true
	}
	variants := map[string]bool{}
	for _, v := range mock.VariantCatalogue() {
		variants[v.Name] = true
	}
	for _, q := range reg.Requirements {
		if q.Decision != "" {
			assert.NotEmpty(t, slices.Concat(q.Variants, q.Deviations), "%s: decision names neither a variant nor a deviation", q.ID)
		}
		for _, v := range q.Variants {
			assert.True(t, variants[v], "%s names unknown variant %s", q.ID, v)
		}
		for _, d := range q.Deviations {
			assert.True(t, deviations[d], "%s names unknown deviation %s", q.ID, d)
		}
		for _, p := range q.Profiles {
			if q.LevelFor(p) == spec.Advisory {
				assert.NotEmpty(t, q.Decision, "%s is advisory in %s without reasoning", q.ID, p)
				assert.NotEmpty(t, q.Variants, "%s is advisory in %s: name the variant that shows the other choice passes", q.ID, p)
			}
		}
	}
}

// TestEveryVariantFlipsADecisionThatNamesIt: the requirement a mock variant says it flips
// names the variant, and a variant that removes a feature flips a requirement of that feature.
func TestEveryVariantFlipsADecisionThatNamesIt(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, v := range mock.VariantCatalogue() {
		q, ok := reg.Lookup(v.Decision)
		if !assert.True(t, ok, "variant %s flips unknown requirement %s", v.Name, v.Decision) {
			continue
		}
		assert.Contains(t, q.Variants, v.Name, "%s: its decision does not name variant %s", q.ID, v.Name)
		if v.Feature != "" {
			assert.Equal(t, v.Feature, string(q.Feature), "variant %s removes %s but flips %s", v.Name, v.Feature, q.ID)
		}
	}
}

// TestEveryRequirementHasASourcePointer: document, section and the words that state the rule.
func TestEveryRequirementHasASourcePointer(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, q := range reg.Requirements {
		assert.NotEmpty(t, q.Source.Document, q.ID)
		assert.NotEmpty(t, q.Source.Section, q.ID)
		assert.GreaterOrEqual(t, len(q.Source.Quote), 8, "%s: quote the few words that state the rule", q.ID)
	}
	_, err = spec.ParseRequirements([]byte("schema: " + spec.RequirementsSchema + "\nrequirements:\n  - id: ISO-X-001\n    area: x\n    profiles: [current]\n    level: core\n    source: {document: d, section: s}\n    text: t\n"))
	assert.ErrorContains(t, err, "quote", "a requirement without the words that state it is refused")
}
