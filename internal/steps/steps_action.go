package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// actionSteps read machine actions (GET {base}/machineactions/{id} and the filtered list) and
// check a MachineAction answer property by property.
func actionSteps() []stepDef {
	return []stepDef{
		{`^the caller fetches the action$`, fetchAction},
		{`^the caller fetches a machine action id that does not exist$`, fetchUnknownAction},
		{`^the caller lists the machine actions filtered on the machine$`, listForMachine},
		{`^the response is the same action: same id, type and machineId$`, sameAction},
		{`^the list holds the created action$`, listHoldsAction},
		{`^the response is a MachineAction$`, isMachineAction},
		{`^the response is a MachineAction whose id is a GUID$`, isMachineAction},
		{`^the action's type is "([^"]*)"$`, actionType},
		{`^the action's machineId is the machine's id$`, actionMachine},
		{`^the action's status is a documented status, and not Failed, TimeOut or Cancelled$`, actionStatus},
		{`^the action's creation and last-update times are RFC 3339 date-times, the last update not before the creation$`, actionTimes},
		{`^the action's requestor is a non-empty string$`, actionRequestor},
		{`^the action's @odata.context ends with "([^"]*)"$`, actionContext},
		{`^the action carries every property of the profile's MachineAction schema$`, actionProperties},
		{`^the action's scope is "([^"]*)"$`, actionScope},
		{`^the action's requestorComment is the Comment sent$`, actionCommentEcho},
		{`^the action's requestorComment is "([^"]*)"$`, actionComment},
	}
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// action returns the last answer's body as a MachineAction object.
func (s *scenario) action() (map[string]any, error) {
	body, ok := s.lastJSON.(map[string]any)
	if !ok {
		return nil, s.fail("a MachineAction JSON object", s.t.describe(s.last), reqAct001)
	}
	return body, nil
}

func jsonObject(b []byte) (map[string]any, bool) {
	var m map[string]any
	return m, json.Unmarshal(b, &m) == nil && m != nil
}

func isMachineAction(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if id := str(a["id"]); !guidPattern.MatchString(id) {
		return s.fail("an id that is a GUID", fmt.Sprintf("id %v", a["id"]), reqAct001)
	}
	return nil
}

func actionType(ctx context.Context, want string) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if got := str(a["type"]); got != want {
		return s.fail(fmt.Sprintf("type %q", want), fmt.Sprintf("type %v", a["type"]), reqAct002, reqUni001)
	}
	return nil
}

func actionMachine(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if got := str(a["machineId"]); got != s.machine {
		return s.fail(fmt.Sprintf("machineId %q (the id in the request path)", s.machine), fmt.Sprintf("machineId %v", a["machineId"]), reqAct003)
	}
	return nil
}

func actionStatus(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	st := str(a["status"])
	enum := s.t.statusEnum()
	if !slices.Contains(enum, st) || unsuccessful(st) {
		return s.fail("a status of a new action ("+strings.Join(slices.DeleteFunc(slices.Clone(enum), unsuccessful), ", ")+")", fmt.Sprintf("status %v", a["status"]), reqAct004)
	}
	return nil
}

func actionTimes(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	lastField := s.t.profile.LastUpdateField()
	var ts [2]time.Time
	for i, k := range []string{"creationDateTimeUtc", lastField} {
		v := str(a[k])
		t, perr := time.Parse(time.RFC3339Nano, v)
		if perr != nil {
			return s.fail(k+" an RFC 3339 date-time", fmt.Sprintf("%s %v", k, a[k]), reqAct005)
		}
		ts[i] = t
	}
	if ts[1].Before(ts[0]) {
		return s.fail(lastField+" not before creationDateTimeUtc", fmt.Sprintf("creation %s, last update %s", str(a["creationDateTimeUtc"]), str(a[lastField])), reqAct005)
	}
	return nil
}

func actionRequestor(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if strings.TrimSpace(str(a["requestor"])) == "" {
		return s.fail("a non-empty requestor", fmt.Sprintf("requestor %v", a["requestor"]), reqAct006)
	}
	return nil
}

func actionContext(ctx context.Context, suffix string) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if got := str(a["@odata.context"]); !strings.HasSuffix(got, suffix) {
		return s.fail("@odata.context ending with "+suffix, fmt.Sprintf("@odata.context %v", a["@odata.context"]), reqAct007)
	}
	return nil
}

// actionProperties checks that every required property of the profile's MachineAction schema
// is present, and in preview-2017 the example's error property too.
func actionProperties(ctx context.Context) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	name := "MachineAction"
	want := []string{}
	if s.t.profile == spec.Preview2017 {
		name = "MachineActionPreview"
		want = append(want, "error")
	}
	if ref := s.t.doc.Components.Schemas[name]; ref != nil && ref.Value != nil {
		want = append(want, ref.Value.Required...)
	}
	var missing []string
	for _, k := range want {
		if _, ok := a[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return s.fail("every property of "+name+": "+strings.Join(want, ", "), "missing "+strings.Join(missing, ", "), reqAct009)
	}
	return nil
}

func actionScope(ctx context.Context, want string) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if got := str(a["scope"]); got != want {
		return s.fail(fmt.Sprintf("scope %q", want), fmt.Sprintf("scope %v", a["scope"]), reqAct008)
	}
	return nil
}

func actionCommentEcho(ctx context.Context) error {
	s := from(ctx)
	want, ok := s.comment.(string)
	if !s.hasComm || !ok {
		return harness("the request sent no string Comment to compare with")
	}
	return actionComment(ctx, want)
}

func actionComment(ctx context.Context, want string) error {
	s := from(ctx)
	a, err := s.action()
	if err != nil {
		return err
	}
	if got, ok := a["requestorComment"].(string); !ok || got != want {
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(a["requestorComment"])
		return s.fail("requestorComment "+string(w), "requestorComment "+string(g), reqBody005)
	}
	return nil
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

func fetchAction(ctx context.Context) error {
	s := from(ctx)
	if len(s.actions) == 0 {
		return harness("no action to fetch")
	}
	return s.do(ctx, request{op: opGetAction, method: http.MethodGet, rel: "/machineactions/" + url.PathEscape(s.actions[0].id), auth: s.authorization()})
}

func fetchUnknownAction(ctx context.Context) error {
	s := from(ctx)
	return s.do(ctx, request{op: opGetAction, method: http.MethodGet, rel: "/machineactions/" + guid.New(), auth: s.authorization()})
}

func listForMachine(ctx context.Context) error {
	s := from(ctx)
	q := url.Values{"$filter": {"machineId eq '" + s.machine + "'"}}
	if err := s.do(ctx, request{op: opListActions, method: http.MethodGet, rel: "/machineactions", query: q, auth: s.authorization()}); err != nil {
		return err
	}
	return s.probe(spec.FeatureActionList)
}
