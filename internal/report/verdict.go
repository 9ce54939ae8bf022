package report

import (
	"fmt"
	"strings"
)

// Verdict is the overall outcome of a run.
type Verdict string

// The verdicts.
const (
	// VerdictConformant: no failure, no error, no required check skipped.
	VerdictConformant Verdict = "conformant"
	// VerdictNonConformant: a core or extended scenario failed.
	VerdictNonConformant Verdict = "non-conformant"
	// VerdictPartial: nothing failed, but a core or extended scenario was
	// skipped, so conformance is not shown.
	VerdictPartial Verdict = "partial"
	// VerdictError: a harness error, or nothing ran.
	VerdictError Verdict = "error"
)

// Process exit codes of `isoconform run`.
const (
	ExitConformant    = 0
	ExitNonConformant = 1
	// ExitError also covers usage and configuration errors, which the
	// caller reports before any Run exists.
	ExitError   = 2
	ExitPartial = 3
	// ExitInterrupted is for the caller to use on SIGINT; no Verdict maps
	// to it.
	ExitInterrupted = 130
)

// ExitCode returns the process exit code for v; an unknown verdict is an
// error.
func (v Verdict) ExitCode() int {
	switch v {
	case VerdictConformant:
		return ExitConformant
	case VerdictNonConformant:
		return ExitNonConformant
	case VerdictPartial:
		return ExitPartial
	default:
		return ExitError
	}
}

// Decide computes the verdict of run and a one-line reason, in this order:
//
//  1. run.Error set: VerdictError (the run as a whole cannot be trusted);
//  2. a required check failed: VerdictNonConformant (a confirmed failure
//     stands even if another scenario hit a harness error);
//  3. a required scenario errored: VerdictError;
//  4. no scenario passed, warned or failed: VerdictError ("nothing ran");
//  5. a required scenario was skipped, or a required requirement not checked:
//     VerdictPartial;
//  6. otherwise VerdictConformant.
//
// A failure counts at the level of the requirement it names, not the
// strongest of its scenario. Core and extended bind; advisory binds only in a
// strict run, and is otherwise a warning counted apart that never changes the
// verdict; observed never binds. A requirement of an optional feature the
// target does not offer is not supported: never a failure, never partial.
func Decide(run *Run) (Verdict, string) {
	if run.Error != "" {
		return VerdictError, "harness error: " + run.Error
	}
	levels := map[string]Level{}
	for _, q := range run.Requirements {
		levels[q.ID] = q.Level
	}
	binds := func(l Level) bool { return l.Required() || (run.Strict && l == LevelAdvisory) }
	var fail, errored, skipped, ran int
	for _, s := range run.Scenarios {
		switch s.Status {
		case StatusPass, StatusFail, StatusWarn:
			ran++
		}
		switch s.Status {
		case StatusFail:
			l := s.Level
			if f := s.Failure; f != nil && f.RequirementID != "" {
				if fl, ok := levels[f.RequirementID]; ok {
					l = fl
				}
			}
			if binds(l) {
				fail++
			}
		case StatusWarn:
			if run.Strict {
				fail++
			}
		case StatusError:
			if binds(s.Level) {
				errored++
			}
		case StatusSkip:
			if binds(s.Level) {
				skipped++
			}
		}
	}
	warn := ""
	if n := AdvisoryFindings(run); n > 0 && !run.Strict {
		warn = "; " + count(n, "advisory finding") + " (warnings; --strict makes them failures)"
	}
	switch {
	case fail > 0:
		return VerdictNonConformant, fmt.Sprintf("%s failed", count(fail, "required scenario")) + warn
	case errored > 0:
		return VerdictError, fmt.Sprintf("%s could not be decided (harness error)", count(errored, "required scenario"))
	case ran == 0:
		return VerdictError, "nothing ran: no scenario passed or failed"
	case skipped > 0:
		return VerdictPartial, fmt.Sprintf("no failure, but %s skipped", count(skipped, "required scenario was", "required scenarios were")) + warn
	}
	if inferred := featureNames(run, FeatureInferredUnsupported); len(inferred) > 0 {
		return VerdictPartial, fmt.Sprintf("no failure, but %s inferred not supported from a 404, 405 or 501; declare it with --exempt-features %s to accept, or check the base URL",
			count(len(inferred), "feature ("+strings.Join(inferred, ", ")+") was", "features ("+strings.Join(inferred, ", ")+") were"), strings.Join(inferred, ",")) + warn
	}
	if unchecked := uncheckedRequired(run, binds); unchecked > 0 {
		return VerdictPartial, fmt.Sprintf("no failure, but %s not checked (no scenario of it ran or got to it, e.g. narrowed by --tags)", count(unchecked, "required requirement was", "required requirements were")) + warn
	}
	declared := ""
	if names := featureNames(run, FeatureDeclaredUnsupported); len(names) > 0 {
		declared = " (declared not supported: " + strings.Join(names, ", ") + ")"
	}
	return VerdictConformant, fmt.Sprintf("%s ran; no required check failed, errored or was skipped", count(ran, "scenario")) + declared + warn
}

// featureNames lists the run's features with status st.
func featureNames(run *Run, st FeatureStatus) []string {
	var out []string
	for _, f := range run.Features {
		if f.Status == st {
			out = append(out, f.Name)
		}
	}
	return out
}

// FeaturesLine says which optional features the run checked and which it found not
// supported (declared or inferred, with the evidence); "" when the run has no feature record.
func FeaturesLine(run *Run) string {
	if len(run.Features) == 0 {
		return ""
	}
	var parts []string
	if names := featureNames(run, FeatureChecked); len(names) > 0 {
		parts = append(parts, "checked "+strings.Join(names, ", "))
	}
	if names := featureNames(run, FeatureDeclaredUnsupported); len(names) > 0 {
		parts = append(parts, "declared not supported "+strings.Join(names, ", "))
	}
	var inferred []string
	for _, f := range run.Features {
		if f.Status == FeatureInferredUnsupported {
			inferred = append(inferred, f.Name+" ("+f.Evidence+")")
		}
	}
	if len(inferred) > 0 {
		parts = append(parts, "inferred not supported "+strings.Join(inferred, ", "))
	}
	if names := featureNames(run, FeatureNotRun); len(names) > 0 {
		parts = append(parts, "not run "+strings.Join(names, ", "))
	}
	return "Features: " + strings.Join(parts, "; ")
}

// FailureBinds reports whether the failed scenario sc counts against the verdict: its
// failure's requirement is core or extended, or advisory in a strict run.
func (run *Run) FailureBinds(sc Scenario) bool {
	l := failureLevel(run, sc)
	return l.Required() || (run.Strict && l == LevelAdvisory)
}

// failureLevel is the level of the requirement sc's failure names, else the scenario's.
func failureLevel(run *Run, sc Scenario) Level {
	if f := sc.Failure; f != nil && f.RequirementID != "" {
		for _, q := range run.Requirements {
			if q.ID == f.RequirementID {
				return q.Level
			}
		}
	}
	return sc.Level
}

// AdvisoryFindings counts the advisory requirements with a finding: a warning
// (StatusWarn), or a failure of an advisory check.
func AdvisoryFindings(run *Run) int {
	n := 0
	for _, r := range run.Requirements {
		if r.Status == StatusWarn || (r.Status == StatusFail && r.Level == LevelAdvisory) {
			n++
		}
	}
	return n
}

// uncheckedRequired counts the binding requirements of the run that no scenario decided (or
// that a failed scenario stopped before): a run that never looked at a requirement cannot
// call the target conformant to it.
func uncheckedRequired(run *Run, binds func(Level) bool) int {
	n := 0
	for _, r := range run.Requirements {
		if binds(r.Level) && (r.Status == StatusUnknown || r.Status == StatusSkip) {
			n++
		}
	}
	return n
}

// count writes n with the singular noun, or with the plural (given, or the
// singular plus "s").
func count(n int, singular string, plural ...string) string {
	if n == 1 {
		return "1 " + singular
	}
	if len(plural) > 0 {
		return fmt.Sprintf("%d %s", n, plural[0])
	}
	return fmt.Sprintf("%d %ss", n, singular)
}
