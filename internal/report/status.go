package report

import (
	"encoding/json"
	"fmt"
)

// Status is the outcome of a step, scenario or requirement. Statuses are
// ordered Unknown < Skip < Pass < Fail < Error and only ever raised, so a
// parent's status is the worst of its children's (as in the OCI
// distribution-spec conformance suite). Error means the harness could not
// decide (setup failed, target unreachable); Fail means the target broke a
// requirement.
type Status int

// The statuses, in raise order.
const (
	StatusUnknown Status = iota // nothing recorded yet
	StatusSkip                  // not run, with a reason
	StatusPass                  // the target met the requirement
	StatusFail                  // the target broke the requirement
	StatusError                 // the harness could not decide
)

var statusNames = [...]string{"unknown", "skip", "pass", "fail", "error"}

// Raise sets s to o if o is worse than s, and never lowers it.
func (s *Status) Raise(o Status) {
	if o > *s {
		*s = o
	}
}

// String returns the lower-case word: unknown, skip, pass, fail or error.
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
