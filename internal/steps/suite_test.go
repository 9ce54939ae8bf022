package steps

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// TestConformance runs the whole suite, both profiles, against the embedded mock (or the
// target the ISOCONFORM_* variables name), each scenario a subtest: zero failures, zero skips.
func TestConformance(t *testing.T) {
	env, err := ConfigFromEnv()
	require.NoError(t, err)
	profiles := spec.Profiles()
	if env.Profile != "" {
		profiles = []spec.Profile{env.Profile}
	}
	for _, p := range profiles {
		t.Run(string(p), func(t *testing.T) {
			cfg := env
			cfg.Profile = p
			start := time.Now()
			r := RunT(t, cfg)
			t.Logf("%s: %d scenarios, verdict %s (%s) in %s", p, len(r.Scenarios), r.Verdict, r.VerdictReason, time.Since(start).Round(time.Millisecond))
			var bad []string
			for _, s := range r.Scenarios {
				if s.Status != report.StatusPass {
					why := s.Reason
					if s.Failure != nil {
						why = s.Failure.RequirementID + ": expected " + s.Failure.Expected + ", got " + s.Failure.Actual
					}
					bad = append(bad, s.Status.String()+" "+s.Feature+": "+s.Name+": "+why)
				}
			}
			assert.Empty(t, bad, strings.Join(bad, "\n"))
			assert.Equal(t, report.VerdictConformant, r.Verdict)
			for _, a := range r.Actions {
				assert.True(t, a.Released, "action %s on %s not released: %s", a.ID, a.MachineID, a.Note)
			}
		})
	}
}
