package mock

import (
	"net/http"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// maxRecordedBody bounds the request body kept with a violation; maxMaskedToken is the
// longest token masked whole across the cut.
const (
	maxRecordedBody = 4 << 10
	maxMaskedToken  = 32 << 10
)

// redacted replaces secrets in recorded requests.
const redacted = "[REDACTED]"

// Violation is a request the mock refused because it broke the contract: the route, the
// token, the caller's role or permission, or the OpenAPI document. Answers about state
// (unknown machine, an action in progress) and throttling are not violations.
type Violation struct {
	Time          time.Time       `json:"time"`
	Method        string          `json:"method"`
	Path          string          `json:"path"`
	Profile       spec.Profile    `json:"profile,omitempty"`
	Operation     string          `json:"operation,omitempty"`
	Rule          string          `json:"rule"`
	Status        int             `json:"status"`
	Code          string          `json:"code"`
	Message       string          `json:"message"`
	CorrelationID string          `json:"correlationId"`
	Request       RecordedRequest `json:"request"`
}

// RecordedRequest is the refused request with every credential masked: the values of
// headers and query parameters named like tokens, keys or secrets, any Authorization value,
// JWTs anywhere; its body is cut at 4 KiB.
type RecordedRequest struct {
	Method        string              `json:"method"`
	URL           string              `json:"url"`
	Header        map[string][]string `json:"header"`
	Body          string              `json:"body,omitempty"`
	BodyTruncated bool                `json:"bodyTruncated,omitempty"`
}

// violationLog is a bounded ring of violations, oldest dropped first. It is safe for
// concurrent use.
type violationLog struct{ ring[Violation] }

func newViolationLog(max int) *violationLog { return &violationLog{ring[Violation]{max: max}} }

func (l *violationLog) record(x *exchange, rule string, e apiError) {
	v := Violation{
		Time:          x.s.now().UTC(),
		Method:        x.r.Method,
		Path:          maskURL(x.r.URL.Path),
		Profile:       x.profile,
		Rule:          rule,
		Status:        e.status,
		Code:          e.code,
		Message:       e.message,
		CorrelationID: x.correlation,
		Request:       recordRequest(x.r, x.body),
	}
	if x.route != nil && x.route.Operation != nil {
		v.Operation = x.route.Operation.OperationID
	}
	l.add(v)
}

// recordRequest copies what a violation keeps of r, every credential masked (maskHeader,
// maskURL, maskText), the body cut at maxRecordedBody once masked.
func recordRequest(r *http.Request, body []byte) RecordedRequest {
	h := make(map[string][]string, len(r.Header))
	for k, vs := range r.Header {
		h[k] = maskHeader(k, vs)
	}
	rec := RecordedRequest{Method: r.Method, URL: maskURL(r.URL.RequestURI()), Header: h}
	// Mask more than is kept, so that a token across the cut is whole when it is masked.
	seen := min(len(body), maxRecordedBody+maxMaskedToken)
	text := maskText(string(body[:seen]))
	if len(text) > maxRecordedBody || len(body) > seen {
		text, rec.BodyTruncated = text[:min(len(text), maxRecordedBody)], true
	}
	rec.Body = text
	return rec
}

// Violations returns the recorded violations, oldest first.
func (s *Server) Violations() []Violation { return s.violations.list() }

// ClearViolations forgets the recorded violations.
func (s *Server) ClearViolations() { s.violations.clear() }
