package report

import "fmt"

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
//  2. a core or extended scenario failed: VerdictNonConformant (a confirmed
//     failure stands even if another scenario hit a harness error);
//  3. a core or extended scenario errored: VerdictError;
//  4. no scenario passed or failed: VerdictError ("nothing ran");
//  5. a core or extended scenario was skipped: VerdictPartial;
//  6. otherwise VerdictConformant.
//
// Observed-level scenarios are informational: their failures, errors and
// skips appear in every output but never change the verdict. They do count
// as having run for rule 4.
func Decide(run *Run) (Verdict, string) {
	if run.Error != "" {
		return VerdictError, "harness error: " + run.Error
	}
	var fail, errored, skipped, ran int
	for _, s := range run.Scenarios {
		if s.Status == StatusPass || s.Status == StatusFail {
			ran++
		}
		if !s.Level.Required() {
			continue
		}
		switch s.Status {
		case StatusFail:
			fail++
		case StatusError:
			errored++
		case StatusSkip:
			skipped++
		}
	}
	switch {
	case fail > 0:
		return VerdictNonConformant, fmt.Sprintf("%s failed", count(fail, "required scenario"))
	case errored > 0:
		return VerdictError, fmt.Sprintf("%s could not be decided (harness error)", count(errored, "required scenario"))
	case ran == 0:
		return VerdictError, "nothing ran: no scenario passed or failed"
	case skipped > 0:
		return VerdictPartial, fmt.Sprintf("no failure, but %s skipped", count(skipped, "required scenario was", "required scenarios were"))
	}
	if unchecked := uncheckedRequired(run); unchecked > 0 {
		return VerdictPartial, fmt.Sprintf("no failure, but %s not checked (no scenario of it ran, e.g. narrowed by --tags)", count(unchecked, "required requirement was", "required requirements were"))
	}
	return VerdictConformant, fmt.Sprintf("%s ran; no required check failed, errored or was skipped", count(ran, "scenario"))
}

// uncheckedRequired counts the core and extended requirements of the run that no scenario
// decided: a run that never looked at a requirement cannot call the target conformant to it.
func uncheckedRequired(run *Run) int {
	n := 0
	for _, r := range run.Requirements {
		if r.Level.Required() && r.Status == StatusUnknown {
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
