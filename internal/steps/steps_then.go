package steps

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// thenSteps are the checks on the target's answers.
func thenSteps() []stepDef {
	return []stepDef{
		{`^the response status is (\d{3})$`, statusIs},
		{`^the response status is (\d{3}) or (\d{3})$`, statusIsEither},
		{`^the response status is (\d{3}) \(precondition\)$`, statusPrecondition},
		{`^no action was created$`, noActionCreated},
		{`^the response Content-Type is application/json$`, contentTypeJSON},
		{`^the response is an error with code "([^"]*)"$`, errorCode},
		{`^the response is an error with one of the codes "([^"]*)"$`, errorCodeOneOf},
		{`^the response is the error envelope$`, errorEnvelope},
		{`^the response is not a server error other than 500 with the code InternalServerError$`, noBareServerError},
		{`^the response has a Retry-After header in whole seconds$`, retryAfterSeconds},
		{`^the second answer is 400 "Action is already in progress" or 201 with the first action's id$`, secondAnswer},
		{`^the response is the same action: same id, type and machineId$`, sameAction},
		{`^the list holds the created action$`, listHoldsAction},
		{`^the response is the machine$`, isTheMachine},
	}
}

func statusIs(ctx context.Context, code string) error {
	return from(ctx).statusIn(code)
}

// statusPrecondition checks a status that only sets the scene for the scenario's own
// requirement: another answer leaves the scenario not checked (the rule that answer broke is
// another requirement's, failed by that requirement's scenario), never failed.
func statusPrecondition(ctx context.Context, code string) error {
	s := from(ctx)
	if s.last != nil && strconv.Itoa(s.last.StatusCode) == code {
		return nil
	}
	return s.skip("not checked: precondition not met: expected %s, got %s", code, excerpt(s.t.red, s.t.describe(s.last), 200))
}

func statusIsEither(ctx context.Context, a, b string) error {
	return from(ctx).statusIn(a, b)
}

// statusIn checks the last answer's status code.
func (s *scenario) statusIn(codes ...string) error {
	got := 0
	if s.last != nil {
		got = s.last.StatusCode
	}
	if slices.Contains(codes, strconv.Itoa(got)) {
		return nil
	}
	want := strings.Join(codes, " or ")
	if got >= 500 {
		want += " (never a server error)"
	}
	return s.fail(want, s.t.describe(s.last))
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

func contentTypeJSON(ctx context.Context) error {
	s := from(ctx)
	ct := ""
	if s.last != nil {
		ct = s.last.ResponseHeader.Get("Content-Type")
	}
	if isJSON(ct) {
		return nil
	}
	req := reqHdr002
	if s.last != nil && s.last.StatusCode >= 400 {
		req = reqErr002
	}
	return s.fail("Content-Type application/json", fmt.Sprintf("Content-Type %q", ct), req)
}

// errorObject returns the "error" object of the last answer.
func (s *scenario) errorObject() (map[string]any, error) {
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return nil, s.fail(`the error envelope {"error":{"code","message","target"}}`, s.t.describe(s.last), reqErr001)
	}
	e, ok := body["error"].(map[string]any)
	if !ok {
		return nil, s.fail(`the error envelope {"error":{"code","message","target"}}`, s.t.describe(s.last), reqErr001)
	}
	return e, nil
}

func errorCode(ctx context.Context, code string) error {
	return errorCodeOneOf(ctx, code)
}

func errorCodeOneOf(ctx context.Context, codes string) error {
	s := from(ctx)
	e, err := s.errorObject()
	if err != nil {
		return err
	}
	var want []string
	for _, c := range strings.Split(codes, ",") {
		want = append(want, strings.TrimSpace(c))
	}
	got, _ := e["code"].(string)
	if slices.Contains(want, got) {
		return nil
	}
	return s.fail("error code "+strings.Join(want, " or "), fmt.Sprintf("error code %q in %s", got, s.t.describe(s.last)))
}

func errorEnvelope(ctx context.Context) error {
	s := from(ctx)
	e, err := s.errorObject()
	if err != nil {
		return err
	}
	for _, k := range []string{"code", "message", "target"} {
		if _, ok := e[k].(string); !ok {
			return s.fail(fmt.Sprintf("error.%s a string", k), s.t.describe(s.last), reqErr001)
		}
	}
	if e["code"] == "" {
		return s.fail("error.code not empty", s.t.describe(s.last), reqErr001)
	}
	return nil
}

func noBareServerError(ctx context.Context) error {
	s := from(ctx)
	if s.last == nil || s.last.StatusCode < 500 {
		return nil
	}
	if s.last.StatusCode != http.StatusInternalServerError {
		return s.fail("no server error, or 500 with the code InternalServerError", s.t.describe(s.last))
	}
	if !isJSON(s.last.ResponseHeader.Get("Content-Type")) {
		return s.fail("a 500 sent as application/json", s.t.describe(s.last))
	}
	return errorCode(ctx, "InternalServerError")
}

func retryAfterSeconds(ctx context.Context) error {
	s := from(ctx)
	v := strings.TrimSpace(s.last.ResponseHeader.Get("Retry-After"))
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && regexp.MustCompile(`^[0-9]+$`).MatchString(v) {
		return nil
	}
	return s.fail("a Retry-After header in whole seconds", fmt.Sprintf("Retry-After %q", v))
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

func sameAction(ctx context.Context) error {
	s := from(ctx)
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return s.fail("the action as JSON", s.t.describe(s.last))
	}
	a := s.actions[0]
	want := map[string]string{"id": a.id, "type": "Isolate", "machineId": a.machine}
	for _, k := range []string{"id", "type", "machineId"} {
		if got := str(body[k]); got != want[k] {
			return s.fail(fmt.Sprintf("%s %q", k, want[k]), fmt.Sprintf("%s %q", k, got))
		}
	}
	return nil
}

func listHoldsAction(ctx context.Context) error {
	s := from(ctx)
	items, err := s.listItems()
	if err != nil {
		return err
	}
	a := s.actions[0]
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok || str(m["id"]) != a.id {
			continue
		}
		// The listed action is the created one: same type and machine, not only the same id.
		if str(m["type"]) != "Isolate" || str(m["machineId"]) != a.machine {
			return s.fail(fmt.Sprintf("action %s listed as type Isolate on machine %s", a.id, a.machine),
				fmt.Sprintf("type %q, machineId %q", str(m["type"]), str(m["machineId"])))
		}
		return nil
	}
	return s.fail("the created action "+s.actions[0].id+" in the list", fmt.Sprintf("%d actions, none with that id", len(items)))
}

func isTheMachine(ctx context.Context) error {
	s := from(ctx)
	body, _ := s.lastJSON.(map[string]any)
	if got := str(body["id"]); got != s.machine {
		return s.fail(fmt.Sprintf("machine id %q", s.machine), fmt.Sprintf("id %q", got))
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// statusEnum returns the profile's documented MachineAction statuses.
func (t *target) statusEnum() []string {
	name := "MachineActionStatus"
	if t.profile == spec.Preview2017 {
		name = "MachineActionStatusPreview"
	}
	var out []string
	if ref := t.doc.Components.Schemas[name]; ref != nil && ref.Value != nil {
		for _, v := range ref.Value.Enum {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
