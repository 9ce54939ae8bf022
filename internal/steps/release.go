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
	"github.com/isoconform/isoconform/spec"
)

// finalStatuses are the MachineAction statuses after which nothing changes.
var finalStatuses = []string{"Succeeded", "Failed", "TimeOut", "Cancelled"}

func isFinal(status string) bool { return slices.Contains(finalStatuses, status) }

// unsuccessful reports whether status is final but not Succeeded: Failed, TimeOut or Cancelled.
func unsuccessful(status string) bool { return isFinal(status) && status != "Succeeded" }

// reportAction is the report's record of a created action.
func reportAction(a *createdAction, scenario string) report.Action {
	return report.Action{ID: a.name(), Type: a.kind, MachineID: a.machine, Scenario: scenario, FinalStatus: a.status}
}

// cleanup releases every machine the scenario isolated and waits for the release to be final
// (Timeouts.Release), then for the isolation itself (Timeouts.ActionCompletion), so the next
// scenario finds the machine idle. In the current profile a pending isolation is cancelled
// first, so the machine is never cut off; unisolate is the fallback. It runs even when the
// scenario failed; it returns an error only when the suite could not even try. A release that
// fails stops every further isolation of the run.
func (s *scenario) cleanup(ctx context.Context) error {
	var machines []string
	for _, a := range s.actions {
		if !a.shared && !slices.Contains(machines, a.machine) {
			machines = append(machines, a.machine)
		}
	}
	for _, m := range machines {
		s.releaseMachine(ctx, m)
	}
	return nil
}

// releaseMachine releases machine m (unless the scenario already did) and records the outcome
// on each of the scenario's actions on m.
func (s *scenario) releaseMachine(ctx context.Context, m string) {
	if s.released[m] == "" && s.cancelAll(ctx, m) {
		return
	}
	relID, note := s.released[m], ""
	if relID == "" {
		relID, note = s.unisolate(ctx, m)
	}
	relStatus := ""
	if relID != "" {
		st, err := s.await(ctx, relID, s.t.timeouts.Release, "the release of machine "+m)
		relStatus = st
		if err != nil {
			note = strings.TrimSpace(note + " " + err.Error())
		}
	}
	for _, a := range s.actions {
		if a.machine != m || a.shared {
			continue
		}
		if a.id != "" {
			if st, err := s.await(ctx, a.id, s.t.timeouts.ActionCompletion, "isolation "+a.id+" of machine "+m); err == nil || st != "" {
				a.status = st
			}
		} else {
			// The target answered without an id: wait for the machine's isolations it lists,
			// so the next scenario does not find this one still pending.
			for _, id := range s.t.pendingIsolations(ctx, m) {
				_, _ = s.await(ctx, id, s.t.timeouts.ActionCompletion, "isolation "+id+" of machine "+m)
			}
		}
		released := relStatus == "Succeeded"
		n := note
		if relID != "" && !released && n == "" {
			n = fmt.Sprintf("release %s ended %q", relID, relStatus)
		}
		// The release failed (refused, ended otherwise than Succeeded, or still not final
		// at its bound), or the run can confirm no release any more (its wait budget is
		// spent): stop isolating. A release whose status could not be read is reported
		// but does not stop the run.
		failed := !released && (relID == "" || relStatus != "" || s.t.budget.remaining() <= 0)
		s.t.recordRelease(a, released, failed, relID, n)
	}
}

// cancelAll cancels, in the current profile, every isolation of the scenario on machine m
// while it is still pending, with the credentials that created it. It reports whether each
// one ended Cancelled, so the machine was never cut off and needs no unisolate; on false the
// caller falls back to unisolate.
func (s *scenario) cancelAll(ctx context.Context, m string) bool {
	if s.t.profile != spec.Current || s.t.noCancel.Load() {
		return false
	}
	var mine []*createdAction
	for _, a := range s.actions {
		if a.machine != m || a.shared {
			continue
		}
		if a.id == "" || isFinal(a.status) {
			return false
		}
		mine = append(mine, a)
	}
	for _, a := range mine {
		if !s.t.cancelAction(ctx, a) {
			return false
		}
	}
	for _, a := range mine {
		s.t.recordRelease(a, true, false, "", "cancelled while pending: the machine was never cut off")
	}
	return len(mine) > 0
}

// cancelAction cancels a pending action with the credentials that created it and reports
// whether it ended Cancelled. A target without the cancel route (404, 405, 501) is remembered,
// so the run stops trying.
func (t *target) cancelAction(ctx context.Context, a *createdAction) bool {
	if st, _, err := t.actionStatus(ctx, a.id); err == nil && isFinal(st) {
		a.status = st
		return st == "Cancelled" // cancelled already (the scenario did it), or too late
	}
	body := []byte(`{"Comment": "isoconform: release (cancel while pending)"}`)
	for _, role := range t.releaseRoles(a.role) {
		ex, _, err := t.send(ctx, request{op: opCancel, method: http.MethodPost, rel: "/machineactions/" + url.PathEscape(a.id) + "/cancel",
			body: body, contentType: "application/json", auth: "Bearer " + t.tokens[role]})
		if err != nil {
			return false
		}
		switch ex.StatusCode {
		case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
			t.noCancel.Store(true)
			return false
		case http.StatusUnauthorized, http.StatusForbidden:
			continue
		}
		if ex.StatusCode < 200 || ex.StatusCode > 299 {
			return false
		}
		st, _, err := t.actionStatus(ctx, a.id)
		if err == nil && st == "Cancelled" {
			a.status = st
			return true
		}
		return false
	}
	return false
}

// releaseRoles are the roles to release with, in turn: the one whose token created the
// isolation first, then every other role that may isolate.
func (t *target) releaseRoles(creator string) []string {
	roles := t.isolateRoles()
	if slices.Contains(roles, creator) {
		roles = append([]string{creator}, slices.DeleteFunc(slices.Clone(roles), func(r string) bool { return r == creator })...)
	}
	return roles
}

// recordRelease records the release outcome of a on the report. An action not confirmed
// released gets a ready command to release its machine by hand; a release that failed stops
// every further isolation of the run.
func (t *target) recordRelease(a *createdAction, released, failed bool, relID, note string) {
	cmd := ""
	if !released {
		cmd = t.releaseCommand(a)
	}
	if failed {
		t.haltIsolations(fmt.Sprintf("the release of machine %s failed", a.machine))
	}
	_ = t.rec.UpdateAction(a.name(), func(r *report.Action) {
		r.Released, r.ReleaseActionID, r.FinalStatus, r.Note, r.ReleaseCommand = released, relID, a.status, note, cmd
	})
}

// releaseCommand is a curl line that releases a's machine, its token a shell variable.
func (t *target) releaseCommand(a *createdAction) string {
	role := a.role
	if roles := t.releaseRoles(a.role); len(roles) > 0 {
		role = roles[0]
	}
	tok := "$TOKEN"
	if role != "" {
		tok = "$" + TokenEnv(role)
	}
	u := t.url(request{rel: "/machines/" + url.PathEscape(a.machine) + "/unisolate"})
	return fmt.Sprintf(`curl -sS -X POST %s -H "Authorization: Bearer %s" -H 'Content-Type: application/json' --data-raw '{"Comment": "isoconform: manual release"}'`,
		shellWord(u), tok)
}

// shellWord single-quotes s for a POSIX shell.
func shellWord(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// haltIsolations stops every further isolation of the run, with the reason; the first reason
// is kept.
func (t *target) haltIsolations(reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.halted == "" {
		t.halted = reason
	}
}

// haltReason is why the run makes no further isolation; "" while it may.
func (t *target) haltReason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.halted
}

// unisolate sends the release with the credentials that created the isolation (then the other
// isolating roles); an answer "already in progress" (the isolation is still pending) is
// retried once the isolation is final. It returns the release action's id, or a note saying
// why there is none.
func (s *scenario) unisolate(ctx context.Context, m string) (string, string) {
	creator := s.caller.role
	for _, a := range s.actions {
		if a.machine == m && a.role != "" {
			creator = a.role
			break
		}
	}
	roles := s.t.releaseRoles(creator)
	if len(roles) == 0 {
		return "", "not released: no token for a role that may unisolate is configured"
	}
	body, _ := json.Marshal(map[string]string{"Comment": "isoconform: release after scenario " + s.name()})
	deadline := time.Now().Add(s.t.timeouts.ActionCompletion + s.t.timeouts.Release)
	note := ""
	for _, role := range roles {
		r := request{op: opUnisolate, method: http.MethodPost, rel: "/machines/" + url.PathEscape(m) + "/unisolate",
			body: body, contentType: "application/json", auth: "Bearer " + s.t.tokens[role]}
		id, n, retry := s.unisolateAs(ctx, m, r, deadline)
		if id != "" {
			return id, ""
		}
		note = n
		if !retry {
			break
		}
	}
	return "", note
}

// unisolateAs sends r until it creates a release action or fails; retry says whether another
// role's token may do better (the target refused this one).
func (s *scenario) unisolateAs(ctx context.Context, m string, r request, deadline time.Time) (id, note string, retry bool) {
	for attempt := 0; ; attempt++ {
		ex, vs, err := s.t.send(ctx, r)
		s.violations = append(s.violations, vs...)
		if err != nil {
			return "", "not released: " + err.Error(), false
		}
		switch {
		case ex.StatusCode >= 200 && ex.StatusCode <= 299:
			var a map[string]any
			_ = json.Unmarshal(ex.ResponseBody, &a)
			id, _ := a["id"].(string)
			if id == "" {
				return "", fmt.Sprintf("unisolate answered %d without an action id", ex.StatusCode), false
			}
			s.t.remember(id)
			if ex.StatusCode != http.StatusCreated {
				s.violations = append(s.violations, violation{req: reqUni001, path: "status", reason: fmt.Sprintf("unisolate answered %d, not 201", ex.StatusCode), exchange: ex})
			}
			return id, "", false
		case ex.StatusCode == http.StatusUnauthorized || ex.StatusCode == http.StatusForbidden:
			return "", fmt.Sprintf("not released: unisolate answered %d", ex.StatusCode), true
		case (ex.StatusCode == http.StatusBadRequest || ex.StatusCode == http.StatusTooManyRequests) && time.Now().Before(deadline):
			wait := min(retryAfter(ex, 0), s.t.requestTimeout)
			if ex.StatusCode == http.StatusBadRequest {
				// In progress: wait for this machine's isolations to end, then try again.
				for _, a := range s.actions {
					if a.machine == m && a.id != "" {
						_, _ = s.await(ctx, a.id, time.Until(deadline), "isolation "+a.id+" of machine "+m)
					}
				}
				if attempt > 0 {
					wait = s.t.timeouts.PollInterval << min(attempt, 4)
				}
			}
			if err := s.t.budget.sleep(ctx, min(wait, time.Until(deadline))); err != nil {
				return "", "not released: " + waitEnded(ctx, err), false
			}
		default:
			return "", fmt.Sprintf("not released: unisolate answered %d: %s", ex.StatusCode, excerpt(s.t.red, string(ex.ResponseBody), 200)), false
		}
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
