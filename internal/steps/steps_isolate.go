package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/spec"
)

// isolateSteps send POST {base}/machines/{id}/isolate in every shape the features need (and
// the unisolate that releases it), and check what only an isolate answer shows: that a refusal
// created nothing, and how a second isolate of a pending machine is answered.
func isolateSteps() []stepDef {
	return []stepDef{
		{`^the caller isolates the machine with the body (.+)$`, isolateWithBody},
		{`^the caller isolates the machine with IsolationType "([^"]*)"$`, isolateWithType},
		{`^the caller isolates the machine with the request body of fixture "([^"]*)"$`, isolateWithFixture},
		{`^the caller isolates the machine with Content-Type "([^"]*)" and the body (.+)$`, isolateWithContentType},
		{`^the caller isolates the machine with the generated body "([^"]*)"$`, isolateWithGenerated},
		{`^the caller isolates the machine under the path prefix "([^"]*)"$`, isolateUnderPrefix},
		{`^the caller sends (GET|PUT|PATCH|DELETE|HEAD|OPTIONS) to the machine's isolate path$`, sendMethod},
		{`^the caller isolates the same machine again while the first isolation is pending$`, isolateAgain},
		{`^the caller has isolated the machine$`, hasIsolated},
		{`^the caller has isolated the machine and the isolation is final$`, hasIsolatedFinal},
		{`^the caller releases the machine$`, releaseMachine},
		{`^no action was created$`, noActionCreated},
		{`^the second answer is 400 "Action is already in progress" or 201 with the first action's id$`, secondAnswer},
	}
}

func (s *scenario) isolatePath() string { return "/machines/" + url.PathEscape(s.machine) + "/isolate" }

// isolate sends an isolate request for the scenario's machine.
func (s *scenario) isolate(ctx context.Context, body []byte, contentType, prefix string) error {
	if s.machine == "" {
		return harness("the scenario names no machine")
	}
	if why := s.t.haltReason(); why != "" && s.leased {
		return s.skip("no further isolation in this run: %s", why)
	}
	s.noteComment(body)
	kind, share := s.shareable()
	if share && s.caller.any {
		s.caller.role = s.t.isolateRoles()[0] // one role for every authorised caller, so they share
	}
	r := request{op: opIsolate, method: http.MethodPost, rel: s.isolatePath(), body: body, contentType: contentType, prefix: prefix, auth: s.authorization()}
	if share {
		return s.observeShared(ctx, kind, r)
	}
	return s.do(ctx, r)
}

// noteComment remembers the Comment a body carries, for the echo check.
func (s *scenario) noteComment(body []byte) {
	var m map[string]json.RawMessage
	s.comment, s.hasComm = nil, false
	if json.Unmarshal(body, &m) != nil {
		return
	}
	if raw, ok := m["Comment"]; ok {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			s.comment, s.hasComm = v, true
		}
	}
}

func isolateWithBody(ctx context.Context, body string) error {
	return from(ctx).isolate(ctx, []byte(body), "application/json", "")
}

func isolateWithType(ctx context.Context, isolationType string) error {
	body, _ := json.Marshal(map[string]string{"Comment": "isoconform: IsolationType " + isolationType, "IsolationType": isolationType})
	if isolationType == "Full" {
		body = []byte(standardBody) // the standard isolation: shared with every scenario that observes it
	}
	return from(ctx).isolate(ctx, body, "application/json", "")
}

func isolateWithFixture(ctx context.Context, name string) error {
	body, err := fixtures.Request(name)
	if err != nil {
		return harness("%v", err)
	}
	return from(ctx).isolate(ctx, body, "application/json", "")
}

func isolateWithContentType(ctx context.Context, contentType, body string) error {
	return from(ctx).isolate(ctx, []byte(body), contentType, "")
}

// generatedBody builds the hostile bodies of the error-envelope scenarios.
func generatedBody(kind string) ([]byte, error) {
	switch kind {
	case "a Comment of 64 KiB":
		return json.Marshal(map[string]string{"Comment": strings.Repeat("isoconform ", 64<<10/11), "IsolationType": "Full"})
	case "JSON nested 10,000 levels deep":
		return []byte(`{"Comment": "isoconform", "IsolationType": "Full", "x": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`), nil
	case "a Comment with invalid UTF-8 bytes":
		return []byte("{\"Comment\": \"isoconform \xff\xfe\xc3\x28\", \"IsolationType\": \"Full\"}"), nil
	}
	return nil, fmt.Errorf("no generated body %q", kind)
}

func isolateWithGenerated(ctx context.Context, kind string) error {
	body, err := generatedBody(kind)
	if err != nil {
		return harness("%v", err)
	}
	return from(ctx).isolate(ctx, body, "application/json", "")
}

// isolateUnderPrefix isolates under another base path of the same API: the base URL's path
// must end with one of the profile's base paths, which is replaced by prefix.
func isolateUnderPrefix(ctx context.Context, prefix string) error {
	s := from(ctx)
	path := strings.TrimRight(s.t.base.Path, "/")
	bases := s.t.profile.BasePaths()
	for i := len(bases) - 1; i >= 0; i-- { // longest first: /api/v1.0 before /api
		if root, ok := strings.CutSuffix(path, bases[i]); ok {
			body := []byte(standardBody) // under the configured path itself, the standard isolation
			if err := s.isolate(ctx, body, "application/json", root+prefix); err != nil {
				return err
			}
			if strings.HasSuffix(prefix, "/v1.0") {
				return s.probe(spec.FeatureV1Path)
			}
			return nil
		}
	}
	return s.skip("the base URL's path %q does not end with %s, so the other base paths cannot be derived", path, strings.Join(bases, " or "))
}

func sendMethod(ctx context.Context, method string) error {
	s := from(ctx)
	body := []byte(`{"Comment": "isoconform: wrong method", "IsolationType": "Full"}`)
	ct := "application/json"
	if method == http.MethodGet || method == http.MethodHead || method == http.MethodDelete {
		body, ct = nil, ""
	}
	return s.do(ctx, request{op: opOther, method: method, rel: s.isolatePath(), body: body, contentType: ct, auth: s.authorization()})
}

// isolateAgain sends the second isolate of the duplicate scenario at once, after checking
// that the first is still pending (else the scenario is skipped with that reason); the
// second answer is then the scenario's last. A first isolate that did not create an action
// leaves nothing to duplicate: the scenario is skipped, the failure is other scenarios' to
// report.
func isolateAgain(ctx context.Context) error {
	s := from(ctx)
	if s.last == nil || s.last.StatusCode != http.StatusCreated || len(s.actions) == 0 {
		return s.skip("not checked: precondition not met: expected the first isolate answered 201 with an action, got %s",
			cut(s.t.describe(s.last), 200))
	}
	first := s.actions[0]
	if s.sh != nil {
		if s.sh.dup.ex == nil {
			return s.skip("%s", s.sh.dupWhy)
		}
		s.observe(s.sh.dup)
		return nil
	}
	if isFinal(first.status) {
		return s.skip("the first isolation was already %s in the 201 answer, so no request could find it pending", first.status)
	}
	st, _, err := s.t.actionStatus(ctx, first.id)
	if err == nil && isFinal(st) {
		return s.skip("the first isolation was already %s before the second request could be sent", st)
	}
	return s.isolate(ctx, []byte(`{"Comment": "isoconform: second isolation", "IsolationType": "Full"}`), "application/json", "")
}

// hasIsolated isolates the machine as a precondition: anything but 201 with an action fails
// the scenario on ISO-HTTP-001.
func hasIsolated(ctx context.Context) error {
	s := from(ctx)
	if err := s.isolate(ctx, []byte(standardBody), "application/json", ""); err != nil {
		return err
	}
	if s.last.StatusCode != http.StatusCreated || len(s.actions) == 0 {
		return s.fail("201 Created with a MachineAction (precondition)", s.t.describe(s.last), reqHttp001)
	}
	if a := s.actions[len(s.actions)-1]; a.id == "" {
		// No id: the action cannot be fetched, listed, cancelled or waited for.
		return s.fail("201 Created with a MachineAction that has an id (precondition)", s.t.describe(s.last), reqAct001)
	}
	return nil
}

func hasIsolatedFinal(ctx context.Context) error {
	if err := hasIsolated(ctx); err != nil {
		return err
	}
	s := from(ctx)
	a := s.actions[len(s.actions)-1]
	if s.sh != nil {
		a.status = s.sh.action.status
		if s.sh.finalOK != "" {
			return s.fail(fmt.Sprintf("the isolation final within %s (Timeouts.ActionCompletion)", s.t.timeouts.ActionCompletion), s.sh.finalOK)
		}
		return nil
	}
	st, err := s.await(ctx, a.id, s.t.timeouts.ActionCompletion, "isolation "+a.id)
	a.status = st
	if err != nil {
		return s.fail(fmt.Sprintf("the isolation final within %s (Timeouts.ActionCompletion)", s.t.timeouts.ActionCompletion), err.Error())
	}
	return nil
}

func releaseMachine(ctx context.Context) error {
	s := from(ctx)
	if s.sh != nil {
		if s.sh.release.ex == nil {
			return harness("the shared isolation was not released by unisolate: %s", s.sh.finalOK)
		}
		s.observe(s.sh.release)
		return nil
	}
	return s.do(ctx, s.unisolateRequest())
}

// noActionCreated checks that the refused request left nothing behind: no 2xx answer, no
// MachineAction in the body, and no action recorded for the scenario.
func noActionCreated(ctx context.Context) error {
	s := from(ctx)
	if s.last != nil && s.last.StatusCode >= 200 && s.last.StatusCode <= 299 {
		return s.fail("no action created (a refusal)", s.t.describe(s.last))
	}
	if body, ok := s.lastJSON.(map[string]any); ok {
		if _, isAction := body["machineId"]; isAction {
			return s.fail("no action created: an error body, not a MachineAction", s.t.describe(s.last))
		}
	}
	if len(s.actions) > 0 {
		return s.fail("no action created", fmt.Sprintf("action %s was created", s.actions[0].name()))
	}
	return nil
}

// secondAnswer checks the answer to the duplicate scenario's second isolate (its last).
func secondAnswer(ctx context.Context) error {
	s := from(ctx)
	ex := s.last
	if ex == nil || len(s.actions) == 0 {
		return harness("no second answer")
	}
	first := s.actions[0]
	switch {
	case ex.StatusCode == http.StatusBadRequest:
		e, err := s.errorObject()
		if err != nil {
			return err
		}
		msg, _ := e["message"].(string)
		if !strings.Contains(strings.ToLower(msg), "already in progress") {
			return s.fail(`400 with the message "Action is already in progress"`, s.t.describe(ex))
		}
		return nil
	case ex.StatusCode == http.StatusCreated:
		body, _ := s.lastJSON.(map[string]any)
		id, _ := body["id"].(string)
		if id == first.id {
			return nil
		}
		// A second action: unless the first had already ended before it was created (by the
		// target's own clock), the target ran two isolations at once.
		if s.endedBefore(ctx, first, body) {
			return s.skip("the first isolation ended before the second request arrived, so it was not pending")
		}
		return s.fail(fmt.Sprintf("400 \"Action is already in progress\" or 201 with the pending action's id %s", first.id), "201 with a second action "+id)
	}
	return s.fail(`400 "Action is already in progress" or 201 with the pending action's id`, s.t.describe(ex))
}

// endedBefore reports whether the first action was final, by its last update, before the
// second action's creation.
func (s *scenario) endedBefore(ctx context.Context, first *createdAction, second map[string]any) bool {
	st, ex, err := s.t.actionStatus(ctx, first.id)
	if err != nil || !isFinal(st) {
		return false
	}
	var firstBody map[string]any
	if m, ok := jsonObject(ex.ResponseBody); ok {
		firstBody = m
	}
	ended, err1 := time.Parse(time.RFC3339Nano, str(firstBody[s.t.profile.LastUpdateField()]))
	created, err2 := time.Parse(time.RFC3339Nano, str(second["creationDateTimeUtc"]))
	return err1 == nil && err2 == nil && !ended.After(created)
}
