package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/spec"
)

// standardBody is the body of the standard isolation: the document's example request with
// its quotes corrected.
const standardBody = `{"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"}`

// Every isolation cuts a machine off for minutes, so scenarios that only observe a standard
// successful isolation share one: the first scenario that needs it makes it, on its machine,
// and runs a fixed script on it; the others observe the recorded exchanges. Requests that
// differ (another body, token, path or content type) are never shared.
//
// There are two scripts. "pending" (current profile): isolate, send the same isolate again
// while the first is pending (the duplicate check), then cancel it while still pending, so the
// machine is never cut off. "final" (both profiles; the only one in preview-2017, which has
// no cancel): isolate, send it again while pending, wait until the isolation is final, try to
// cancel it (current: the final-action refusal), then release it with unisolate.
type sharedIsolation struct {
	started bool          // a scenario runs (or ran) the script; guarded by target.mu
	done    chan struct{} // closed once the script and its release are over
	kind    string        // "pending" or "final"
	machine string
	first   observed // the isolate
	action  *createdAction
	dup     observed // the second isolate while the first was pending; zero if not sent
	dupWhy  string   // why no second isolate was sent
	cancel  observed // pending: the cancel while pending; final: the cancel of the final action
	release observed // final: the unisolate
	finalOK string   // final: why the isolation is not final ("" when it is)
	err     error    // the isolate itself went wrong (no answer): every observer sees it
}

// observed is one exchange of the shared script and what the suite found wrong with it.
type observed struct {
	ex   *httpx.Exchange
	json any
	vs   []violation
}

// sharedKey identifies a request for sharing: the script, the role, the path prefix, the
// content type and the body without insignificant white space (any pool machine will do).
func sharedKey(kind, role, prefix, contentType string, body []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, body) != nil {
		b.Reset()
		b.Write(body)
	}
	return strings.Join([]string{kind, role, prefix, contentType, b.String()}, "\x00")
}

// shareable reports which script, if any, the scenario can observe instead of isolating
// itself: it isolates a pool machine with a plain token role and sends nothing the script
// does not answer. The script is "final" when the scenario needs the isolation final or
// releases it itself, or in a profile without cancel; else "pending".
func (s *scenario) shareable() (string, bool) {
	if !s.leased || s.caller.role == "" || s.caller.header != "" || s.caller.none || len(s.actions) > 0 {
		return "", false
	}
	if slices.ContainsFunc(s.stepTexts, func(t string) bool {
		return strings.Contains(t, "until it is throttled") || strings.HasPrefix(t, "the caller sends ")
	}) {
		return "", false
	}
	if s.t.profile != spec.Current || slices.ContainsFunc(s.stepTexts, func(t string) bool {
		return strings.Contains(t, "is final") || strings.Contains(t, "releases the machine")
	}) {
		return "final", true
	}
	return "pending", true
}

// observeShared answers the scenario's isolate r from the shared script of its kind, running
// the script first if no scenario has yet.
func (s *scenario) observeShared(ctx context.Context, kind string, r request) error {
	prefix := r.prefix
	if prefix == "" {
		prefix = s.t.base.Path
	}
	key := sharedKey(kind, s.caller.role, strings.TrimRight(prefix, "/"), r.contentType, r.body)
	s.t.mu.Lock()
	if s.t.shared == nil {
		s.t.shared = map[string]*sharedIsolation{}
	}
	sh := s.t.shared[key]
	if sh == nil {
		sh = &sharedIsolation{kind: kind, done: make(chan struct{})}
		s.t.shared[key] = sh
	}
	owner := !sh.started
	sh.started = true
	s.t.mu.Unlock()
	if owner {
		func() {
			defer close(sh.done)
			s.runShared(ctx, sh, r)
		}()
	} else {
		// An observer needs no machine of its own: give it back while the script runs, so an
		// isolating scenario can use it meanwhile.
		s.t.pool.release(s.lease)
		s.leased = false
		<-sh.done
	}
	s.sh = sh
	s.machine = sh.machine
	s.observe(sh.first)
	if sh.err != nil {
		return sh.err
	}
	if sh.action != nil {
		a := *sh.action
		a.shared = true
		s.actions = append(s.actions, &a)
	}
	return nil
}

// observe makes o the scenario's last exchange and takes its violations.
func (s *scenario) observe(o observed) {
	s.last, s.lastJSON = o.ex, o.json
	s.violations = append(s.violations, o.vs...)
}

// runShared runs sh's script as a scenario of its own on s's machine, then releases what it
// created. Its violations of the release go to s, the scenario that ran it.
func (s *scenario) runShared(ctx context.Context, sh *sharedIsolation, r request) {
	h := &scenario{t: s.t, info: s.info, machine: s.machine, leased: true, caller: s.caller, released: map[string]string{}, stepTexts: s.stepTexts}
	h.info.Name = "shared isolation (first needed by: " + s.name() + ")"
	sh.machine = s.machine
	step := func(r request) (observed, error) {
		n := len(h.violations)
		err := h.do(ctx, r)
		return observed{ex: h.last, json: h.lastJSON, vs: slices.Clone(h.violations[n:])}, err
	}
	var err error
	sh.first, err = step(r)
	if err != nil {
		sh.err = err
	}
	if err == nil && sh.first.ex.StatusCode == http.StatusCreated && len(h.actions) == 1 && h.actions[0].id != "" {
		a := h.actions[0]
		sh.action = &createdAction{id: a.id, kind: a.kind, machine: a.machine, status: a.status, body: a.body, role: a.role}
		h.scriptShared(ctx, sh, r, step)
	}
	script := len(h.violations)
	_ = h.cleanup(s.t.releaseContext(ctx))
	s.violations = append(s.violations, h.violations[script:]...)
}

// scriptShared runs the script of sh.kind after a successful isolate.
func (h *scenario) scriptShared(ctx context.Context, sh *sharedIsolation, r request, step func(request) (observed, error)) {
	a := h.actions[0]
	standard := sharedKey("", "", "", "", r.body) == sharedKey("", "", "", "", []byte(standardBody))
	switch {
	case !standard:
		sh.dupWhy = "the shared isolation sends no second isolate for this body"
		if sh.kind == "pending" {
			return // the cleanup cancels it while pending, without reading it first
		}
	case isFinal(a.status):
		sh.dupWhy = "the first isolation was already " + a.status + " in the 201 answer, so no request could find it pending"
	default:
		if st, _, err := h.t.actionStatus(ctx, a.id); err == nil && isFinal(st) {
			sh.dupWhy = "the first isolation was already " + st + " before the second request could be sent"
			break
		}
		dup := r
		dup.body = []byte(`{"Comment": "isoconform: second isolation", "IsolationType": "Full"}`)
		sh.dup, _ = step(dup)
	}
	if sh.kind == "pending" {
		if sh.dup.ex != nil { // found pending just now
			sh.cancel, _ = step(h.cancelRequest(a.id))
		}
		return
	}
	st, err := h.await(ctx, a.id, h.t.timeouts.ActionCompletion, "isolation "+a.id+" of machine "+a.machine)
	a.status = st
	sh.action.status = st
	if err != nil {
		sh.finalOK = err.Error()
		return
	}
	if h.t.profile == spec.Current {
		sh.cancel, _ = step(h.cancelRequest(a.id))
	}
	sh.release, _ = step(h.unisolateRequest())
}

// cancelRequest is the cancellation the cancel steps send.
func (s *scenario) cancelRequest(id string) request {
	return request{op: opCancel, method: http.MethodPost, rel: "/machineactions/" + url.PathEscape(id) + "/cancel",
		body: []byte(`{"Comment": "` + cancelComment + `"}`), contentType: "application/json", auth: s.authorization()}
}

// unisolateRequest is the release the release step sends.
func (s *scenario) unisolateRequest() request {
	return request{op: opUnisolate, method: http.MethodPost, rel: "/machines/" + url.PathEscape(s.machine) + "/unisolate",
		body: []byte(`{"Comment": "isoconform: release"}`), contentType: "application/json", auth: s.authorization()}
}
