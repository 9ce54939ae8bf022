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

// fail returns a checkError for the scenario's last exchange.
func (s *scenario) fail(expected, actual string, reqs ...string) error {
	return &checkError{reqs: reqs, expected: expected, actual: actual, exchange: s.last}
}

// skip returns the error that skips the rest of the scenario, with a reason the report keeps.
func (s *scenario) skip(format string, args ...any) error {
	s.skipReason = fmt.Sprintf(format, args...)
	return fmt.Errorf("%w: %s", godog.ErrSkip, s.skipReason)
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
