package mock

import (
	"net/http"
	"net/url"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
)

// RuleTokenRefused: the token service refused the client's token request (wrong secret, an
// unknown tenant or client id, a resource or scope it does not issue for, a bad grant): a
// client that never obtains a token is judged too, not only one that calls the API.
const RuleTokenRefused = "token-request-refused"

// ProbeHeader marks a request of isoconform's own tools (client-check): sent to a path that is
// not an admin endpoint, it is answered 404 and leaves no trace (no violation, verdict or
// note), so a mistyped --mock URL does not pollute the next check.
const ProbeHeader = "X-Isoconform-Probe"

// serveProbeMiss answers a probe that missed the admin endpoints.
func (s *Server) serveProbeMiss(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, "", guid.New(), apiError{http.StatusNotFound, codeNotFound,
		"No isoconform admin endpoint at " + printable(r.URL.Path) + "; they live under " + adminBase + "."})
}

// serveTokens serves the token endpoints and judges a refused token request.
func (s *Server) serveTokens(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.tokens.ServeHTTP(w, r)
		return
	}
	received := s.now()
	body, release, ok := s.readAheadBounded(w, r)
	if !ok {
		return
	}
	defer release()
	client := AnonymousClient
	if user, _, ok := r.BasicAuth(); ok && user != "" {
		client = user
	} else if form, err := url.ParseQuery(string(body)); err == nil && form.Get("client_id") != "" {
		client = form.Get("client_id")
	}
	client = printable(client)
	if len(client) > maxClientLen {
		client = client[:maxClientLen]
	}
	sw := &statusWriter{ResponseWriter: w}
	s.tokens.ServeHTTP(sw, r)
	if sw.status >= http.StatusBadRequest && sw.status < http.StatusInternalServerError {
		s.judge.record(client, RuleTokenRefused, VerdictExample{Method: r.Method, Path: printable(r.URL.Path), Status: sw.status}, received)
	}
}

// record counts one breach of rule by client.
func (j *judge) record(client, rule string, ex VerdictExample, when time.Time) {
	if len(ex.Path) > maxExamplePath {
		ex.Path = ex.Path[:maxExamplePath]
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	k := verdictKey{client, rule}
	v, ok := j.verdicts[k]
	if !ok {
		if len(j.verdicts) >= MaxVerdicts {
			j.dropped++
			return
		}
		v = &Verdict{Client: client, Rule: rule, First: when.UTC(), Example: ex}
		j.verdicts[k] = v
	}
	v.Count++
	v.Last = when.UTC()
}
