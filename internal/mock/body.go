package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/fixtures"
)

// requestBody is a request body on its way to validation, as the body hooks of the active
// behaviours see it: they may answer instead, rewrite it, or change the Content-Type the
// validation sees.
type requestBody struct {
	data        []byte
	contentType string         // the Content-Type the validation sees
	fields      map[string]any // the decoded object (numbers as json.Number), once decoded
	decoded     bool
	changed     bool    // fields were changed: the body is encoded again
	scope       *string // the isolation to perform for an IsolationType taken out of the body
}

// object returns the body's JSON object, decoded once; false when it is not one.
func (b *requestBody) object() (map[string]any, bool) {
	if !b.decoded {
		b.decoded = true
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b.data))
		dec.UseNumber()
		if dec.Decode(&m) == nil {
			b.fields = m
		}
	}
	return b.fields, b.fields != nil
}

// set sets a property of the decoded object.
func (b *requestBody) set(name string, v any) { b.fields[name], b.changed = v, true }

// remove removes a property of the decoded object.
func (b *requestBody) remove(name string) { delete(b.fields, name); b.changed = true }

// renameFold renames a property whose name matches want case-insensitively to want.
func (b *requestBody) renameFold(want string) {
	m, ok := b.object()
	if !ok {
		return
	}
	if _, ok := m[want]; ok {
		return
	}
	for k, v := range m {
		if strings.EqualFold(k, want) {
			b.set(want, v)
			b.remove(k)
			return
		}
	}
}

// acceptBody applies the body hooks of the active behaviours before validation. It returns
// false when one answered.
func (x *exchange) acceptBody() bool {
	b := requestBody{data: x.body, contentType: x.r.Header.Get("Content-Type")}
	for _, h := range x.active() {
		if h.body == nil {
			continue
		}
		if r := h.body(x, &b); r != nil {
			x.send(r)
			return false
		}
	}
	if b.changed {
		x.body, _ = json.Marshal(b.fields)
	}
	x.scope, x.bodyType = b.scope, b.contentType
	return true
}

// isolation is a validated isolate (or unisolate) request, as the accept hooks of the active
// behaviours see it: they may refuse it, or choose the isolation it performs.
type isolation struct {
	kind          string // typeIsolate or typeUnisolate
	comment       string
	isolationType string  // "" when absent
	scope         *string // the isolation to perform, when not IsolationType's
}

// accept applies the accept hooks; it returns false when one refused the request.
func (x *exchange) accept(iso *isolation) bool {
	for _, h := range x.active() {
		if h.accept == nil {
			continue
		}
		if e := h.accept(x, iso); e != nil {
			x.fail(*e, "")
			return false
		}
	}
	return true
}

// machineLookup is the machine a request's path names, as the machine hooks of the active
// behaviours see it when it does not exist: they may make one up, or refuse otherwise.
type machineLookup struct {
	id      string
	machine fixtures.Machine
	known   bool
	refuse  *apiError
}

// resolveMachine finds the machine the path names, once; it answers 404 ResourceNotFound
// (or what a machine hook decided) and returns false when there is none.
func (x *exchange) resolveMachine() bool {
	if x.target != nil {
		return true
	}
	m := machineLookup{id: x.pathID()}
	m.machine, m.known = x.s.machine(m.id)
	if !m.known {
		for _, h := range x.active() {
			if h.machine != nil {
				h.machine(x, &m)
			}
		}
	}
	switch {
	case m.refuse != nil:
		x.fail(*m.refuse, "")
		return false
	case !m.known:
		x.fail(apiError{http.StatusNotFound, codeResourceNotFound, "Machine " + m.id + " was not found"}, "")
		return false
	}
	x.target = &m.machine
	return true
}
