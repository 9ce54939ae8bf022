package report

import (
	"encoding/json"
	"fmt"
)

// Status is the outcome of a step, scenario or requirement. Statuses are
// ordered Unknown < NotSupported < Skip < Pass < Warn < Fail < Error and only
// ever raised, so a parent's status is the worst of its children's (as in the
// OCI distribution-spec conformance suite). Error means the harness could not
// decide (setup failed, target unreachable); Fail means the target broke a
// requirement; Warn means it passed its required checks but an advisory one
// found something; NotSupported means the target does not offer the optional
// feature the requirement belongs to (declared, or inferred from a 404, 405 or
// 501), which is never a failure.
type Status int

// The statuses, in raise order.
const (
	StatusUnknown      Status = iota // nothing recorded yet
	StatusNotSupported               // an optional feature the target does not offer
	StatusSkip                       // not run (or not checked), with a reason
	StatusPass                       // the target met the requirement
	StatusWarn                       // passed, with an advisory finding
	StatusFail                       // the target broke the requirement
	StatusError                      // the harness could not decide
)

var statusNames = [...]string{"unknown", "not-supported", "skip", "pass", "warn", "fail", "error"}

// Raise sets s to o if o is worse than s, and never lowers it.
func (s *Status) Raise(o Status) {
	if o > *s {
		*s = o
	}
}

// String returns the lower-case word: unknown, not-supported, skip, pass, warn,
// fail or error.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("status(%d)", int(s))
	}
	return statusNames[s]
}

// ParseStatus returns the Status named by word, as String writes it.
func ParseStatus(word string) (Status, error) {
	for i, n := range statusNames {
		if n == word {
			return Status(i), nil
		}
	}
	return StatusUnknown, fmt.Errorf("unknown status %q", word)
}

// MarshalJSON writes the status as its lower-case word.
func (s Status) MarshalJSON() ([]byte, error) {
	if s < 0 || int(s) >= len(statusNames) {
		return nil, fmt.Errorf("cannot marshal %v", s)
	}
	return json.Marshal(s.String())
}

// UnmarshalJSON reads a status written by MarshalJSON.
func (s *Status) UnmarshalJSON(b []byte) error {
	var word string
	if err := json.Unmarshal(b, &word); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	v, err := ParseStatus(word)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
