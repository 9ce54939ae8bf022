package conformance_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
)

// TestAdvisoryFindingChangesTheExitCodeOnlyWhenStrict runs the advisory ISO-TYPE-008 scenarios
// against a mock that reads "isolationType" as IsolationType: without Strict the run ends as it
// does against the faithful mock, with the finding reported as a warning; with Strict it is
// non-conformant.
func TestAdvisoryFindingChangesTheExitCodeOnlyWhenStrict(t *testing.T) {
	run := func(strict bool, deviations ...string) *conformance.Result {
		t.Helper()
		r, err := conformance.Run(t.Context(), conformance.Options{Profile: conformance.Current,
			Tags: "@advisory && @req:ISO-TYPE-008", Strict: strict, Mock: mock.Options{Deviations: deviations}})
		require.NoError(t, err)
		require.NotEmpty(t, r.Scenarios, "the tag expression selects the advisory scenarios")
		return r
	}
	clean := run(false)
	assert.Zero(t, clean.AdvisoryFindings, "the faithful mock draws no advisory finding")

	lax := run(false, "lowercase-type-property-accepted")
	assert.Equal(t, clean.ExitCode(), lax.ExitCode(), "an advisory finding must not change the exit code: %s", lax.VerdictReason)
	assert.Positive(t, lax.AdvisoryFindings)
	warned := false
	for _, s := range lax.Scenarios {
		if s.Status == conformance.StatusWarn {
			warned = true
			require.NotEmpty(t, s.Findings)
			assert.Equal(t, "ISO-TYPE-008", s.Findings[0].RequirementID)
		}
	}
	assert.True(t, warned, "the finding is recorded as a warning")

	strict := run(true, "lowercase-type-property-accepted")
	assert.Equal(t, conformance.NonConformant, strict.Verdict, strict.VerdictReason)
	assert.Equal(t, 1, strict.ExitCode())
}

// TestFeaturesDeclaredOrInferred: a feature declared not supported is not run and leaves the
// run conformant; one the target lacks is inferred from its 404 and makes the run partial
// (exit 3), never non-conformant; declared supported, the same 404 is a failure.
func TestFeaturesDeclaredOrInferred(t *testing.T) {
	tags := "@req:ISO-CANCEL-001,@req:ISO-CANCEL-002,@req:ISO-CANCEL-003,@req:ISO-TYPE-001"
	run := func(o conformance.Options) *conformance.Result {
		t.Helper()
		o.Profile, o.Tags = conformance.Current, tags
		r, err := conformance.Run(t.Context(), o)
		require.NoError(t, err)
		return r
	}
	featureStatus := func(r *conformance.Result, name string) string {
		for _, f := range r.Features {
			if f.Name == name {
				return f.Status
			}
		}
		return ""
	}
	notSupported := func(r *conformance.Result) int {
		n := 0
		for _, s := range r.Scenarios {
			if s.Status == conformance.StatusNotSupported {
				n++
				assert.Equal(t, "cancel", s.OptionalFeature)
				assert.NotEmpty(t, s.Reason)
			}
		}
		return n
	}

	declared := run(conformance.Options{ExemptFeatures: []string{"cancel"}})
	assert.Equal(t, "declared-not-supported", featureStatus(declared, "cancel"))
	assert.Equal(t, 3, notSupported(declared), "every cancel scenario is reported not supported")
	for _, s := range declared.Scenarios {
		if s.OptionalFeature == "cancel" {
			assert.Empty(t, s.Steps, "a declared unsupported feature is not run")
		}
	}

	removed := run(conformance.Options{Mock: mock.Options{Variants: []string{"no-cancel"}}})
	assert.Equal(t, "inferred-not-supported", featureStatus(removed, "cancel"), removed.VerdictReason)
	assert.Equal(t, 3, notSupported(removed))
	assert.Equal(t, conformance.Partial, removed.Verdict, removed.VerdictReason)
	assert.Contains(t, removed.VerdictReason, "cancel")

	strict := run(conformance.Options{SupportedFeatures: conformance.Features(), Mock: mock.Options{Variants: []string{"no-cancel"}}})
	assert.Equal(t, conformance.NonConformant, strict.Verdict, "declared supported, a missing route is a failure: %s", strict.VerdictReason)
}

// TestAdvisoryScenarioWithoutItsPreconditionIsSkipped: against a target whose isolate creates
// no action, the advisory duplicate scenario has nothing to duplicate. It is skipped with the
// precondition named, never a harness error nor a finding of its own (strict or not): the
// refused isolate is the required scenarios' failure to report.
func TestAdvisoryScenarioWithoutItsPreconditionIsSkipped(t *testing.T) {
	for _, strict := range []bool{false, true} {
		r, err := conformance.Run(t.Context(), conformance.Options{Profile: conformance.Preview2017,
			Tags: "@req:ISO-DUP-001,@req:ISO-TYPE-001", Strict: strict, Mock: mock.Options{Deviations: []string{"full-refused"}}})
		require.NoError(t, err)
		require.NotEmpty(t, r.Scenarios)
		dup := 0
		for _, s := range r.Scenarios {
			if !slices.Contains(s.RequirementIDs, "ISO-DUP-001") {
				continue
			}
			dup++
			assert.Equal(t, conformance.StatusSkip, s.Status, "strict %v: %s: %s", strict, s.Name, s.Reason)
			assert.Contains(t, s.Reason, "precondition not met", s.Name)
			assert.Empty(t, s.Findings, s.Name)
		}
		assert.Positive(t, dup, "the duplicate scenario was selected")
		assert.Equal(t, conformance.NonConformant, r.Verdict, "the refused isolate fails ISO-TYPE-001, nothing else: %s", r.VerdictReason)
		assert.Zero(t, r.AdvisoryFindings)
	}
}
