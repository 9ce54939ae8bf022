package conformance_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
)

// TestConformance runs the whole suite, both profiles, against the reference mock (or the
// target the ISOCONFORM_* variables name), each scenario a subtest: zero failures, zero skips.
func TestConformance(t *testing.T) {
	env, err := conformance.OptionsFromEnv()
	require.NoError(t, err)
	profiles := []string{conformance.Preview2017, conformance.Current}
	if env.Profile != "" {
		profiles = []string{env.Profile}
	}
	for _, p := range profiles {
		t.Run(p, func(t *testing.T) {
			opts := env
			opts.Profile = p
			start := time.Now()
			r := conformance.RunT(t, opts)
			require.NotNil(t, r)
			t.Logf("%s: %d scenarios, verdict %s (%s) in %s", p, len(r.Scenarios), r.Verdict, r.VerdictReason, time.Since(start).Round(time.Millisecond))
			var bad []string
			for _, s := range r.Scenarios {
				if s.Status != conformance.StatusPass {
					why := s.Reason
					if s.Failure != nil {
						why = s.Failure.RequirementID + ": expected " + s.Failure.Expected + ", got " + s.Failure.Actual
					}
					bad = append(bad, string(s.Status)+" "+s.Feature+": "+s.Name+": "+why)
				}
			}
			assert.Empty(t, bad, strings.Join(bad, "\n"))
			assert.Equal(t, conformance.Conformant, r.Verdict)
			assert.Equal(t, 0, r.ExitCode())
			for _, a := range r.Actions {
				assert.True(t, a.Released, "action %s on %s not released: %s", a.ID, a.MachineID, a.Note)
			}
		})
	}
}
