package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// campaignMark is in every token of the campaign: it must appear in no output.
const campaignMark = "k4campaign9"

// behaviour is one hostile target's conduct: answer r itself (true) or let the mock do it.
type behaviour func(h *hostile, w http.ResponseWriter, r *http.Request, token string) bool

// TestHostileTargetCampaign replays the campaign's hostile targets against the runner, each a
// whole run bounded by the suite's own timeouts, and checks the same promises for every one:
// the run ends, with a failure; no machine but the one given is touched; no control character
// the target sent reaches the console; the tokens appear in no output, in any encoding; every
// report stays valid.
func TestHostileTargetCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite once per hostile target")
	}
	jsonEscapes, err := json.Marshal(escapes)
	require.NoError(t, err)
	isolate := func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate")
	}
	reply := func(w http.ResponseWriter, status int, contentType, body string) bool {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
		return true
	}
	cases := map[string]behaviour{
		"same-origin 307 to another machine": func(h *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			given := "/api/machines/" + h.machines[0] + "/"
			if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, given) {
				http.Redirect(w, r, "/api/machines/"+h.machines[1]+"/"+strings.TrimPrefix(r.URL.Path, given), http.StatusTemporaryRedirect)
				return true
			}
			return false
		},
		"303 from an isolate to a read of another machine": func(h *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			if isolate(r) {
				http.Redirect(w, r, "/api/machines/"+h.machines[1], http.StatusSeeOther)
				return true
			}
			return false
		},
		"cross-origin redirect of every read": func(h *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "http://127.0.0.2:1"+r.URL.Path, http.StatusFound)
				return true
			}
			return false
		},
		"terminal escapes in text and JSON": func(_ *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			switch {
			case isolate(r):
				return reply(w, http.StatusTeapot, "text/plain", escapes+"\r\n"+escapes)
			case strings.Contains(r.URL.Path, "/machineactions"):
				return reply(w, http.StatusBadRequest, "application/json", `{"error":{"code":`+string(jsonEscapes)+`,"message":`+string(jsonEscapes)+`,"target":"x"}}`)
			}
			return false
		},
		"bearer echo before a quote": func(_ *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			if isolate(r) {
				return reply(w, http.StatusBadRequest, "application/json", `{"error":{"code":"x","message":"authorization: bearer ","target":"Authorization: Bearer \\\"x\\\""}}`)
			}
			return false
		},
		"escaped token echo": func(_ *hostile, w http.ResponseWriter, r *http.Request, token string) bool {
			if token != "" && (isolate(r) || strings.HasSuffix(r.URL.Path, "/unisolate")) {
				w.Header().Set("X-Echo", url.QueryEscape(token))
				return reply(w, http.StatusBadRequest, "application/json", `{"error":{"code":"x","message":"`+echoes(token)+`","target":"t"}}`)
			}
			return false
		},
		"a body beyond the cap": func(_ *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			if r.Method == http.MethodGet {
				return reply(w, http.StatusOK, "application/json", `{"value":"`+strings.Repeat("x", 2<<20)+`"}`)
			}
			return false
		},
		"HTML errors with escapes everywhere": func(_ *hostile, w http.ResponseWriter, r *http.Request, _ string) bool {
			if r.Method == http.MethodPost {
				return reply(w, http.StatusInternalServerError, "text/html", "<html><title>"+escapes+"</title>"+escapes+"</html>")
			}
			return false
		},
	}
	custom := map[string]string{}
	for _, role := range steps.ProfileRoles(spec.Current) {
		custom[role] = "tok/en\"" + role + "-" + campaignMark
	}
	for name, act := range cases {
		t.Run(name, func(t *testing.T) {
			var touched atomic.Int32
			h := startHostile(t, func(h *hostile, next http.Handler) http.Handler {
				real := map[string]string{}
				for role, tok := range custom {
					real[tok] = h.tokens[role]
				}
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if strings.Contains(r.URL.Path, h.machines[1]) || strings.Contains(r.URL.RawQuery, h.machines[1]) {
						touched.Add(1)
					}
					sent := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
					if tok, ok := real[sent]; ok {
						r.Header.Set("Authorization", "Bearer "+tok)
					}
					if !act(h, w, r, sent) {
						next.ServeHTTP(w, r)
					}
				})
			})
			// Short bounds: a hostile target's refusals must end the run soon, not in minutes.
			code, console, reports := runAgainst(t, h, custom, "--request-timeout", "5s", "--wait-budget", "10s")
			assert.Contains(t, []int{1, 2}, code, "the run ends, and not as conformant")
			assert.Zero(t, touched.Load(), "a machine the suite was not given was touched")
			for _, bad := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
				assert.NotContains(t, console, bad, "%q on the console", bad)
			}
			for where, text := range reports {
				if strings.HasPrefix(where, "path:") {
					continue
				}
				assert.NotContains(t, text, campaignMark, "a token in %s", where)
				assert.NotContains(t, text, `\u006b\u0034`, "a \\u-escaped token in %s", where)
			}
			assert.NotContains(t, console, campaignMark, "a token on the console")
			assert.True(t, json.Valid([]byte(reports["report"])), "the JSON report is valid")
			assert.True(t, json.Valid([]byte(reports["cucumber"])), "the cucumber report is valid")
			assert.NoError(t, wellFormedXML(reports["junit"]), "the JUnit report is well-formed")
			assert.True(t, bytes.Contains([]byte(reports["html"]), []byte("</html>")), "the HTML report is whole")
		})
	}
}
