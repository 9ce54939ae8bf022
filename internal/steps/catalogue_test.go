package steps

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// levelRank orders levels by strength.
func levelRank(l spec.Level) int {
	return map[spec.Level]int{spec.Observed: 1, spec.Extended: 2, spec.Core: 3}[l]
}

// TestEveryRequirementHasAScenarioPerProfile is the coverage gate: every requirement has a
// scenario in every profile it applies to, every @req tag names a known requirement of that
// profile, and each scenario's level tag is the strongest level of its requirements.
func TestEveryRequirementHasAScenarioPerProfile(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		list, err := List(Config{Profile: p})
		require.NoError(t, err)
		require.NotEmpty(t, list)
		covered := map[string]bool{}
		for _, s := range list {
			require.NotEmpty(t, s.RequirementIDs, "%s: %s has no @req tag", s.Feature, s.Name)
			best := spec.Level("")
			for _, id := range s.RequirementIDs {
				q, ok := reg.Lookup(id)
				if !assert.True(t, ok, "%s: %s names unknown requirement %s", s.Feature, s.Name, id) {
					continue
				}
				assert.True(t, q.AppliesTo(p), "%s: %s runs in %s but %s does not apply there", s.Feature, s.Name, p, id)
				assert.Equal(t, "features/"+q.Area+".feature", s.Feature, "%s belongs to area %s", id, q.Area)
				covered[id] = true
				if levelRank(q.LevelFor(p)) > levelRank(best) {
					best = q.LevelFor(p)
				}
			}
			assert.Equal(t, report.Level(best), s.Level, "%s:%d %s: level tag in %s", s.Feature, s.Line, s.Name, p)
		}
		for _, q := range reg.ForProfile(p) {
			assert.True(t, covered[q.ID], "requirement %s has no scenario in profile %s", q.ID, p)
		}
	}
}

func TestListFiltersByTagsAndSendsNothing(t *testing.T) {
	all, err := List(Config{})
	require.NoError(t, err)
	auth, err := List(Config{Tags: "@req:ISO-AUTH-001,@req:ISO-AUTH-004"})
	require.NoError(t, err)
	assert.Len(t, auth, 2)
	notAuth, err := List(Config{Tags: "~@req:ISO-AUTH-001"})
	require.NoError(t, err)
	assert.Len(t, notAuth, len(all)-1)
	for _, s := range all {
		assert.True(t, slices.Contains(s.Tags, "@preview-2017"), "default profile is preview-2017: %s", s.Name)
		assert.Positive(t, s.Line)
	}
	_, err = List(Config{Tags: "@core && "})
	assert.Error(t, err)
}

func TestScenarioNamesAreUniquePerProfile(t *testing.T) {
	for _, p := range spec.Profiles() {
		list, err := List(Config{Profile: p})
		require.NoError(t, err)
		seen := map[string]bool{}
		for _, s := range list {
			key := s.Feature + ": " + s.Name
			assert.False(t, seen[key], "duplicate scenario %s in %s", key, p)
			seen[key] = true
			assert.False(t, strings.Contains(s.Name, "<"), "unfilled placeholder in %s", s.Name)
		}
	}
}
