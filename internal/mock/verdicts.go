package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// Client verdict rules: what a client of the API did wrong, as the mock sees it. The names
// are stable.
const (
	// RuleMissingAuthorization: an API request without an Authorization header.
	RuleMissingAuthorization = "missing-authorization"
	// RuleWrongAudience: a bearer token, otherwise valid, issued for another audience
	// (resource) than the API's, e.g. Microsoft Graph's or the other profile's.
	RuleWrongAudience = "wrong-audience"
	// RuleLowercaseProperty: a body property named with the wrong case (comment,
	// isolationType): the service's body parameters are case-sensitive.
	RuleLowercaseProperty = "lowercase-property"
	// RuleIsolationTypeNotInEnum: an IsolationType outside the profile's values (Full,
	// Selective, and UnManagedDevice in current), such as full or Partial.
	RuleIsolationTypeNotInEnum = "isolation-type-not-in-enum"
	// RuleRetryBeforeRetryAfter: a request sent before the Retry-After of an earlier answer
	// to the same client had elapsed. Throttling is per application, so any API request
	// during the wait counts, not only a repeat of the refused one.
	RuleRetryBeforeRetryAfter = "retry-before-retry-after"
	// RuleDuplicateIsolate: an isolate of a machine whose isolation, created for the same
	// client with a 201, is still pending: the client retried a request that had succeeded.
	RuleDuplicateIsolate = "duplicate-isolate-after-201"
	// RuleNonJSONContentType: a request body sent with a Content-Type other than
	// application/json, or with none.
	RuleNonJSONContentType = "non-json-content-type"
)

// AnonymousClient is the client of a request whose token names none.
const AnonymousClient = "anonymous"

// Bounds of the verdict log.
const (
	// MaxVerdicts bounds the (client, rule) pairs kept; past it new pairs are only counted in
	// VerdictsDropped.
	MaxVerdicts = 1_000
	// maxTracked bounds each table of per-client state (Retry-After deadlines, isolations).
	maxTracked = 10_000
	// maxClientLen and maxExamplePath bound the strings kept from a request.
	maxClientLen   = 128
	maxExamplePath = 512
	// maxCaptured bounds the answer body read back for an isolate's action id.
	maxCaptured = 64 << 10
)

// Verdict is one thing a client did wrong, with how often: one per client and rule.
type Verdict struct {
	// Client is the token's application id (appid), else its object id, else "anonymous".
	Client string `json:"client"`
	// Rule is one of the Rule* names.
	Rule string `json:"rule"`
	// Count is how many requests broke the rule; First and Last when.
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Example is the first such request.
	Example VerdictExample `json:"example"`
}

// VerdictExample names a request and the status it got (0: no answer, e.g. a dropped
// connection).
type VerdictExample struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

type verdictKey struct{ client, rule string }

// isolationKey names the machine a client isolated in a profile.
type isolationKey struct {
	profile   spec.Profile
	client    string
	machineID string
}

// judge keeps the verdicts and the per-client state they are judged on. It is safe for
// concurrent use.
type judge struct {
	mu       sync.Mutex
	verdicts map[verdictKey]*Verdict
	dropped  int
	backoff  map[string]time.Time    // client -> end of its last Retry-After
	isolated map[isolationKey]string // -> id of the action its last isolate 201 created
	now      func() time.Time
	store    *store
	delay    time.Duration
}

func newJudge(now func() time.Time, st *store, delay time.Duration) *judge {
	return &judge{verdicts: map[verdictKey]*Verdict{}, backoff: map[string]time.Time{},
		isolated: map[isolationKey]string{}, now: now, store: st, delay: delay}
}

// observation is one API request being judged: the rules it broke, found before it is
// served, and what its answer needs to be known for.
type observation struct {
	j        *judge
	r        *http.Request
	client   string
	rules    []string
	isolate  *isolationKey // an isolate request: remember the action its 201 creates
	w        *observedWriter
	profile  spec.Profile
	received time.Time
	// bodyProps are the body properties of the operation (isolate, unisolate, cancel), whose
	// casing is judged; body is the body the API read, nil when it read none.
	bodyProps []string
	body      []byte
}

// begin judges r before it is served and returns the observation to end once answered; serve
// o.r, which carries the observation, so that the body the API reads (only after it has
// authenticated the caller) is judged too. begin reads no body.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, c *classification) *observation {
	p := c.profile
	j := s.judge
	o := &observation{j: j, r: r, profile: p, received: j.now(), client: AnonymousClient}
	o.w = &observedWriter{statusWriter: statusWriter{ResponseWriter: w}}
	header := r.Header.Get("Authorization")
	if strings.TrimSpace(header) == "" {
		o.rules = append(o.rules, RuleMissingAuthorization)
	} else if token, err := auth.BearerToken(header); err == nil {
		// A token verified before names its client, with an accepted audience, without
		// decoding its claims again: the common case, a client reusing its token.
		id, cached := s.apis[p].verifier.Cached(token)
		ok := cached
		if !cached {
			var err error
			id, err = auth.UnverifiedIdentity(token)
			ok = err == nil
		}
		if ok {
			switch {
			case id.AppID != "":
				o.client = id.AppID
			case id.ObjectID != "":
				o.client = id.ObjectID
			}
			if o.client = maskText(o.client); len(o.client) > maxClientLen {
				o.client = o.client[:maxClientLen]
			}
		}
		if !cached && !audienceAccepted(token, p) {
			// only then verify: the token may be broken in other ways than its audience
			if _, err := s.apis[p].verifier.Verify(token); errors.Is(err, auth.ErrAudience) {
				o.rules = append(o.rules, RuleWrongAudience)
			}
		}
	}
	if r.Method == http.MethodPost {
		kind, machineID := c.op.kind, c.pathID()
		switch kind {
		case opIsolate:
			o.bodyProps = []string{"Comment", "IsolationType"}
			o.isolate = &isolationKey{p, o.client, machineID}
			o.w.capture = true
		case opUnisolate, opCancelAction:
			o.bodyProps = []string{"Comment"}
		}
	}
	o.r = r.WithContext(context.WithValue(r.Context(), observationKey{}, o))
	j.mu.Lock()
	defer j.mu.Unlock()
	if until, ok := j.backoff[o.client]; ok {
		if o.received.Before(until) {
			o.rules = append(o.rules, RuleRetryBeforeRetryAfter)
		} else {
			delete(j.backoff, o.client)
		}
	}
	if o.isolate != nil {
		if id, ok := j.isolated[*o.isolate]; ok {
			if a, found := j.store.get(p, id); found {
				if st, _ := a.state(o.received, j.delay); !final(st) {
					o.rules = append(o.rules, RuleDuplicateIsolate)
				}
			}
		}
	}
	return o
}

// audienceAccepted reports whether the token's unverified aud claim is one profile p
// accepts, so that the common case needs no second signature check.
func audienceAccepted(token string, p spec.Profile) bool {
	auds := auth.UnverifiedAudiences(token)
	accepted := auth.Audiences(p)
	return len(auds) > 0 && !slices.ContainsFunc(auds, func(a string) bool { return !slices.Contains(accepted, a) })
}

// observationKey is the context key of the observation of a request.
type observationKey struct{}

// observed hands the body the API read for r to r's observation, judged when it ends.
func (s *Server) observed(r *http.Request, body []byte) {
	if o, ok := r.Context().Value(observationKey{}).(*observation); ok {
		o.body = body
	}
}

// judgeRequestBody judges the body the API read: its Content-Type, and in the bodies of
// isolate, unisolate and cancel the property names and the IsolationType. A body the API did
// not read (the caller was refused first) is judged by its Content-Type alone, when its
// Content-Length declares one.
func (o *observation) judgeRequestBody() {
	declared := o.body == nil && o.r.ContentLength > 0
	if len(bytes.TrimSpace(o.body)) == 0 && !declared {
		return
	}
	mt, _, err := mime.ParseMediaType(o.r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		o.rules = append(o.rules, RuleNonJSONContentType)
	}
	if o.bodyProps != nil {
		o.judgeBody(o.body, o.bodyProps, o.profile)
	}
}

// judgeBody looks for wrongly cased property names and, in an isolate body, an IsolationType
// outside the profile's values.
func (o *observation) judgeBody(body []byte, known []string, p spec.Profile) {
	var props map[string]json.RawMessage
	if json.Unmarshal(body, &props) != nil {
		return
	}
	for k := range props {
		if !slices.Contains(known, k) && slices.ContainsFunc(known, func(n string) bool { return strings.EqualFold(n, k) }) {
			o.rules = append(o.rules, RuleLowercaseProperty)
			break
		}
	}
	raw, ok := props["IsolationType"]
	if !ok || !slices.Contains(known, "IsolationType") {
		return
	}
	var v string
	if json.Unmarshal(raw, &v) != nil || !slices.Contains(p.IsolationTypes(), v) {
		o.rules = append(o.rules, RuleIsolationTypeNotInEnum)
	}
}

// end records the verdicts of the answered request, and what the answer tells about the
// client: a Retry-After to honour, an isolation it created.
func (o *observation) end() {
	o.judgeRequestBody()
	j := o.j
	status := o.w.status
	now := j.now()
	var created string
	if o.isolate != nil && status == http.StatusCreated {
		var a struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(o.w.captured, &a) == nil {
			created = a.ID
		}
	}
	retry := -1
	if v := o.w.Header().Get("Retry-After"); v != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
			retry = n
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if retry >= 0 {
		bounded(j.backoff, func(until time.Time) bool { return !now.Before(until) })
		j.backoff[o.client] = now.Add(time.Duration(retry) * time.Second)
	}
	if created != "" {
		bounded(j.isolated, func(string) bool { return false })
		j.isolated[*o.isolate] = created
	}
	path := maskURL(o.r.URL.Path)
	if len(path) > maxExamplePath {
		path = path[:maxExamplePath]
	}
	for _, rule := range o.rules {
		k := verdictKey{o.client, rule}
		v, ok := j.verdicts[k]
		if !ok {
			if len(j.verdicts) >= MaxVerdicts {
				j.dropped++
				continue
			}
			v = &Verdict{Client: o.client, Rule: rule, First: o.received.UTC(),
				Example: VerdictExample{Method: o.r.Method, Path: path, Status: status}}
			j.verdicts[k] = v
		}
		v.Count++
		v.Last = o.received.UTC()
	}
}

// bounded makes room in a per-client table: past maxTracked entries it drops those stale
// says are stale, then arbitrary ones.
func bounded[K comparable, V any](m map[K]V, stale func(V) bool) {
	if len(m) < maxTracked {
		return
	}
	for k, v := range m {
		if stale(v) {
			delete(m, k)
		}
	}
	for k := range m {
		if len(m) < maxTracked {
			break
		}
		delete(m, k)
	}
}
