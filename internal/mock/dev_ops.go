package mock

import (
	"net/http"
	"slices"
	"time"
)

// deepJSONLimit is how deeply nested a body may be before the deep-json-bare-500 deviation's
// careless decoder gives up.
const deepJSONLimit = 1000

// operationDeviations are the deviations of the operations beyond isolate (unisolate, the
// action and machine look-ups, cancel) and of the later additions, in catalogue order.
func operationDeviations() []*behaviour {
	both, _, currentOnly := profileSets()
	return []*behaviour{
		{name: "unisolate-200", description: "A successful unisolate is answered 200 OK instead of 201 Created.",
			breaks: []string{"ISO-UNI-001"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.succeeded(r, opUnisolate) {
					r.status = http.StatusOK
				}
			}}},
		{name: "get-action-404", description: "GET machineactions/{id} answers 404 ResourceNotFound even for a known action (so nobody sees an action become final).",
			breaks: []string{"ISO-GET-001", "ISO-CANCEL-003"}, profiles: both,
			hooks: hooks{lookup: func(_ *exchange, _ string, _ *action, _ bool) (*action, bool) { return nil, false }}},
		{name: "get-unknown-action-200", description: "GET machineactions/{id} of an unknown id answers 200 with a made-up Succeeded action.",
			breaks: []string{"ISO-GET-002"}, profiles: both,
			hooks: hooks{lookup: func(x *exchange, id string, a *action, found bool) (*action, bool) {
				if found {
					return a, true
				}
				m := x.s.machines[0]
				return &action{id: id, kind: typeIsolate, scope: "Full", requestor: "analyst@contoso.example",
					comment: "made up", machineID: m.ID, dnsName: m.ComputerDNSName, profile: x.profile,
					created: x.s.now().Add(-time.Hour)}, true
			}}},
		{name: "list-missing-value", description: `GET machineactions answers its items under "items" instead of "value".`,
			breaks: []string{"ISO-LIST-001"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.succeeded(r, opListActions) {
					r.body = r.body.rename("value", "items")
				}
			}}},
		{name: "machine-get-404", description: "GET machines/{id} answers 404 ResourceNotFound even for a known machine.",
			breaks: []string{"ISO-MGET-001"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.succeeded(r, opGetMachine) {
					r.refuse(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + x.pathID() + " was not found"})
				}
			}}},
		{name: "id-missing", description: "The isolate 201 body lacks its id (the action exists, but a client cannot follow it).",
			breaks: []string{"ISO-ACT-001", "ISO-ACT-009", "ISO-GET-001", "ISO-LIST-001", "ISO-CANCEL-001", "ISO-CANCEL-003"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object {
				return slices.DeleteFunc(o, func(f field) bool { return f.key == "id" })
			})}},
		{name: "empty-201-body", description: "A successful isolate is answered 201 with an empty body and no Content-Type.",
			breaks: []string{"ISO-HDR-002", "ISO-BODY-005", "ISO-ACT-001", "ISO-ACT-002", "ISO-ACT-003", "ISO-ACT-004", "ISO-ACT-005",
				"ISO-ACT-006", "ISO-ACT-007", "ISO-ACT-008", "ISO-ACT-009", "ISO-EX-002", "ISO-GET-001", "ISO-LIST-001",
				"ISO-CANCEL-001", "ISO-CANCEL-003"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if created(x, r) {
					r.body, r.contentType = nil, ""
				}
			}}},
		{name: "deep-json-bare-500", description: "A body nested more than 1,000 levels deep crashes the JSON decoder: a bare 500 text/plain page, not the InternalServerError envelope.",
			breaks: []string{"ISO-ERR-004"}, profiles: both,
			hooks: hooks{body: func(x *exchange, b *requestBody) *answer {
				if x.op.kind == opIsolate && nestedDeeperThan(b.data, deepJSONLimit) {
					return &answer{status: http.StatusInternalServerError, contentType: "text/plain; charset=utf-8", raw: []byte("Internal Server Error\n")}
				}
				return nil
			}}},
		{name: "machine-paging-ignored", description: "GET machines ignores $top and $skip: every page is the whole list.",
			breaks: []string{"ISO-MLIST-001"}, profiles: currentOnly,
			hooks: hooks{query: func(_ *exchange, q *machineQuery) { q.top, q.skip = maxPageSize, 0 }}},
		{name: "odata-unsupported-ignored", description: "GET machines silently ignores a query option or $filter expression it does not support (200 with the whole list) instead of 400 ODataError.",
			breaks: []string{"ISO-MLIST-002"}, profiles: currentOnly,
			hooks: hooks{query: func(_ *exchange, q *machineQuery) {
				q.unsupported = nil
				if q.filterErr != nil {
					q.filterErr, q.clauses, q.funcs = nil, nil, nil
				}
			}}},
		{name: "cancel-ignored", description: "Cancelling a pending action answers 200 with the action unchanged: still pending, no cancellation recorded.",
			breaks: []string{"ISO-CANCEL-001"}, profiles: currentOnly,
			hooks: hooks{lifecycle: ignorePendingCancel}},
		{name: "cancel-unknown-400", description: "Cancelling an unknown action id is answered 400 BadRequest instead of 404.",
			breaks: []string{"ISO-CANCEL-002"}, profiles: currentOnly,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if x.failedWith(r, opCancelAction, http.StatusNotFound) {
					r.refuse(apiError{http.StatusBadRequest, codeBadRequest, "Invalid machine action id " + x.pathID() + "."})
				}
			}}},
		{name: "cancel-final-accepted", description: "Cancelling an action already in a final state answers 200 and turns it Cancelled.",
			breaks: []string{"ISO-CANCEL-003"}, profiles: currentOnly,
			hooks: hooks{lifecycle: func(l *lifecycle) {
				l.cancel = func(string) cancelOutcome { return cancelRecorded }
			}}},
	}
}

// nestedDeeperThan reports whether a JSON text opens more than limit arrays or objects at once.
func nestedDeeperThan(body []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range body {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			if depth > limit {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// ignorePendingCancel is the lifecycle of a server that answers the cancel of a pending action
// as if done but records nothing (a final one is still refused).
func ignorePendingCancel(l *lifecycle) {
	l.cancel = func(status string) cancelOutcome {
		if final(status) {
			return cancelRefused
		}
		return cancelIgnored
	}
}
