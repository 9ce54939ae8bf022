package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/report"
)

// finalStatuses are the MachineAction statuses after which nothing changes.
var finalStatuses = []string{"Succeeded", "Failed", "TimeOut", "Cancelled"}

func isFinal(status string) bool { return slices.Contains(finalStatuses, status) }

// reportAction is the report's record of a created action.
func reportAction(a *createdAction, scenario string) report.Action {
	return report.Action{ID: a.id, Type: a.kind, MachineID: a.machine, Scenario: scenario, FinalStatus: a.status}
}

// cleanup releases every machine the scenario isolated and waits for the release to be final
// (Timeouts.Release), then for the isolation itself (Timeouts.ActionCompletion), so the next
// scenario finds the machine idle. It runs even when the scenario failed; it returns an error
// only when the suite could not even try.
func (s *scenario) cleanup(ctx context.Context) error {
	var machines []string
	for _, a := range s.actions {
		if !slices.Contains(machines, a.machine) {
			machines = append(machines, a.machine)
		}
	}
	for _, m := range machines {
		s.releaseMachine(ctx, m)
	}
	return nil
}

// releaseMachine unisolates machine m (unless the scenario already did) and records the outcome
// on each of the scenario's actions on m.
func (s *scenario) releaseMachine(ctx context.Context, m string) {
	relID, note := s.released[m], ""
	if relID == "" {
		relID, note = s.unisolate(ctx, m)
	}
	relStatus := ""
	if relID != "" {
		st, err := s.await(ctx, relID, s.t.timeouts.Release)
		relStatus = st
		if err != nil {
			note = strings.TrimSpace(note + " " + err.Error())
		}
	}
	for _, a := range s.actions {
		if a.machine != m {
			continue
		}
		if !strings.HasPrefix(a.id, "(") {
			if st, err := s.await(ctx, a.id, s.t.timeouts.ActionCompletion); err == nil || st != "" {
				a.status = st
			}
		} else {
			// The target answered without an id: wait for the machine's isolations it lists,
			// so the next scenario does not find this one still pending.
			for _, id := range s.t.pendingIsolations(ctx, m) {
				_, _ = s.await(ctx, id, s.t.timeouts.ActionCompletion)
			}
		}
		released := relStatus == "Succeeded"
		n := note
		if relID != "" && !released && n == "" {
			n = fmt.Sprintf("release %s ended %q", relID, relStatus)
		}
		_ = s.t.rec.UpdateAction(a.id, func(r *report.Action) {
			r.Released, r.ReleaseActionID, r.FinalStatus, r.Note = released, relID, a.status, n
		})
	}
}

// unisolate sends the release; an answer "already in progress" (the isolation is still
// pending) is retried once the isolation is final. It returns the release action's id, or a
// note saying why there is none.
func (s *scenario) unisolate(ctx context.Context, m string) (string, string) {
	role := s.caller.role
	if !slices.Contains(s.t.isolateRoles(), role) {
		roles := s.t.isolateRoles()
		if len(roles) == 0 {
			return "", "not released: no token for a role that may unisolate is configured"
		}
		role = roles[0]
	}
	body, _ := json.Marshal(map[string]string{"Comment": "isoconform: release after scenario " + s.name()})
	r := request{op: opUnisolate, method: http.MethodPost, rel: "/machines/" + url.PathEscape(m) + "/unisolate",
		body: body, contentType: "application/json", auth: "Bearer " + s.t.tokens[role]}
	deadline := time.Now().Add(s.t.timeouts.ActionCompletion + s.t.timeouts.Release)
	for attempt := 0; ; attempt++ {
		ex, vs, err := s.t.send(ctx, r)
		s.violations = append(s.violations, vs...)
		if err != nil {
			return "", "not released: " + err.Error()
		}
		switch {
		case ex.StatusCode >= 200 && ex.StatusCode <= 299:
			var a map[string]any
			_ = json.Unmarshal(ex.ResponseBody, &a)
			id, _ := a["id"].(string)
			if id == "" {
				return "", fmt.Sprintf("unisolate answered %d without an action id", ex.StatusCode)
			}
			s.t.remember(id)
			if ex.StatusCode != http.StatusCreated {
				s.violations = append(s.violations, violation{req: "ISO-UNI-001", path: "status", reason: fmt.Sprintf("unisolate answered %d, not 201", ex.StatusCode), exchange: ex})
			}
			return id, ""
		case (ex.StatusCode == http.StatusBadRequest || ex.StatusCode == http.StatusTooManyRequests) && time.Now().Before(deadline):
			wait := retryAfter(ex, 0)
			if ex.StatusCode == http.StatusBadRequest {
				// In progress: wait for this machine's isolations to end, then try again.
				for _, a := range s.actions {
					if a.machine == m && !strings.HasPrefix(a.id, "(") {
						_, _ = s.await(ctx, a.id, time.Until(deadline))
					}
				}
				if attempt > 0 {
					wait = s.t.timeouts.PollInterval << min(attempt, 6)
				}
			}
			if !sleep(ctx, min(wait, time.Until(deadline))) {
				return "", "not released: interrupted"
			}
		default:
			return "", fmt.Sprintf("not released: unisolate answered %d: %s", ex.StatusCode, oneLine(string(ex.ResponseBody), 200))
		}
	}
}

// await polls GET machineactions/{id} until the action is final or limit passes, backing off
// from Timeouts.PollInterval. It returns the last status seen.
func (s *scenario) await(ctx context.Context, id string, limit time.Duration) (string, error) {
	deadline := time.Now().Add(limit)
	interval := s.t.timeouts.PollInterval
	last := ""
	for {
		st, ex, err := s.t.actionStatus(ctx, id)
		if err == nil {
			last = st
			if isFinal(st) {
				return st, nil
			}
		}
		if time.Now().After(deadline) {
			if err != nil {
				return last, fmt.Errorf("action %s: %v", id, err)
			}
			return last, fmt.Errorf("action %s still %s after %s", id, last, limit)
		}
		wait := interval
		if ex != nil && ex.StatusCode == http.StatusTooManyRequests {
			wait = retryAfter(ex, interval)
		}
		if !sleep(ctx, min(wait, time.Until(deadline)+time.Millisecond)) {
			return last, ctx.Err()
		}
		interval = min(interval*2, s.t.timeouts.PollInterval*8)
	}
}

// actionStatus reads one action's status with the suite's reader tokens, trying the next
// token when one is refused or throttled.
func (t *target) actionStatus(ctx context.Context, id string) (string, *httpx.Exchange, error) {
	tokens := t.readerTokens()
	if len(tokens) == 0 {
		return "", nil, fmt.Errorf("no token that may read machine actions is configured")
	}
	var last *httpx.Exchange
	for _, tok := range tokens {
		r := request{op: opGetAction, method: http.MethodGet, rel: "/machineactions/" + url.PathEscape(id), auth: "Bearer " + tok}
		ex, _, err := t.send(ctx, r)
		if err != nil {
			return "", ex, err
		}
		last = ex
		switch ex.StatusCode {
		case http.StatusOK:
			var a map[string]any
			if err := json.Unmarshal(ex.ResponseBody, &a); err != nil {
				return "", ex, fmt.Errorf("GET machineactions/%s: body is not JSON", id)
			}
			st, _ := a["status"].(string)
			return st, ex, nil
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests:
			continue
		default:
			return "", ex, fmt.Errorf("GET machineactions/%s answered %d", id, ex.StatusCode)
		}
	}
	return "", last, fmt.Errorf("GET machineactions/%s answered %d with every reader token", id, last.StatusCode)
}

// pendingIsolations lists machine m's isolations that are not final, with the first reader
// token the target accepts; nil when the list cannot be read.
func (t *target) pendingIsolations(ctx context.Context, m string) []string {
	for _, tok := range t.readerTokens() {
		q := url.Values{"$filter": {"machineId eq '" + m + "'"}}
		ex, _, err := t.send(ctx, request{op: opListActions, method: http.MethodGet, rel: "/machineactions", query: q, auth: "Bearer " + tok})
		if err != nil || ex.StatusCode != http.StatusOK {
			continue
		}
		var list struct {
			Value []struct{ ID, Type, Status, MachineID string } `json:"value"`
		}
		if json.Unmarshal(ex.ResponseBody, &list) != nil {
			return nil
		}
		var out []string
		for _, a := range list.Value {
			if a.Type == "Isolate" && a.MachineID == m && a.ID != "" && !isFinal(a.Status) {
				out = append(out, a.ID)
			}
		}
		return out
	}
	return nil
}

// sleep waits d or until ctx ends; it reports whether the full wait happened.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// oneLine folds white space and cuts s to n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}
