package conformance

import (
	"context"
	"fmt"
	"strings"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
)

// Run runs the suite and returns its result. The error is for harness and setup failures
// (invalid options, unreachable target, nothing to run); whether the target conforms is the
// Result's Verdict. When a run was started, its Result is returned even with an error.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg, err := opts.config()
	if err != nil {
		return nil, err
	}
	r, err := steps.Run(ctx, cfg)
	if r == nil {
		return nil, err
	}
	return resultOf(r), err
}

// TB is what RunT needs of a test. *testing.T and *testing.B satisfy it, T being the type
// itself (its Run takes a func(*testing.T)).
type TB[T any] interface {
	Helper()
	Context() context.Context
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
	Run(name string, f func(T)) bool
}

// RunT runs the suite from a go test and replays each scenario as a subtest of t, named by its
// area, requirement ids and title: a failed required scenario fails its subtest with the
// requirement, expected and actual; a skipped one is skipped with its reason, never passed;
// an informational (observed-level) failure is logged. Then t itself fails unless the
// verdict is Conformant, or Partial with opts.AcceptPartial (the command line exits 3 on a
// partial run). A setup error calls t.Fatalf; RunT returns nil if Fatalf returns.
func RunT[T TB[T]](t T, opts Options) *Result {
	t.Helper()
	r, err := Run(t.Context(), opts)
	if r == nil {
		t.Fatalf("isoconform: %v", err)
		return nil
	}
	if err != nil {
		t.Errorf("isoconform: %s", report.Inert(err.Error()))
	}
	for _, s := range r.Scenarios {
		t.Run(SubtestName(s), func(t T) { replay(t, s) })
	}
	switch {
	case r.Verdict == Conformant:
	case r.Verdict == Partial && opts.AcceptPartial:
		t.Logf("isoconform: partial run accepted (Options.AcceptPartial): %s", r.VerdictReason)
	case r.Verdict == Partial:
		t.Errorf("isoconform: partial run, conformance not shown: %s (set Options.AcceptPartial to accept it)", r.VerdictReason)
	default:
		t.Errorf("isoconform: verdict %s: %s", r.Verdict, report.Inert(r.VerdictReason))
	}
	return r
}

// SubtestName is the name RunT gives a scenario's subtest: its area, then its requirement ids
// and title, e.g. "body/ISO-BODY-001 A comment is required".
func SubtestName(s ScenarioResult) string {
	return fmt.Sprintf("%s/%s %s", s.Area, strings.Join(s.RequirementIDs, ","), s.Name)
}

// replay reports one scenario as the outcome of a subtest.
func replay[T TB[T]](t T, s ScenarioResult) {
	t.Helper()
	switch s.Status {
	case StatusPass:
	case StatusWarn:
		for _, f := range s.Findings {
			t.Logf("%s", report.Inert(fmt.Sprintf("advisory finding (a warning; it fails only with Options.Strict): %s: %s\nexpected: %s\nactual:   %s", f.RequirementID, f.RequirementText, f.Expected, f.Actual)))
		}
	case StatusSkip:
		t.Skip(report.Inert(s.Reason))
	case StatusNotSupported:
		t.Skip("not supported: " + report.Inert(s.Reason))
	case StatusFail:
		msg := fmt.Sprintf("%s failed", s.Name)
		if f := s.Failure; f != nil {
			msg = fmt.Sprintf("%s: %s\nexpected: %s\nactual:   %s\n%s\nreproduce: %s", f.RequirementID, f.RequirementText, f.Expected, f.Actual, f.Exchange, f.Reproduce)
		}
		msg = report.Inert(msg) // the target's text, shown escaped on the test's console
		// An advisory level fails only in a strict run, and then counts like a required one.
		if !s.Level.Required() && s.Level != LevelAdvisory {
			t.Logf("informational (%s level, does not count toward the verdict): %s", s.Level, msg)
			return
		}
		t.Errorf("%s", msg)
	case StatusError:
		if !s.Level.Required() {
			t.Logf("informational (%s level): harness error: %s", s.Level, report.Inert(s.Reason))
			return
		}
		t.Errorf("harness error: %s", report.Inert(s.Reason))
	default:
		// A status this version does not know (a later suite's): shown with its word, never
		// passed silently.
		t.Skip(fmt.Sprintf("%s: %s", s.Status, s.Reason))
	}
}
