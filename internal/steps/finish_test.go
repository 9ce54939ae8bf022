package steps

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
)

// TestFinishCatchesScenarioDrift: when godog runs fewer scenarios than the catalogue selected,
// the verdict is a harness error, not the verdict of the scenarios that did run.
func TestFinishCatchesScenarioDrift(t *testing.T) {
	newTarget := func() *target {
		rec := report.NewRecorder(report.Run{Profile: "preview-2017"}, []report.Requirement{{ID: "ISO-X-001", Level: report.LevelCore}})
		rec.AddScenario(report.Scenario{Name: "ran", Feature: "features/x.feature", RequirementIDs: []string{"ISO-X-001"}, Level: report.LevelCore, Status: report.StatusPass})
		return &target{rec: rec}
	}

	r, err := newTarget().finish(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, report.VerdictConformant, r.Verdict, r.VerdictReason)

	r, err = newTarget().finish(t.Context(), 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2 scenarios selected but 1 recorded")
	assert.Equal(t, report.VerdictError, r.Verdict, "the guard decides before the verdict")
	assert.Contains(t, r.Error, "2 scenarios selected but 1 recorded")
	assert.Equal(t, report.ExitError, r.ExitCode())

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r, err = newTarget().finish(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, report.VerdictError, r.Verdict)
	assert.Contains(t, r.Error, "interrupted")
}
