package steps

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// TestEveryRequirementHasAScenarioPerProfile is the coverage gate: every requirement has a
// scenario in every profile it applies to, every @req tag names a known requirement of that
// profile, and each scenario's level is the strongest level of its requirements.
func TestEveryRequirementHasAScenarioPerProfile(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		list, err := List(Config{Profile: p})
		require.NoError(t, err)
		require.NotEmpty(t, list)
		covered := map[string]bool{}
		fileOf := map[string]string{} // area -> its feature file
		for _, s := range list {
			require.NotEmpty(t, s.RequirementIDs, "%s: %s has no @req tag", s.Feature, s.Name)
			best := spec.Level("")
			for _, id := range s.RequirementIDs {
				q, ok := reg.Lookup(id)
				if !assert.True(t, ok, "%s: %s names unknown requirement %s", s.Feature, s.Name, id) {
					continue
				}
				assert.True(t, q.AppliesTo(p), "%s: %s runs in %s but %s does not apply there", s.Feature, s.Name, p, id)
				assert.Equal(t, q.Area, s.Area, "%s: %s checks %s of area %s", s.Feature, s.Name, id, q.Area)
				if file, seen := fileOf[q.Area]; seen {
					assert.Equal(t, file, s.Feature, "area %s is in one feature file", q.Area)
				}
				fileOf[q.Area] = s.Feature
				covered[id] = true
				if levelRank(q.LevelFor(p)) > levelRank(best) {
					best = q.LevelFor(p)
				}
			}
			assert.Equal(t, report.Level(best), s.Level, "%s:%d %s: level in %s", s.Feature, s.Line, s.Name, p)
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

// TestFeatureFilesCarryNoLevelTags: a level lives in the registry only, so a feature file that
// tags a level would state it a second time.
func TestFeatureFilesCarryNoLevelTags(t *testing.T) {
	for _, p := range spec.Profiles() {
		list, err := List(Config{Profile: p})
		require.NoError(t, err)
		for _, s := range list {
			for _, tag := range s.Tags {
				_, isLevel := levelTag(strings.TrimPrefix(tag, "@"))
				assert.False(t, isLevel, "%s:%d %s: level tag %s (levels come from spec/requirements.yaml)", s.Feature, s.Line, s.Name, tag)
			}
		}
	}
}

// TestLevelTagsSelectFromTheRegistry: @core, @extended and their negations select by the
// registry's levels per profile, in the catalogue and in the expression godog is given.
func TestLevelTagsSelectFromTheRegistry(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	hasLevel := func(p spec.Profile, s ListedScenario, l spec.Level) bool {
		for _, id := range s.RequirementIDs {
			if q, ok := reg.Lookup(id); ok && q.LevelFor(p) == l {
				return true
			}
		}
		return false
	}
	for _, p := range spec.Profiles() {
		all, err := List(Config{Profile: p})
		require.NoError(t, err)
		for _, tc := range []struct {
			tags string
			want func(ListedScenario) bool
		}{
			{"@core", func(s ListedScenario) bool { return hasLevel(p, s, spec.Core) }},
			{"@extended", func(s ListedScenario) bool { return hasLevel(p, s, spec.Extended) }},
			{"~@core", func(s ListedScenario) bool { return !hasLevel(p, s, spec.Core) }},
			{"@core && ~@req:ISO-AUTH-001", func(s ListedScenario) bool {
				return hasLevel(p, s, spec.Core) && !slices.Contains(s.RequirementIDs, "ISO-AUTH-001")
			}},
			{"@extended,@req:ISO-AUTH-001", func(s ListedScenario) bool {
				return hasLevel(p, s, spec.Extended) || slices.Contains(s.RequirementIDs, "ISO-AUTH-001")
			}},
		} {
			got, err := List(Config{Profile: p, Tags: tc.tags})
			require.NoError(t, err, tc.tags)
			var want []string
			for _, s := range all {
				if tc.want(s) {
					want = append(want, s.Feature+":"+s.Name)
				}
			}
			var names []string
			for _, s := range got {
				names = append(names, s.Feature+":"+s.Name)
			}
			require.NotEmpty(t, want, "%s %s selects nothing: the test would prove nothing", p, tc.tags)
			assert.Equal(t, want, names, "%s %s", p, tc.tags)
		}
		_, filter, err := catalogue(p, "@core && ~@extended")
		require.NoError(t, err)
		assert.NotContains(t, filter, "@core", "godog is given requirement tags, not level tags")
		assert.Contains(t, filter, "@req:")
	}
}

func TestLevelWithoutRequirementsSelectsNothing(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		n := 0
		for _, q := range reg.ForProfile(p) {
			if q.LevelFor(p) == spec.Observed {
				n++
			}
		}
		got, err := List(Config{Profile: p, Tags: "@observed"})
		require.NoError(t, err)
		if n == 0 {
			assert.Empty(t, got, "%s: no observed requirement, so @observed selects nothing", p)
		} else {
			assert.NotEmpty(t, got)
		}
	}
}

func TestLevelExpansionIsBounded(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	_, _, err = expandLevels("@current && @core && @core && @core", spec.Current, reg)
	assert.ErrorContains(t, err, "narrow it")
}

// TestStepRequirementIDsAreInTheRegistry: every requirement id the step code names exists.
func TestStepRequirementIDsAreInTheRegistry(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, id := range stepRequirementIDs() {
		_, ok := reg.Lookup(id)
		assert.True(t, ok, "step code names %s, which spec/requirements.yaml lacks", id)
	}
}

// TestStepCodeNamesNoRequirementLiteral: requirement ids in the step code come from reqids.go.
func TestStepCodeNamesNoRequirementLiteral(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	literal := regexp.MustCompile(`"ISO-[A-Z]+-[0-9]{3}"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "reqids.go" {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Empty(t, literal.FindAllString(string(src), -1), "%s names requirement ids outside reqids.go", f)
	}
}
