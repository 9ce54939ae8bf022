package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// advisoryRun records one core scenario that passed and one advisory check that found
// something, as a warning (steps in a normal run) or as a failure (steps in a strict run).
func advisoryRun(t *testing.T, strict bool, asFailure bool) *Run {
	t.Helper()
	reqs := []Requirement{
		{ID: "ISO-X-001", Area: "x", Level: LevelCore, Text: "core rule"},
		{ID: "ISO-X-002", Area: "x", Level: LevelAdvisory, Text: "inferred rule", Reasoning: "the documents only suggest it"},
	}
	rec := NewRecorder(Run{Profile: "current", Strict: strict}, reqs)
	rec.AddScenario(Scenario{Name: "core", Feature: "features/x.feature", RequirementIDs: []string{"ISO-X-001"}, Level: LevelCore, Status: StatusPass})
	finding := Failure{RequirementID: "ISO-X-002", Expected: "400", Actual: "201 Created"}
	adv := Scenario{Name: "advisory", Feature: "features/x.feature", RequirementIDs: []string{"ISO-X-002"}, Level: LevelAdvisory}
	if asFailure {
		adv.Status, adv.Failure = StatusFail, &finding
	} else {
		adv.Status, adv.Findings = StatusWarn, []Failure{finding}
	}
	rec.AddScenario(adv)
	return rec.Finish()
}

func TestAdvisoryFindingNeverChangesTheExitCodeWithoutStrict(t *testing.T) {
	for _, asFailure := range []bool{false, true} {
		r := advisoryRun(t, false, asFailure)
		assert.Equal(t, VerdictConformant, r.Verdict, "as failure %v: %s", asFailure, r.VerdictReason)
		assert.Equal(t, ExitConformant, r.ExitCode())
		assert.Equal(t, 1, r.AdvisoryFindings)
		assert.Contains(t, r.VerdictReason, "1 advisory finding")
	}
}

func TestStrictMakesAdvisoryFindingsFail(t *testing.T) {
	for _, asFailure := range []bool{false, true} {
		r := advisoryRun(t, true, asFailure)
		assert.Equal(t, VerdictNonConformant, r.Verdict, "as failure %v: %s", asFailure, r.VerdictReason)
		assert.Equal(t, ExitNonConformant, r.ExitCode())
	}
}

func TestFailureCountsAtItsRequirementsLevel(t *testing.T) {
	reqs := []Requirement{
		{ID: "ISO-X-001", Level: LevelCore}, {ID: "ISO-X-002", Level: LevelCore}, {ID: "ISO-X-003", Level: LevelAdvisory},
	}
	rec := NewRecorder(Run{}, reqs)
	// A scenario of two requirements fails on the first: the second is not checked by it.
	rec.AddScenario(Scenario{Name: "a", RequirementIDs: []string{"ISO-X-001", "ISO-X-002"}, Level: LevelCore, Status: StatusFail,
		Failure: &Failure{RequirementID: "ISO-X-001", Expected: "e", Actual: "a"}})
	rec.AddScenario(Scenario{Name: "b", RequirementIDs: []string{"ISO-X-003"}, Level: LevelAdvisory, Status: StatusPass})
	r := rec.Finish()
	byID := map[string]RequirementVerdict{}
	for _, q := range r.Requirements {
		byID[q.ID] = q
	}
	assert.Equal(t, StatusFail, byID["ISO-X-001"].Status)
	assert.Equal(t, StatusSkip, byID["ISO-X-002"].Status)
	assert.Contains(t, byID["ISO-X-002"].Evidence, "not checked")
	assert.Equal(t, VerdictNonConformant, r.Verdict)
}

func TestNotSupportedIsNeitherFailureNorPartial(t *testing.T) {
	reqs := []Requirement{{ID: "ISO-X-001", Level: LevelCore}, {ID: "ISO-X-002", Level: LevelCore}}
	rec := NewRecorder(Run{}, reqs)
	rec.AddScenario(Scenario{Name: "a", RequirementIDs: []string{"ISO-X-001"}, Level: LevelCore, Status: StatusPass})
	rec.AddScenario(Scenario{Name: "b", RequirementIDs: []string{"ISO-X-002"}, Level: LevelCore, Status: StatusNotSupported, Reason: "feature cancel declared not supported"})
	r := rec.Finish()
	require.Len(t, r.Requirements, 2)
	assert.Equal(t, StatusNotSupported, r.Requirements[1].Status)
	assert.Equal(t, VerdictConformant, r.Verdict, r.VerdictReason)
}

func TestCheckedFeaturesAreTheAssessedOnes(t *testing.T) {
	rec := NewRecorder(Run{}, nil)
	rec.AddScenario(Scenario{Name: "a", OptionalFeature: "cancel", Status: StatusPass})
	rec.AddScenario(Scenario{Name: "b", OptionalFeature: "rate-limit", Status: StatusNotSupported})
	rec.AddScenario(Scenario{Name: "c", OptionalFeature: "action-list", Status: StatusSkip})
	rec.AddScenario(Scenario{Name: "d", Status: StatusPass})
	assert.Equal(t, map[string]bool{"cancel": true}, rec.CheckedFeatures())
}
