package mock

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// cancellation is what cancelling an action recorded.
type cancellation struct {
	at        time.Time
	requestor string
	comment   any // the Comment sent, or nil
}

// Errors of store.cancel.
var (
	errNoAction = errors.New("no such machine action")
	errFinal    = errors.New("the machine action is in a final state")
)

// final reports whether an action status is final: it no longer changes.
func final(status string) bool {
	switch status {
	case statusSucceeded, statusCancelled, "Failed", "TimeOut":
		return true
	}
	return false
}

// cancel cancels profile p's action id at now as rule (the lifecycle's) decides from its
// status then: it returns the action, and the status it had when refused (errFinal).
func (s *store) cancel(p spec.Profile, id string, now time.Time, delay time.Duration, c *cancellation,
	rule func(status string) cancelOutcome) (*action, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.byID[id]
	if !ok || a.profile != p {
		return nil, "", errNoAction
	}
	st, _ := a.state(now, delay)
	switch rule(st) {
	case cancelRefused:
		return a, st, errFinal
	case cancelIgnored:
		return a, "", nil
	}
	a.cancelled.Store(c)
	s.cancelled[a] = struct{}{}
	return a, "", nil
}

// cancelAction serves POST {base}/machineactions/{id}/cancel: 200 with the action, now
// Cancelled; 404 ResourceNotFound for an unknown id; 400 BadRequest when the action is
// already final (Succeeded or Cancelled), which leaves it unchanged.
func (x *exchange) cancelAction() {
	id := x.pathID()
	var body struct {
		Comment *string `json:"Comment"`
	}
	_ = json.Unmarshal(x.body, &body) // validated: absent, or an object with a string Comment
	c := &cancellation{at: x.s.now(), requestor: x.identity.Requestor()}
	if body.Comment != nil {
		c.comment = *body.Comment
	}
	p := x.profile
	a, status, err := x.s.store.cancel(p, id, c.at, x.s.opts.CompletionDelay, c, x.s.lifecycle[p].cancel)
	switch {
	case errors.Is(err, errNoAction):
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine action " + id + " was not found"}, "")
		return
	case errors.Is(err, errFinal):
		x.fail(apiError{http.StatusBadRequest, codeBadRequest,
			"Machine action " + id + " is " + status + ": only an action not yet in a final state can be cancelled."}, "")
		return
	}
	x.sendJSON(http.StatusOK, x.s.renderAction(a, p, x.origin(), c.at, false), a)
}
