package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// hostile is the reference mock behind a front that makes it a hostile target.
type hostile struct {
	base     string            // the front's API root (current profile)
	machines []string          // the mock's machines
	tokens   map[string]string // role -> the mock's token
}

// startHostile serves the reference mock (current profile) behind front(next), where next
// passes a request on to the mock.
func startHostile(t *testing.T, front func(h *hostile, next http.Handler) http.Handler) *hostile {
	t.Helper()
	srv, err := mock.Start(t.Context(), mock.Options{CompletionDelay: 3 * time.Second, CompletionReads: 2,
		RateLimit: mock.RateLimit{OnlyRoles: []string{steps.RoleRateLimit}}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	h := &hostile{machines: srv.MachineIDs(), tokens: map[string]string{}}
	for _, role := range steps.ProfileRoles(spec.Current) {
		tok, err := srv.Token(string(spec.Current), role)
		require.NoError(t, err)
		h.tokens[role] = tok
	}
	u, err := url.Parse(srv.URL())
	require.NoError(t, err)
	fs := httptest.NewServer(front(h, httputil.NewSingleHostReverseProxy(u)))
	t.Cleanup(fs.Close)
	h.base = fs.URL + "/api"
	return h
}

// runAgainst runs the whole current-profile suite against h with the given tokens (the
// mock's by default) and one machine, writes every report, and returns the exit code, the
// console output and the reports by name.
func runAgainst(t *testing.T, h *hostile, tokens map[string]string, extra ...string) (int, string, map[string]string) {
	t.Helper()
	if tokens == nil {
		tokens = h.tokens
	}
	dir := t.TempDir()
	files := map[string]string{"junit": "junit.xml", "cucumber": "cucumber.json", "report": "report.json", "html": "report.html"}
	args := []string{"run", "--base-url", h.base, "--profile", "current", "--machine-id", h.machines[0]}
	for role, tok := range tokens {
		args = append(args, "--token", role+"="+tok)
	}
	for flag, name := range files {
		args = append(args, "--"+flag, filepath.Join(dir, name))
	}
	args = append(args, extra...)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, nil, &stdout, &stderr)
	reports := map[string]string{}
	for flag, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, flag)
		reports[flag] = string(b)
	}
	reports["path:report"] = filepath.Join(dir, "report.json")
	return code, stdout.String() + stderr.String(), reports
}

// A target that answers the isolate of the given machine with a same-origin 307 to another
// machine's isolate: the other machine is never touched, and the run fails naming the
// target's behaviour.
func TestRedirectToAnotherMachineIsNeverFollowed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	var touched atomic.Int32
	h := startHostile(t, func(h *hostile, next http.Handler) http.Handler {
		given, other := "/api/machines/"+h.machines[0]+"/", "/api/machines/"+h.machines[1]+"/"
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, other) || strings.Contains(r.URL.RawQuery, h.machines[1]) {
				touched.Add(1)
			}
			if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, given) {
				http.Redirect(w, r, other+strings.TrimPrefix(r.URL.Path, given), http.StatusTemporaryRedirect)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	code, console, _ := runAgainst(t, h, nil)
	assert.Zero(t, touched.Load(), "a machine the suite was not given was touched")
	assert.Equal(t, 1, code, console)
	assert.Contains(t, console, "acts on a machine")
	assert.Contains(t, console, "307 Temporary Redirect")
}

// escapes is what a hostile target puts in its answers: a window title, a clear screen, a
// fake green verdict, an OSC 52 clipboard write, an 8-bit CSI and a bidi override.
const escapes = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[32mVerdict: conformant\x1b[0m\x1b]52;c;ZXZpbA==\x07\u009b31m\u202eevil"

// A target whose answers hold terminal escapes (raw in a text body, and JSON-escaped in
// the values the suite reads): no ESC byte or other control reaches the console.
func TestTargetEscapesNeverReachTheConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	jsonEscapes, err := json.Marshal(escapes)
	require.NoError(t, err)
	h := startHostile(t, func(h *hostile, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate"):
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusTeapot)
				_, _ = io.WriteString(w, escapes+"\r\n"+escapes)
			case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/machineactions"):
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":{"code":`+string(jsonEscapes)+`,"message":`+string(jsonEscapes)+`,"target":"x"}}`)
			default:
				next.ServeHTTP(w, r)
			}
		})
	})
	code, console, reports := runAgainst(t, h, nil)
	assert.Equal(t, 1, code)
	require.Contains(t, console, `\x1b`, "the escapes are shown escaped")
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
		assert.NotContains(t, console, bad, "%q on the console", bad)
	}
	assert.True(t, json.Valid([]byte(reports["report"])))
	assert.NoError(t, wellFormedXML(reports["junit"]))
}

// A target that echoes "authorization: bearer " before a quote, inside its JSON: every report
// stays valid, and report --html accepts the saved report.
func TestBearerEchoBeforeAQuoteKeepsReportsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	h := startHostile(t, func(h *hostile, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":{"code":"BadRequest","message":"authorization: bearer ","target":"Authorization: Bearer \\\"x\\\""}}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	code, console, reports := runAgainst(t, h, nil)
	assert.Equal(t, 1, code, console)
	assert.True(t, json.Valid([]byte(reports["report"])), "the JSON report is valid JSON")
	assert.True(t, json.Valid([]byte(reports["cucumber"])), "the cucumber report is valid JSON")
	assert.NoError(t, wellFormedXML(reports["junit"]))
	out := filepath.Join(t.TempDir(), "again.html")
	rc, stdout, stderr := runArgs(context.Background(), "report", "--html", out, reports["path:report"])
	assert.Equal(t, 0, rc, stdout+stderr)
}

// A target that echoes a configured token, not a JWT and holding a '/' and a '"', escaped in
// every way it can (JSON with \/ and \", all \u00xx, percent-encoded, HTML): masked on the
// console and in the JUnit, HTML, JSON and cucumber reports.
func TestEscapedEchoOfATokenIsMasked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	const mark = "q7canary3e"
	custom := map[string]string{}
	for _, role := range steps.ProfileRoles(spec.Current) {
		custom[role] = "tok/en\"" + role + "-" + mark
	}
	h := startHostile(t, func(h *hostile, next http.Handler) http.Handler {
		real := map[string]string{}
		for role, tok := range custom {
			real[tok] = h.tokens[role]
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sent := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if tok, ok := real[sent]; ok {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate") && sent != "" {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Echo", url.QueryEscape(sent))
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"error":{"code":"BadRequest","message":"`+echoes(sent)+`","target":"t"}}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	code, console, reports := runAgainst(t, h, custom)
	assert.Equal(t, 1, code)
	outputs := map[string]string{"console": console}
	for k, v := range reports {
		if !strings.HasPrefix(k, "path:") {
			outputs[k] = v
		}
	}
	require.Contains(t, console, "[REDACTED]")
	for where, text := range outputs {
		assert.NotContains(t, text, mark, "the token leaked into %s", where)
		assert.NotContains(t, text, `\u0071\u0037`, "the \\u-escaped token leaked into %s", where)
	}
	assert.True(t, json.Valid([]byte(reports["report"])))
	assert.True(t, json.Valid([]byte(reports["cucumber"])))
	assert.NoError(t, wellFormedXML(reports["junit"]))
}

// echoes returns tok in the forms a target may echo it in, inside a JSON string.
func echoes(tok string) string {
	jsonForm, _ := json.Marshal(tok)
	slashed := strings.ReplaceAll(strings.Trim(string(jsonForm), `"`), "/", `\/`)
	var all strings.Builder
	for _, c := range []byte(tok) {
		all.WriteString(`\u00` + hexByte(c))
	}
	html := strings.NewReplacer(`"`, "&quot;", "/", "&#x2F;").Replace(tok)
	return "json " + slashed + " unicode " + all.String() + " percent " + url.QueryEscape(tok) + " html " + html
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// wellFormedXML reports whether s parses as XML to its end.
func wellFormedXML(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}
