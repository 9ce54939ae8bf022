package conformance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

func TestListRequirements(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		l, err := conformance.List(conformance.Options{Profile: string(p)})
		require.NoError(t, err)
		assert.Equal(t, string(p), l.Profile)
		require.Len(t, l.Requirements, len(reg.ForProfile(p)), "one entry per requirement of %s", p)
		fileOf := map[string]string{} // area -> its feature file
		for _, s := range l.Scenarios {
			fileOf[s.Area] = s.Feature
		}
		for i, rp := range l.Requirements {
			q := reg.ForProfile(p)[i]
			assert.Equal(t, q.ID, rp.ID, "registry order")
			assert.Equal(t, string(q.LevelFor(p)), string(rp.Level))
			assert.Equal(t, q.Text, rp.Text)
			assert.Contains(t, rp.Source, q.Source.Document)
			assert.NotEmpty(t, rp.Scenarios, "%s %s", p, rp.ID)
			for _, s := range rp.Scenarios {
				assert.True(t, strings.HasPrefix(s, fileOf[q.Area]+":"), "%s of area %s: %s", rp.ID, q.Area, s)
			}
			assert.NotEmpty(t, rp.StepCode, "%s %s: the step code of its scenarios", p, rp.ID)
			for _, c := range rp.StepCode {
				assert.Regexp(t, `^internal/steps/[a-z_]+\.go:[0-9]+ [A-Za-z]+$`, c, rp.ID)
			}
		}
	}
	preview, err := conformance.List(conformance.Options{})
	require.NoError(t, err)
	assert.Equal(t, conformance.Preview2017, preview.Profile, "the default profile")
	byID := map[string]conformance.ListedRequirement{}
	for _, rp := range preview.Requirements {
		byID[rp.ID] = rp
	}
	assert.Contains(t, byID["ISO-HTTP-001"].Deviations, "created-200")
	assert.Contains(t, byID["ISO-AUTH-003"].Deviations, "wrong-issuer-accepted")
	assert.Contains(t, byID["ISO-AUTH-003"].Scenarios[0], "features/auth.feature:")
	assert.Contains(t, strings.Join(byID["ISO-ACT-001"].StepCode, "\n"), "internal/steps/steps_action.go:", "ISO-ACT-001 runs the MachineAction checks")
	for _, sc := range preview.Scenarios {
		for _, st := range sc.Steps {
			assert.NotEmpty(t, st.Code, "%s: %s %s has no step code", sc.Name, st.Keyword, st.Text)
		}
	}
	assert.NotContains(t, byID, "ISO-HTTP-003", "a current-only requirement is not listed for preview-2017")
	assert.False(t, slices.Contains(byID["ISO-HTTP-001"].Deviations, "no-v1-prefix"), "a current-only deviation is not listed for preview-2017")

	for _, v := range mock.VariantCatalogue() {
		if slices.Contains(v.Profiles, conformance.Preview2017) {
			assert.Contains(t, byID[v.Decision].Variants, v.Name, "the variant shows at the requirement whose decision it flips")
		}
	}

	_, err = conformance.List(conformance.Options{Profile: "v9"})
	assert.Error(t, err)
}

func TestListScenariosFollowTags(t *testing.T) {
	all, err := conformance.List(conformance.Options{Profile: conformance.Current})
	require.NoError(t, err)
	ext, err := conformance.List(conformance.Options{Profile: conformance.Current, Tags: "@extended"})
	require.NoError(t, err)
	require.NotEmpty(t, ext.Scenarios)
	assert.Less(t, len(ext.Scenarios), len(all.Scenarios))
	for _, s := range ext.Scenarios {
		assert.Equal(t, conformance.LevelExtended, s.Level, s.Name)
		assert.NotEmpty(t, s.RequirementIDs, s.Name)
	}
	assert.Equal(t, all.Requirements, ext.Requirements, "the proofs do not depend on the tags")
	_, err = conformance.List(conformance.Options{Tags: "@core && "})
	assert.Error(t, err)
}
