package steps

import (
	"errors"
	"fmt"

	"github.com/cucumber/godog"

	"github.com/isoconform/isoconform/internal/httpx"
)

// checkError is a step's verdict that the target broke a requirement: requirement, expected,
// actual (h2spec), and the exchange that showed it.
type checkError struct {
	// reqs are the requirement ids the check belongs to, most specific first; the scenario
	// reports the first one it is tagged with (else its own first requirement).
	reqs     []string
	auto     bool // an automatic check: reqs[0] is reported whatever the scenario's tags
	expected string
	actual   string
	exchange *httpx.Exchange
}

func (e *checkError) Error() string {
	return fmt.Sprintf("expected %s, got %s", e.expected, e.actual)
}

// fail returns a checkError for the scenario's last exchange. A check of an advisory
// requirement (in the run's profile) does not fail outside strict mode: it is recorded as a
// finding (a warning), once per requirement, and the scenario goes on.
func (s *scenario) fail(expected, actual string, reqs ...string) error {
	ce := &checkError{reqs: reqs, expected: expected, actual: actual, exchange: s.last}
	if s.advise(ce) {
		return nil
	}
	return ce
}

// advise records ce as an advisory finding when its requirement is advisory and the run is
// not strict, and reports whether it did.
func (s *scenario) advise(ce *checkError) bool {
	id := s.requirementFor(ce)
	if s.t.strict || !s.t.isAdvisory(id) {
		return false
	}
	for _, f := range s.findings {
		if s.requirementFor(f) == id {
			return true
		}
	}
	s.findings = append(s.findings, ce)
	return true
}

// skip returns the error that skips the rest of the scenario, with a reason the report keeps.
func (s *scenario) skip(format string, args ...any) error {
	s.skipReason = fmt.Sprintf(format, args...)
	return fmt.Errorf("%w: %s", godog.ErrSkip, s.skipReason)
}

// notSupported returns the error that ends the scenario because its optional feature is not
// supported; the report records the reason and StatusNotSupported, never a failure.
func (s *scenario) notSupported(reason string) error {
	s.unsupported = reason
	s.skipReason = reason
	return fmt.Errorf("%w: %s", godog.ErrSkip, reason)
}

// harnessError marks a failure of the suite itself (not of the target): the scenario's status
// becomes error.
type harnessError struct{ err error }

func (e *harnessError) Error() string { return "harness: " + e.err.Error() }
func (e *harnessError) Unwrap() error { return e.err }

func harness(format string, args ...any) error {
	return &harnessError{err: fmt.Errorf(format, args...)}
}

func isHarness(err error) bool {
	var h *harnessError
	return errors.As(err, &h)
}
