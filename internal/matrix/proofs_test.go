package matrix

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestProofs(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		proofs, err := Proofs(p)
		require.NoError(t, err)
		require.Len(t, proofs, len(reg.ForProfile(p)), "one entry per requirement of %s", p)
		for i, rp := range proofs {
			q := reg.ForProfile(p)[i]
			assert.Equal(t, q.ID, rp.ID, "registry order")
			assert.Equal(t, q.LevelFor(p), rp.Level)
			assert.Equal(t, q.Text, rp.Text)
			assert.NotEmpty(t, rp.Scenarios, "%s %s", p, rp.ID)
			for _, s := range rp.Scenarios {
				assert.True(t, strings.HasPrefix(s, "features/"+q.Area+".feature:"), "%s: %s", rp.ID, s)
			}
		}
	}
	preview, err := Proofs(spec.Preview2017)
	require.NoError(t, err)
	byID := map[string]RequirementProof{}
	for _, rp := range preview {
		byID[rp.ID] = rp
	}
	assert.Contains(t, byID["ISO-HTTP-001"].Deviations, "created-200")
	assert.Contains(t, byID["ISO-AUTH-003"].Deviations, "wrong-issuer-accepted")
	assert.Contains(t, byID["ISO-AUTH-003"].Scenarios[0], "features/auth.feature:")
	assert.NotContains(t, byID, "ISO-HTTP-003", "a current-only requirement is not listed for preview-2017")
	assert.False(t, slices.Contains(byID["ISO-HTTP-001"].Deviations, "no-v1-prefix"), "a current-only deviation is not listed for preview-2017")

	_, err = Proofs("v9")
	assert.Error(t, err)
}
