package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bounds of the fault queue.
const (
	// MaxFaults is the most faults the queue holds; QueueFault refuses more.
	MaxFaults = 100
	// MaxFaultCount is the largest Fault.Count.
	MaxFaultCount = 1_000
	// MaxFaultDelay is the longest Fault.Delay: below the 30 s write timeout of a started
	// server, so a delayed answer still arrives.
	MaxFaultDelay = 25 * time.Second
)

// Fault is a scripted misbehaviour: the next Count requests that match Method, Path and
// Operation get it instead of (or, for a delay, before) their normal answer. Faults are kept
// in a FIFO queue; each request consumes at most one fault, the first queued one it matches,
// and a fault leaves the queue once it has been served Count times. A faulted request is not
// rate limited and creates nothing, except where a kind below says the request is served. The
// admin endpoints under /_isoconform are never faulted.
//
// The kinds, each with the JSON that POST /_isoconform/faults takes:
//
// Status: answer the status with the documented error body instead of serving the request.
// Under /api and /testwdatppreview the body is the Defender envelope
// {"error":{"code","message","target"}} with the status's code (400 BadRequest, 401
// Unauthorized, 403 Forbidden, 404 NotFound, 429 TooManyRequests, 500 InternalServerError, 503
// ServiceUnavailable, ...; Code and Message override it); at the token endpoints it is an
// Entra ID error body ({"error":"temporarily_unavailable","error_description",...}). A 429
// carries Retry-After: 1 unless RetryAfter says otherwise.
//
//	{"operation":"isolateMachine","status":503}
//	{"method":"POST","path":"/api/machines/*/isolate","status":500,"count":2}
//
// Retry-After: add the header (whole seconds) to a status answer; alone, it means a 429.
//
//	{"operation":"isolateMachine","status":429,"retryAfter":30}
//	{"path":"/api/machineactions/*","retryAfter":5}
//
// Delay: wait before answering (at most MaxFaultDelay). Alone, the request is then served
// normally; with a status or a malformed body, that answer comes late.
//
//	{"operation":"getMachineAction","delay":"3s"}
//
// Drop: close the connection without any answer, as a network failure or a crashed proxy
// does (the request is not served). It combines with a delay only.
//
//	{"operation":"isolateMachine","drop":true}
//
// Malformed: cut the JSON body in half (Content-Length matches the cut body). With a status,
// the cut body is that status's error body; without one, the request is served normally (an
// isolate does create its action) and its real answer is cut, as when a proxy truncates it.
//
//	{"operation":"isolateMachine","malformed":true}
//	{"path":"/api/machineactions","status":500,"malformed":true}
type Fault struct {
	// ID identifies a queued fault ("fault-1", ...); QueueFault sets it.
	ID string `json:"id,omitempty"`
	// Method matches the request method, case-insensitively; empty matches any.
	Method string `json:"method,omitempty"`
	// Path matches the request path with path.Match syntax (* is one segment), e.g.
	// /api/machines/*/isolate; empty matches any. /api and /api/v1.0 are different paths:
	// use Operation to match both.
	Path string `json:"path,omitempty"`
	// Operation matches the OpenAPI operation id the request routes to, e.g. isolateMachine,
	// unisolateMachine, getMachineAction, listMachineActions, getMachine, listMachines,
	// cancelMachineAction: a current id matches the same operation in both profiles, a
	// *Preview id (isolateMachinePreview, ...) the preview-2017 one only; empty matches any. An
	// unknown id is refused with the list of valid ones.
	Operation string `json:"operation,omitempty"`
	// Count is how many matching requests get the fault: 1 when 0, at most MaxFaultCount. In
	// Faults() it is what is left.
	Count int `json:"count,omitempty"`
	// Status, 400 to 599, answers that status with its documented error body.
	Status int `json:"status,omitempty"`
	// Code and Message override the error body's code and message.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// RetryAfter, in whole seconds, sets the Retry-After header of the status answer.
	RetryAfter int `json:"retryAfter,omitempty"`
	// Delay is waited before answering. In JSON it is a Go duration string, e.g. "1.5s".
	Delay time.Duration `json:"-"`
	// Drop closes the connection without an answer.
	Drop bool `json:"drop,omitempty"`
	// Malformed cuts the answer's JSON body in half.
	Malformed bool `json:"malformed,omitempty"`
}

// faultJSON is Fault's wire form: the delay as a duration string.
type faultJSON struct {
	faultAlias
	Delay string `json:"delay,omitempty"`
}

type faultAlias Fault

// MarshalJSON writes Delay as a duration string ("1.5s").
func (f Fault) MarshalJSON() ([]byte, error) {
	w := faultJSON{faultAlias: faultAlias(f)}
	if f.Delay > 0 {
		w.Delay = f.Delay.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads Delay as a duration string ("250ms", "2s").
func (f *Fault) UnmarshalJSON(b []byte) error {
	var w faultJSON
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*f = Fault(w.faultAlias)
	if w.Delay != "" {
		d, err := time.ParseDuration(w.Delay)
		if err != nil {
			return fmt.Errorf("delay %q: want a duration such as \"1.5s\"", w.Delay)
		}
		f.Delay = d
	}
	return nil
}

// normalizeFault checks f and fills its defaults.
func (s *Server) normalizeFault(f Fault) (Fault, error) {
	f.ID = ""
	f.Method = strings.ToUpper(strings.TrimSpace(f.Method))
	switch {
	case f.Count < 0 || f.Count > MaxFaultCount:
		return f, fmt.Errorf("count %d: want 1 to %d (0 means 1)", f.Count, MaxFaultCount)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return f, fmt.Errorf("status %d: want 400 to 599", f.Status)
	case f.RetryAfter < 0:
		return f, fmt.Errorf("retryAfter %d: want whole seconds, 0 or more", f.RetryAfter)
	case f.Delay < 0 || f.Delay > MaxFaultDelay:
		return f, fmt.Errorf("delay %s: want 0 to %s", f.Delay, MaxFaultDelay)
	case f.Drop && (f.Status != 0 || f.Malformed || f.RetryAfter != 0 || f.Code != "" || f.Message != ""):
		return f, errors.New("drop answers nothing: it combines with a delay only")
	case !f.Drop && !f.Malformed && f.Status == 0 && f.RetryAfter == 0 && f.Delay == 0:
		return f, errors.New("the fault does nothing: give status, retryAfter, delay, drop or malformed")
	case f.Status == 0 && (f.Code != "" || f.Message != ""):
		return f, errors.New("code and message need a status")
	}
	if f.Path != "" {
		if !strings.HasPrefix(f.Path, "/") {
			return f, fmt.Errorf("path %q: want an absolute path pattern such as /api/machines/*/isolate", f.Path)
		}
		if _, err := path.Match(f.Path, "/"); err != nil {
			return f, fmt.Errorf("path %q: %w", f.Path, err)
		}
	}
	if f.Operation != "" && !s.knownOperation(f.Operation) {
		return f, fmt.Errorf("operation %q: not an operation of the document; valid: %s", printable(f.Operation), strings.Join(s.operationIDs(), ", "))
	}
	if f.Count == 0 {
		f.Count = 1
	}
	if f.RetryAfter > 0 && f.Status == 0 {
		f.Status = http.StatusTooManyRequests
	}
	return f, nil
}

func (s *Server) knownOperation(id string) bool {
	for _, a := range s.apis {
		if _, ok := a.ops[id]; ok {
			return true
		}
	}
	return false
}

// faultQueue is the FIFO of scripted faults. It is safe for concurrent use.
type faultQueue struct {
	mu    sync.Mutex
	items []*Fault
	seq   int
}

// QueueFault appends a fault to the queue. It refuses a fault that is not valid (see Fault)
// and a full queue (MaxFaults).
func (s *Server) QueueFault(f Fault) error { return s.QueueFaults(f) }

// QueueFaults appends faults to the queue in order, all or none.
func (s *Server) QueueFaults(faults ...Fault) error {
	_, err := s.queueFaults(faults)
	return err
}

// queueFaults queues faults and returns them as queued, with their ids.
func (s *Server) queueFaults(faults []Fault) ([]Fault, error) {
	checked := make([]Fault, 0, len(faults))
	for i, f := range faults {
		n, err := s.normalizeFault(f)
		if err != nil {
			return nil, fmt.Errorf("mock: fault %d: %w", i+1, err)
		}
		checked = append(checked, n)
	}
	q := s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items)+len(checked) > MaxFaults {
		return nil, fmt.Errorf("mock: the fault queue holds at most %d faults (%d queued)", MaxFaults, len(q.items))
	}
	for i := range checked {
		q.seq++
		checked[i].ID = "fault-" + strconv.Itoa(q.seq)
		f := checked[i]
		q.items = append(q.items, &f)
	}
	return checked, nil
}

// Faults returns the faults still queued, first to be served first, each with the count left.
func (s *Server) Faults() []Fault {
	q := s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Fault, 0, len(q.items))
	for _, f := range q.items {
		out = append(out, *f)
	}
	return out
}

// ClearFaults empties the fault queue.
func (s *Server) ClearFaults() {
	q := s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = nil
}

// takeFault consumes one serving of the first queued fault r matches; c is r's
// classification (nil outside the API).
func (s *Server) takeFault(r *http.Request, c *classification) (Fault, bool) {
	q := s.faults
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return Fault{}, false
	}
	for i, f := range q.items {
		if f.Method != "" && f.Method != r.Method {
			continue
		}
		if f.Path != "" {
			if ok, _ := path.Match(f.Path, r.URL.Path); !ok {
				continue
			}
		}
		if f.Operation != "" {
			if !operationMatches(f.Operation, c.operationID()) {
				continue
			}
		}
		served := *f
		f.Count--
		if f.Count <= 0 {
			q.items = append(q.items[:i], q.items[i+1:]...)
		}
		return served, true
	}
	return Fault{}, false
}

// maxFaultBody bounds a POST /_isoconform/faults body.
const maxFaultBody = 64 << 10

// serveFaultsAdmin serves /_isoconform/faults: POST queues a Fault or a JSON array of them
// (all or none; 201 with the queued faults and their ids), GET lists the faults still queued,
// DELETE empties the queue (204). A refused POST is answered 400 with the envelope.
func (s *Server) serveFaultsAdmin(x *exchange) {
	switch x.r.Method {
	case http.MethodGet:
		x.w.Header().Set("Content-Type", contentTypeJSON)
		writeJSONBody(x.w, http.StatusOK, map[string][]Fault{"faults": s.Faults()})
	case http.MethodDelete:
		s.ClearFaults()
		x.w.WriteHeader(http.StatusNoContent)
	case http.MethodPost:
		data, reserved, err := s.bodies.read(x.r.Body, x.r.ContentLength, maxFaultBody) // within the body budget
		x.reserved += reserved
		if errors.Is(err, errBodyBusy) {
			x.w.Header().Set("Retry-After", "1")
			x.fail(apiError{http.StatusServiceUnavailable, codeServiceUnavailable, "The server is holding as many request bodies as it may; retry later."}, "")
			return
		}
		if err != nil {
			x.fail(apiError{http.StatusBadRequest, codeInvalidRequestBody, "The fault could not be read (at most 64 KiB)."}, "")
			return
		}
		var faults []Fault
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			err = json.Unmarshal(trimmed, &faults)
		} else {
			var f Fault
			err = json.Unmarshal(trimmed, &f)
			faults = []Fault{f}
		}
		if err != nil {
			x.fail(apiError{http.StatusBadRequest, codeInvalidRequestBody, "The body is not a fault: " + err.Error()}, "")
			return
		}
		queued, err := s.queueFaults(faults)
		if err != nil {
			x.fail(apiError{http.StatusBadRequest, codeInvalidInput, err.Error()}, "")
			return
		}
		x.w.Header().Set("Content-Type", contentTypeJSON)
		writeJSONBody(x.w, http.StatusCreated, map[string][]Fault{"faults": queued})
	default:
		x.refuseMethod("GET, POST, DELETE")
	}
}
