package matrix

import (
	"slices"
	"sort"
	"time"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// Result is a matrix run of one profile.
type Result struct {
	Profile spec.Profile
	// Clean is the run against the faithful mock: it must have no failed scenario.
	Clean Outcome
	// Deviations hold one Outcome per deviation run, in the order given to Run.
	Deviations []Outcome
	// Variants hold one Outcome per variant run, in the order given to Run, then the run with
	// all of them at once (Variant AllVariants).
	Variants []Outcome
}

// Outcome is what one suite run against the mock showed.
type Outcome struct {
	// Deviation is the deviation switched on; "" for the clean mock.
	Deviation string
	// Variant names a variant run: the variant's name, or AllVariants; "" for another run.
	Variant string
	// Variants are the variants the mock took, and Features the optional features they remove.
	Variants, Features []string
	// Declared are the requirement ids the deviation declares that apply to the profile.
	Declared []string
	// Verdict and ExitCode are the run's, as `isoconform run` would report them.
	Verdict  report.Verdict
	ExitCode int
	// Failed are the scenarios that did not pass (failed, or errored), in report order.
	Failed []FailedScenario
	// Skipped are the scenarios skipped, with their reasons.
	Skipped []string
	// CaughtBy counts, per requirement id, the failed scenarios tagged with it.
	CaughtBy map[string]int
	// Named counts, per requirement id, the failed scenarios whose failure names it (the
	// report's Failure.RequirementID: what a user of the report reads).
	Named map[string]int
	// Missed are the declared ids no failed scenario is tagged with and no failure names.
	Missed []string
	// Duration is the run's wall time (not part of any generated file).
	Duration time.Duration
}

// FailedScenario is a scenario that did not pass.
type FailedScenario struct {
	// Feature and Name identify the scenario, as in the report.
	Feature, Name string
	// RequirementIDs are its @req tags.
	RequirementIDs []string
	// Status is fail or error.
	Status report.Status
	// Level is the scenario's level (a failure at a level that is not required, such as
	// advisory, does not change the verdict).
	Level report.Level
	// Requirement is the requirement the failure names (the report's Failure.RequirementID);
	// Expected and Actual say how; Reason is the harness error for StatusError.
	Requirement, Expected, Actual, Reason string
}

// Key is the scenario's identity across runs: "features/x.feature: name".
func (f FailedScenario) Key() string { return f.Feature + ": " + f.Name }

// Caught reports whether the deviation was caught: the run is non-conformant (exit 1), and
// every declared requirement is the tag of some failed scenario or named by a failure. For
// the clean mock it reports whether the run is conformant with nothing failed.
func (o Outcome) Caught() bool {
	if o.Deviation == "" && o.Variant == "" {
		return o.ExitCode == report.ExitConformant && len(o.Failed) == 0
	}
	return o.ExitCode == report.ExitNonConformant && len(o.Missed) == 0
}

// Passed reports whether the suite passed a variant run: exit 0, or exit 3 (partial) where
// the run's variants remove an optional feature.
func (o Outcome) Passed() bool {
	switch o.ExitCode {
	case report.ExitConformant:
		return true
	case report.ExitPartial:
		return len(o.Features) > 0
	}
	return false
}

// RequiredFailures returns the requirement ids of the failed scenarios at a required level
// (or errored), sorted: what makes a variant run fail.
func (o Outcome) RequiredFailures() []string {
	var out []string
	for _, f := range o.Failed {
		if f.Status == report.StatusError || f.Level.Required() {
			out = append(out, f.RequirementIDs...)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// CaughtIDs returns the requirement ids of CaughtBy and Named, sorted.
func (o Outcome) CaughtIDs() []string {
	out := make([]string, 0, len(o.CaughtBy)+len(o.Named))
	for id := range o.CaughtBy {
		out = append(out, id)
	}
	for id := range o.Named {
		out = append(out, id)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// declaredIn returns d's requirement ids that apply to profile p, sorted.
func declaredIn(d mock.Deviation, p spec.Profile, reg *spec.Registry) []string {
	var out []string
	for _, id := range d.Requirements {
		if q, ok := reg.Lookup(id); ok && q.AppliesTo(p) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// summarise turns a suite run into the deviation's Outcome.
func summarise(d mock.Deviation, declared []string, r *report.Run, took time.Duration) Outcome {
	o := Outcome{Deviation: d.Name, Declared: declared, Verdict: r.Verdict, ExitCode: r.Verdict.ExitCode(), CaughtBy: map[string]int{}, Named: map[string]int{}, Duration: took}
	for _, s := range r.Scenarios {
		if s.Status == report.StatusSkip {
			o.Skipped = append(o.Skipped, s.Feature+": "+s.Name+": "+s.Reason)
		}
		if s.Status != report.StatusFail && s.Status != report.StatusError {
			continue
		}
		f := FailedScenario{Feature: s.Feature, Name: s.Name, RequirementIDs: slices.Clone(s.RequirementIDs), Status: s.Status, Level: s.Level, Reason: s.Reason}
		if s.Failure != nil {
			f.Requirement, f.Expected, f.Actual = s.Failure.RequirementID, s.Failure.Expected, s.Failure.Actual
		}
		o.Failed = append(o.Failed, f)
		if s.Status == report.StatusFail {
			for _, id := range s.RequirementIDs {
				o.CaughtBy[id]++
			}
			if f.Requirement != "" {
				o.Named[f.Requirement]++
			}
		}
	}
	for _, id := range o.Declared {
		if o.CaughtBy[id] == 0 && o.Named[id] == 0 {
			o.Missed = append(o.Missed, id)
		}
	}
	return o
}
