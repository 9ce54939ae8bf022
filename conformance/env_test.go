package conformance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/steps"
)

// TestOptionsFromLookupCarriesEverySetting: the options read from the environment give the
// runner the same configuration as the runner's own reading of it (steps.ConfigFromLookup,
// the one mapping the command line uses too), so no variable is lost on the way.
func TestOptionsFromLookupCarriesEverySetting(t *testing.T) {
	env := map[string]string{
		"ISOCONFORM_BASE_URL":                 "https://api.security.microsoft.com/api",
		"ISOCONFORM_PROFILE":                  "current",
		"ISOCONFORM_TOKEN_MACHINE_ISOLATE":    "machine-isolate-token",
		"ISOCONFORM_MACHINE_ID":               "m1,m2",
		"ISOCONFORM_UNKNOWN_MACHINE_ID":       "nobody",
		"ISOCONFORM_TAGS":                     "@core",
		"ISOCONFORM_REQUEST_TIMEOUT":          "7s",
		"ISOCONFORM_ALLOW_LIVE":               "true",
		"ISOCONFORM_INSECURE_SKIP_TLS_VERIFY": "true",
		"ISOCONFORM_CONCURRENCY":              "3",
		"ISOCONFORM_RELEASE_GRACE":            "9s",
		"ISOCONFORM_WAIT_BUDGET":              "11s",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	want, err := steps.ConfigFromLookup(lookup)
	require.NoError(t, err)
	opts, err := OptionsFromLookup(lookup)
	require.NoError(t, err)
	got, err := opts.config()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
