package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/httpx"
)

// request is one call the suite makes.
type request struct {
	op          operation
	method      string
	rel         string // path relative to the profile's base path, e.g. /machines/{id}/isolate
	query       url.Values
	body        []byte
	contentType string
	prefix      string // replaces the base URL's path when set (the versioned-path scenario)
	auth        string // the Authorization header value; "" sends none
	throttleOK  bool   // a 429 is the answer the step wants: do not wait it out
}

// url is the request's absolute URL on the target.
func (t *target) url(r request) string {
	u := *t.base
	if r.prefix != "" {
		u.Path = r.prefix
	}
	u.Path = strings.TrimRight(u.Path, "/") + r.rel
	u.RawPath = ""
	if len(r.query) > 0 {
		u.RawQuery = strings.ReplaceAll(r.query.Encode(), "+", "%20")
	}
	return u.String()
}

// send sends r, validates the response against the OpenAPI document and returns the exchange.
// A target that does not answer in time, answers too much or redirects elsewhere is the
// target's failure (a checkError); the suite's own trouble is a harness error.
func (t *target) send(ctx context.Context, r request) (*httpx.Exchange, []violation, error) {
	start := time.Now()
	deadline := start.Add(t.timeouts.Throttle)
	shown := time.Duration(0)
	for {
		ex, vs, err := t.sendOnce(ctx, r)
		if err != nil || r.throttleOK || ex.StatusCode != http.StatusTooManyRequests || !time.Now().Before(deadline) {
			return ex, vs, err
		}
		// The suite's own pace, not what the scenario checks: wait as the target asks, each
		// pause at most the request timeout, all of them within the run's wait budget.
		if waited := time.Since(start); !t.isMock && waited-shown >= progressEvery {
			shown = waited
			t.noticef("throttled (429) on %s %s: waited %s so far, %s of the run's wait budget left", r.method, r.rel, waited.Round(time.Second), t.budget.remaining().Round(time.Second))
		}
		if t.budget.sleep(ctx, min(retryAfter(ex, time.Second), t.requestTimeout, time.Until(deadline))) != nil {
			return ex, vs, err
		}
	}
}

// roleOf returns the role whose token an Authorization header carries, "" if none.
func (t *target) roleOf(auth string) string {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return ""
	}
	for _, role := range t.isolateRoles() {
		if t.tokens[role] == tok {
			return role
		}
	}
	return ""
}

// sendOnce sends r once and validates the answer.
func (t *target) sendOnce(ctx context.Context, r request) (*httpx.Exchange, []violation, error) {
	var body *bytes.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, r.method, t.url(r), body)
	} else {
		req, err = http.NewRequestWithContext(ctx, r.method, t.url(r), nil)
	}
	if err != nil {
		return nil, nil, harness("build request: %v", err)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.auth != "" {
		req.Header.Set("Authorization", r.auth)
	}
	req.Header.Set("Accept", "application/json")
	ex, err := t.client.Do(ctx, req)
	if err != nil {
		switch httpx.KindOf(err) {
		case httpx.KindTimeout, httpx.KindBodyTooLarge, httpx.KindRedirect:
			return ex, nil, &checkError{expected: "a complete answer within the request timeout, of bounded size, from the target itself", actual: err.Error(), exchange: ex}
		}
		return ex, nil, &harnessError{err: err}
	}
	return ex, t.validate(ctx, r.op, r.method, r.rel, ex), nil
}

// do sends r for the scenario: the exchange becomes the scenario's last, its violations are
// kept for the end of the scenario, and an isolation the target created is recorded at once
// so it is released whatever happens next.
func (s *scenario) do(ctx context.Context, r request) error {
	if err := ctx.Err(); err != nil {
		// Interrupted before sending: nothing reaches the target, so nothing may have been
		// created (an isolate is not recorded as unanswered).
		return err
	}
	ex, vs, err := s.t.send(ctx, r)
	s.last, s.lastJSON = ex, nil
	s.violations = append(s.violations, vs...)
	if ex != nil && len(ex.ResponseBody) > 0 {
		var v any
		if json.Unmarshal(ex.ResponseBody, &v) == nil {
			s.lastJSON = v
		}
	}
	if err != nil {
		if r.op == opIsolate && r.method == http.MethodPost && s.leased && (ex == nil || ex.StatusCode == 0) {
			// No complete answer: the target may still have created an action. Record the
			// machine as possibly isolated, so the cleanup looks for it and releases it.
			s.noteUnanswered(r)
		}
		return err
	}
	if (r.op == opIsolate || r.op == opOther) && r.method == http.MethodPost || r.op == opUnisolate {
		s.noteCreated(r, ex)
	}
	return nil
}

// noteCreated records the action a 2xx answer to an isolate or unisolate created.
func (s *scenario) noteCreated(r request, ex *httpx.Exchange) {
	if ex.StatusCode < 200 || ex.StatusCode > 299 {
		return
	}
	body, _ := s.lastJSON.(map[string]any)
	id, _ := body["id"].(string)
	kind := "Isolate"
	if r.op == opUnisolate {
		kind = "Unisolate"
	}
	machine := s.machine
	status, _ := body["status"].(string)
	a := &createdAction{id: id, kind: kind, machine: machine, status: status, body: body, role: s.t.roleOf(r.auth)}
	if id == "" {
		// The target claims success without an action id: nothing can be polled, but the
		// machine may be isolated; record it so the report shows it and release it anyway.
		a.label = fmt.Sprintf("(no id: %s %s at %s)", r.method, r.rel, time.Now().UTC().Format(time.RFC3339Nano))
	} else {
		for _, prior := range s.actions {
			if prior.id == id {
				return // the same pending action answered again (duplicate isolate)
			}
		}
		if prior, taken := s.t.claimID(id, kind+" of machine "+machine); taken {
			// Another action already has this id: the target gave two actions one identity.
			s.violations = append(s.violations, violation{req: reqAct001, path: "id",
				reason: fmt.Sprintf("action id %s was already given to another action (%s)", id, prior), exchange: ex})
		}
		s.t.remember(id)
	}
	if kind == "Unisolate" {
		s.released[machine] = id
		return
	}
	s.actions = append(s.actions, a)
	s.t.rec.AddAction(reportAction(a, s.name()))
}

// noteUnanswered records an isolate that got no complete answer as an action without an id.
func (s *scenario) noteUnanswered(r request) {
	a := &createdAction{label: fmt.Sprintf("(no answer: %s %s at %s)", r.method, r.rel, time.Now().UTC().Format(time.RFC3339Nano)),
		kind: "Isolate", machine: s.machine, role: s.t.roleOf(r.auth)}
	s.actions = append(s.actions, a)
	s.t.rec.AddAction(reportAction(a, s.name()))
}

// authorization returns the Authorization header the scenario's caller sends.
func (s *scenario) authorization() string {
	c := s.caller
	switch {
	case c.none:
		return ""
	case c.header != "":
		return c.header
	case c.role != "":
		return "Bearer " + s.t.tokens[c.role]
	}
	return ""
}

// retryAfter returns the Retry-After seconds of a 429, or def.
func retryAfter(ex *httpx.Exchange, def time.Duration) time.Duration {
	if ex == nil {
		return def
	}
	if n, err := strconv.Atoi(strings.TrimSpace(ex.ResponseHeader.Get("Retry-After"))); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	return def
}
