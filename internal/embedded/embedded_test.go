package embedded

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

func TestMockIsATargetForEachProfile(t *testing.T) {
	for _, p := range spec.Profiles() {
		tg, err := Mock(mock.Options{Deviations: []string{"created-200"}})(t.Context(), p)
		require.NoError(t, err, p)
		assert.True(t, strings.HasPrefix(tg.BaseURL, "http://127.0.0.1:"), tg.BaseURL)
		assert.True(t, strings.HasSuffix(tg.BaseURL, p.BasePath()), tg.BaseURL)
		var roles []string
		for r, tok := range tg.Tokens {
			roles = append(roles, r)
			assert.NotEmpty(t, tok, r)
		}
		want := steps.ProfileRoles(p)
		slices.Sort(roles)
		slices.Sort(want)
		assert.Equal(t, want, roles, "a token for every role of %s", p)
		assert.NotEmpty(t, tg.MachineIDs)
		assert.Equal(t, "created-200", tg.Config["mock-deviations"])

		resp, err := http.Get(tg.BaseURL + "/machines/" + tg.MachineIDs[0])
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the mock answers")
		require.NoError(t, tg.Close(t.Context()))
		_, err = http.Get(tg.BaseURL + "/machines/" + tg.MachineIDs[0])
		assert.Error(t, err, "closed")
	}
}

func TestMockRefusesAnUnknownDeviation(t *testing.T) {
	_, err := Mock(mock.Options{Deviations: []string{"no-such-deviation"}})(t.Context(), spec.Current)
	assert.ErrorContains(t, err, "no-such-deviation")
}

// TestMockThrottlesOnlyTheRateLimitRole: without RateLimit.OnlyRoles, only the principal the
// rate-limit scenario spends is throttled, so the rest of the suite runs at loopback speed.
func TestMockThrottlesOnlyTheRateLimitRole(t *testing.T) {
	tg, err := Mock(mock.Options{RateLimit: mock.RateLimit{PerMinute: 1}})(t.Context(), spec.Current)
	require.NoError(t, err)
	defer tg.Close(t.Context())
	statuses := func(role string) []int {
		var out []int
		for range 2 {
			req, err := http.NewRequest(http.MethodGet, tg.BaseURL+"/machines/"+tg.MachineIDs[0], nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tg.Tokens[role])
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			out = append(out, resp.StatusCode)
		}
		return out
	}
	assert.Equal(t, []int{http.StatusOK, http.StatusOK}, statuses(steps.RoleMachineIsolate))
	assert.Equal(t, []int{http.StatusOK, http.StatusTooManyRequests}, statuses(steps.RoleRateLimit))
}
