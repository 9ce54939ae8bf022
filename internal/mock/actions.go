package mock

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// dateLayout formats the service's timestamps: UTC, seven fractional digits, Z.
const dateLayout = "2006-01-02T15:04:05.0000000"

func formatDate(t time.Time) string { return t.UTC().Format(dateLayout) + "Z" }

// bodyFields reads the validated body's Comment and IsolationType ("" when absent).
func (x *exchange) bodyFields() (comment, isolationType string) {
	var body struct {
		Comment       *string `json:"Comment"`
		IsolationType *string `json:"IsolationType"`
	}
	// The schema admits no other properties, so the case-insensitive field matching of
	// encoding/json cannot pick up a wrongly cased property here.
	_ = json.Unmarshal(x.body, &body)
	if body.Comment != nil {
		comment = *body.Comment
	}
	if body.IsolationType != nil {
		isolationType = *body.IsolationType
	}
	return comment, isolationType
}

// isolate serves POST {base}/machines/{id}/isolate.
func (x *exchange) isolate() {
	comment, isolationType := x.bodyFields()
	iso := isolation{kind: typeIsolate, comment: comment, isolationType: isolationType, scope: x.scope}
	if !x.accept(&iso) {
		return
	}
	scope := isolationType
	switch {
	case iso.scope != nil:
		scope = *iso.scope
	case scope == "":
		scope = "Full" // no document states the default; see ISO-TYPE-004
	}
	x.create(typeIsolate, scope, comment)
}

// unisolate serves POST {base}/machines/{id}/unisolate. It is allowed whether or not the
// machine is isolated: no document states a rule, and the service is reported to queue an
// unisolate after a pending isolate (microsoft-365-docs#5903).
func (x *exchange) unisolate() {
	comment, _ := x.bodyFields()
	if x.accept(&isolation{kind: typeUnisolate, comment: comment}) {
		x.create(typeUnisolate, "", comment)
	}
}

// create stores a new action of kind on the path's machine and answers 201 with it; 404
// ResourceNotFound when the machine does not exist, 400 ActiveRequestAlreadyExists (with the
// pending action) when the lifecycle refuses a repeat.
func (x *exchange) create(kind, scope, comment string) {
	if !x.resolveMachine() {
		return
	}
	p, l := x.profile, x.s.lifecycle[x.profile]
	a := &action{
		id:        l.newID(kind),
		fresh:     l.fresh,
		kind:      kind,
		scope:     scope,
		requestor: x.identity.Requestor(),
		comment:   comment,
		machineID: x.target.ID,
		dnsName:   x.target.ComputerDNSName,
		profile:   p,
		created:   x.s.now(),
	}
	stored, err := x.s.store.add(a, a.created, x.s.opts.CompletionDelay, l.admit)
	if errors.Is(err, errInProgress) {
		x.send(&answer{fail: &apiError{http.StatusBadRequest, codeActiveRequestExists, "Action is already in progress"}, action: stored})
		return
	}
	x.sendJSON(http.StatusCreated, x.s.renderAction(a, p, x.origin(), a.created, true), a)
}

// getAction serves GET {base}/machineactions/{id}.
func (x *exchange) getAction() {
	p := x.profile
	id := x.pathID()
	a, ok := x.s.store.get(p, id)
	for _, b := range x.active() {
		if b.lookup != nil {
			a, ok = b.lookup(x, id, a, ok)
		}
	}
	if !ok {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine action " + id + " was not found"}, "")
		return
	}
	now := x.s.now()
	a.read(now, x.s.opts.CompletionReads)
	x.sendJSON(http.StatusOK, x.s.renderAction(a, p, x.origin(), now, false), a)
}

// getMachine serves GET {base}/machines/{id}.
func (x *exchange) getMachine() {
	id := x.pathID()
	if x.profile == spec.Current {
		if isFindByIP(id) {
			x.findByIP(id)
			return
		}
		x.getFullMachine(id)
		return
	}
	m, ok := x.s.machine(id)
	if !ok {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + id + " was not found"}, "")
		return
	}
	x.sendJSON(http.StatusOK, object{
		{"@odata.context", x.origin() + "/$metadata#Machines/$entity"},
		{"id", m.ID},
		{"computerDnsName", m.ComputerDNSName},
		{"osPlatform", m.OSPlatform},
		{"healthStatus", m.HealthStatus},
	}, nil)
}

// renderAction renders a as profile p's MachineAction at now, in the documents' key order.
// fresh renders the answer to the create request: Pending, last update equal to creation.
func (s *Server) renderAction(a *action, p spec.Profile, origin string, now time.Time, fresh bool) object {
	status, updated := a.freshStatus(), a.created
	if !fresh {
		status, updated = a.state(now, s.opts.CompletionDelay)
	}
	context := origin + "/$metadata#MachineActions/$entity"
	if p == spec.Preview2017 {
		return object{
			{"@odata.context", context},
			{"id", a.id},
			{"type", a.kind},
			{"requestor", a.requestor},
			{"requestorComment", a.comment},
			{"status", status},
			{"error", "None"},
			{"machineId", a.machineID},
			{"creationDateTimeUtc", formatDate(a.created)},
			{"lastUpdateTimeUtc", formatDate(updated)},
		}
	}
	var scope any
	if a.scope != "" {
		scope = a.scope
	}
	var cancelBy, cancelComment, cancelAt any
	if c := a.cancelled.Load(); c != nil && !fresh && !now.Before(c.at) {
		cancelBy, cancelComment, cancelAt = c.requestor, c.comment, formatDate(c.at)
	}
	return object{
		{"@odata.context", context},
		{"id", a.id},
		{"type", a.kind},
		{"scope", scope},
		{"requestor", a.requestor},
		{"requestorComment", a.comment},
		{"status", status},
		{"machineId", a.machineID},
		{"computerDnsName", a.dnsName},
		{"creationDateTimeUtc", formatDate(a.created)},
		{"lastUpdateDateTimeUtc", formatDate(updated)},
		{"relatedFileInfo", nil},
		{"cancellationRequestor", cancelBy},
		{"cancellationComment", cancelComment},
		{"cancellationDateTimeUtc", cancelAt},
		{"title", nil},
		{"externalId", nil},
		{"requestSource", nil},
	}
}
