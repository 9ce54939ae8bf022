package mock

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// dateLayout formats the service's timestamps: UTC, seven fractional digits, Z.
const dateLayout = "2006-01-02T15:04:05.0000000"

func formatDate(t time.Time) string { return t.UTC().Format(dateLayout) + "Z" }

// requestBody reads the validated body's Comment and IsolationType ("" when absent).
func (x *exchange) requestBody() (comment, isolationType string) {
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
	p, d := x.profile, x.s.dev
	comment, isolationType := x.requestBody()
	refused := map[string]string{"Full": devFullRefused, "Selective": devSelectiveRefused, "UnManagedDevice": devUnmanagedRefused}
	switch {
	case isolationType == "" && x.scope == nil && d.on(devAbsentTypeRefused, p):
		x.fail(apiError{http.StatusBadRequest, codeMissingParameter, "Parameter IsolationType is missing."}, "")
		return
	case isolationType != "" && d.on(refused[isolationType], p):
		x.fail(apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input IsolationType: " + isolationType + " is not supported."}, "")
		return
	}
	scope := isolationType
	switch {
	case x.scope != nil:
		scope = *x.scope
	case scope == "" && x.s.vari.on(varAbsentTypeSelective, p):
		scope = "Selective"
	case scope == "":
		scope = "Full" // no document states the default; see ISO-TYPE-004
	}
	a, ok := x.newAction(typeIsolate, scope, comment)
	if !ok {
		return
	}
	if d.on(devIDNotGUID, p) {
		a.id = guid.MachineID()
	}
	stored, err := x.s.store.add(a, a.created, x.s.opts.CompletionDelay, d.on(devDuplicateAccepted, p))
	if errors.Is(err, errInProgress) && x.s.vari.on(varDuplicatePending, p) {
		x.w.Header().Set("Content-Type", contentTypeJSON)
		writeJSONBody(x.w, http.StatusCreated, x.s.renderAction(stored, p, x.origin(), x.s.now(), false))
		return
	}
	if x.duplicate(stored, err) {
		return
	}
	body := x.s.renderAction(a, p, x.origin(), a.created, true)
	body = x.s.deviateCreated(body, a, p)
	if d.on(devEmpty201Body, p) {
		x.w.Header().Set("Content-Length", "0")
		x.w.WriteHeader(http.StatusCreated)
		return
	}
	status := http.StatusCreated
	if d.on(devCreated200, p) {
		status = http.StatusOK
	}
	contentType := contentTypeJSON
	if d.on(devHTMLContentType, p) {
		contentType = "text/html; charset=utf-8"
	}
	x.w.Header().Set("Content-Type", contentType)
	writeJSONBody(x.w, status, body)
}

// unisolate serves POST {base}/machines/{id}/unisolate. It is allowed whether or not the
// machine is isolated: no document states a rule, and the service is reported to queue an
// unisolate after a pending isolate (microsoft-365-docs#5903).
func (x *exchange) unisolate() {
	comment, _ := x.requestBody()
	a, ok := x.newAction(typeUnisolate, "", comment)
	if !ok {
		return
	}
	stored, err := x.s.store.add(a, a.created, x.s.opts.CompletionDelay, false)
	if x.duplicate(stored, err) {
		return
	}
	status := http.StatusCreated
	if x.s.dev.on(devUnisolate200, x.profile) {
		status = http.StatusOK
	}
	x.w.Header().Set("Content-Type", contentTypeJSON)
	writeJSONBody(x.w, status, x.s.renderAction(a, x.profile, x.origin(), a.created, true))
}

// newAction builds an action on the path's machine, answering 404 ResourceNotFound (and
// returning false) when the machine does not exist.
func (x *exchange) newAction(kind, scope, comment string) (*action, bool) {
	p, d := x.profile, x.s.dev
	id := x.pathID()
	m, known := x.s.machine(id)
	if !known {
		switch {
		case kind == typeIsolate && d.on(devUnknownMachine201, p):
			m.ID = id
		case kind == typeIsolate && d.on(devUnknownMachine400, p):
			x.fail(apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input machine id " + id + "."}, "")
			return nil, false
		default:
			x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + id + " was not found"}, "")
			return nil, false
		}
	}
	fresh := statusPending
	if x.s.vari.on(varFreshInProgress, p) {
		fresh = statusInProgress
	}
	return &action{
		fresh:     fresh,
		id:        guid.New(),
		kind:      kind,
		scope:     scope,
		requestor: x.identity.Requestor(),
		comment:   comment,
		machineID: m.ID,
		dnsName:   m.ComputerDNSName,
		profile:   p,
		created:   x.s.now(),
	}, true
}

// duplicate answers 400 ActiveRequestAlreadyExists when the store refused a duplicate.
func (x *exchange) duplicate(_ *action, err error) bool {
	if errors.Is(err, errInProgress) {
		x.fail(apiError{http.StatusBadRequest, codeActiveRequestExists, "Action is already in progress"}, "")
		return true
	}
	return false
}

// getAction serves GET {base}/machineactions/{id}.
func (x *exchange) getAction() {
	p, d := x.profile, x.s.dev
	id := x.pathID()
	a, ok := x.s.store.get(p, id)
	switch {
	case ok && d.on(devGetAction404, p):
		ok = false
	case !ok && d.on(devGetUnknownAction200, p):
		m := x.s.machines[0]
		a = &action{id: id, kind: typeIsolate, scope: "Full", requestor: "analyst@contoso.example",
			comment: "made up", machineID: m.ID, dnsName: m.ComputerDNSName, profile: p,
			created: x.s.now().Add(-time.Hour)}
		ok = true
	}
	if !ok {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine action " + id + " was not found"}, "")
		return
	}
	now := x.s.now()
	a.read(now, x.s.opts.CompletionReads)
	x.w.Header().Set("Content-Type", contentTypeJSON)
	writeJSONBody(x.w, http.StatusOK, x.s.renderAction(a, p, x.origin(), now, false))
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
	if !ok || x.s.dev.on(devMachineGet404, x.profile) {
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + id + " was not found"}, "")
		return
	}
	x.w.Header().Set("Content-Type", contentTypeJSON)
	writeJSONBody(x.w, http.StatusOK, object{
		{"@odata.context", x.origin() + "/$metadata#Machines/$entity"},
		{"id", m.ID},
		{"computerDnsName", m.ComputerDNSName},
		{"osPlatform", m.OSPlatform},
		{"healthStatus", m.HealthStatus},
	})
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

// deviateCreated applies the deviations that alter an isolate's 201 body (only that body:
// the stored action stays right).
func (s *Server) deviateCreated(o object, a *action, p spec.Profile) object {
	d := s.dev
	last := p.LastUpdateField()
	if d.on(devWrongCommentEcho, p) {
		o = o.set("requestorComment", a.comment+" ")
	}
	if d.on(devTypeWrong, p) {
		o = o.set("type", typeUnisolate)
	}
	if d.on(devMachineIDDiffers, p) {
		other := s.machines[0].ID
		if other == a.machineID {
			other = s.machines[1].ID
		}
		o = o.set("machineId", other)
	}
	if d.on(devStatusFailed, p) {
		o = o.set("status", "Failed")
	}
	if d.on(devDateNotDate, p) {
		o = o.set("creationDateTimeUtc", a.created.UTC().Format("01/02/2006 15:04:05"))
	}
	if d.on(devUpdateBeforeCreation, p) {
		o = o.set(last, formatDate(a.created.Add(-time.Minute)))
	}
	if d.on(devLastUpdateDrift, p) {
		other := spec.Current.LastUpdateField()
		if p == spec.Current {
			other = spec.Preview2017.LastUpdateField()
		}
		o = o.rename(last, other)
	}
	if d.on(devRequestorEmpty, p) {
		o = o.set("requestor", "")
	}
	if d.on(devODataContextWrong, p) {
		if v, ok := o.get("@odata.context"); ok {
			ctx, _ := v.(string)
			o = o.set("@odata.context", ctx[:len(ctx)-len("/$entity")])
		}
	}
	if d.on(devScopeWrong, p) {
		o = o.set("scope", "Full")
	}
	if d.on(devIDMissing, p) {
		o = withoutID(o)
	}
	return o
}
