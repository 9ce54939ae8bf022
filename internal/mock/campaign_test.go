package mock

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// campaignBound bounds each request of the campaign replay: a hostile input is answered, never
// left hanging.
const campaignBound = 10 * time.Second

// hostileInput is one request of the hostile-input campaign and the answer it must get.
type hostileInput struct {
	name    string
	method  string
	path    string
	header  map[string]string
	body    string
	status  int
	canary  string // must appear in no log the mock serves
	created bool   // the input must create nothing
}

// TestHostileCampaign replays the categories of the hostile-input campaign against the mock,
// each request bounded in time: forged and tampered tokens (claims checked exactly, the
// tenant, numeric dates), bad bodies (trailing data, two values, wrong types, too large),
// secrets where they do not belong (kept out of the logs), web pages (other origins,
// rebinding host names). Every answer is the documented one, nothing is created by a refused
// input, and no canary reaches the violation or verdict logs.
func TestHostileCampaign(t *testing.T) {
	h := newHarness(t, Options{})
	p := spec.Current
	m := h.machine(0)
	isolate := p.BasePath() + "/machines/" + m + "/isolate"
	good := h.token("machine-isolate", p)
	now := time.Now().Unix()
	claims := func(edit func(c map[string]any)) string {
		c := map[string]any{"aud": auth.Audience(p), "iss": h.s.issuer.IssuerURL(), "tid": h.s.TenantID(),
			"appid": "c4162d51-1040-440f-8257-55550873c839", "oid": "campaign", "iat": now - 60, "nbf": now - 60, "exp": now + 3600,
			"roles": []string{"Machine.Isolate"}}
		edit(c)
		b, err := json.Marshal(c)
		require.NoError(t, err)
		tok, err := h.s.issuer.SignPayload(b)
		require.NoError(t, err)
		return tok
	}
	bearer := func(tok string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
	}
	valid := `{"Comment":"campaign","IsolationType":"Full"}`
	var inputs []hostileInput
	// Tokens: every attack the mock knows, and claims signed by its own key that still fail.
	for _, kind := range AttackKinds() {
		tok, err := h.s.AttackToken(kind, p)
		require.NoError(t, err)
		want := http.StatusUnauthorized
		if kind == "roles-removed" {
			want = http.StatusForbidden
		}
		inputs = append(inputs, hostileInput{name: "token " + kind, method: "POST", path: isolate, header: bearer(tok), body: valid, status: want, created: true})
	}
	for name, edit := range map[string]func(map[string]any){
		"ROLES instead of roles":  func(c map[string]any) { c["ROLES"] = c["roles"]; delete(c, "roles") },
		"Roles instead of roles":  func(c map[string]any) { c["Roles"] = c["roles"]; delete(c, "roles") },
		"another tenant":          func(c map[string]any) { c["tid"] = "0e2f6a4c-9b1d-4c8e-a7f3-5d6b8c9e1a20" },
		"no tenant":               func(c map[string]any) { delete(c, "tid") },
		"exp as a string":         func(c map[string]any) { c["exp"] = strconv.FormatInt(now+3600, 10) },
		"nbf as a string":         func(c map[string]any) { c["nbf"] = strconv.FormatInt(now-60, 10) },
		"iat as a string":         func(c map[string]any) { c["iat"] = strconv.FormatInt(now-60, 10) },
		"roles as a string":       func(c map[string]any) { c["roles"] = "Machine.Isolate" },
		"aud of another resource": func(c map[string]any) { c["aud"] = auth.AudienceAzureADGraph },
	} {
		want := http.StatusUnauthorized
		if strings.HasPrefix(name, "ROLES") || strings.HasPrefix(name, "Roles") {
			want = http.StatusForbidden
		}
		inputs = append(inputs, hostileInput{name: "claims " + name, method: "POST", path: isolate, header: bearer(claims(edit)), body: valid, status: want, created: true})
	}
	// Bodies.
	for name, body := range map[string]string{
		"trailing garbage": `{"Comment":"x","IsolationType":"Selective"} trailing-garbage`,
		"two objects":      `{"Comment":"x","IsolationType":"Selective"}{"Comment":"y"}`,
		"closing brackets": `{"Comment":"x","IsolationType":"Selective"}]]]`,
		"an array":         `[{"Comment":"x"}]`,
		"wrong case":       `{"comment":"x","isolationtype":"Full"}`,
		"type a number":    `{"Comment":"x","IsolationType":1}`,
		"deeply nested":    `{"Comment":"x","IsolationType":"Full","n":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`,
		"invalid UTF-8":    "{\"Comment\":\"\xff\xfe\",\"IsolationType\":\"Full\"}",
		"a NUL after":      `{"Comment":"x","IsolationType":"Full"}` + "\x00",
	} {
		inputs = append(inputs, hostileInput{name: "body " + name, method: "POST", path: isolate, header: bearer(good), body: body, status: http.StatusBadRequest, created: true})
	}
	inputs = append(inputs,
		hostileInput{name: "body too large", method: "POST", path: isolate, header: bearer(good),
			body: `{"Comment":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, status: http.StatusRequestEntityTooLarge, created: true},
		hostileInput{name: "body as text/plain", method: "POST", path: isolate,
			header: map[string]string{"Authorization": "Bearer " + good, "Content-Type": "text/plain"}, body: valid, status: http.StatusUnsupportedMediaType, created: true})
	// Secrets where they do not belong.
	for name, in := range map[string]hostileInput{
		"access_token in the query":   {method: "GET", path: p.BasePath() + "/machines?access_token=" + good, canary: good},
		"X-Access-Token":              {method: "GET", path: p.BasePath() + "/machines", header: map[string]string{"X-Access-Token": "zq7w-campaign-secret"}, canary: "zq7w-campaign-secret"},
		"short raw Authorization":     {method: "GET", path: p.BasePath() + "/machines", header: map[string]string{"Authorization": "zq7w-short"}, canary: "zq7w-short"},
		"client_secret, mistyped URL": {method: "GET", path: "/" + h.s.TenantID() + "/oauth2/tokn?client_secret=zq7w-client-secret", canary: "zq7w-client-secret"},
		"subscription key":            {method: "GET", path: p.BasePath() + "/machines", header: map[string]string{"Ocp-Apim-Subscription-Key": "zq7w-subscription"}, canary: "zq7w-subscription"},
	} {
		in.name, in.status = "secret "+name, http.StatusUnauthorized
		if strings.Contains(in.path, "oauth2") {
			in.status = http.StatusNotFound
		}
		inputs = append(inputs, in)
	}
	// Web pages.
	inputs = append(inputs,
		hostileInput{name: "page: cross-origin text/plain fault", method: "POST", path: adminBase + "/faults",
			header: map[string]string{"Origin": "http://evil.example", "Content-Type": "text/plain"}, body: `{"status":503}`, status: http.StatusForbidden},
		hostileInput{name: "page: same-origin text/plain fault", method: "POST", path: adminBase + "/faults",
			header: map[string]string{"Content-Type": "text/plain"}, body: `{"status":503}`, status: http.StatusUnsupportedMediaType},
		hostileInput{name: "page: rebinding host", method: "POST", path: isolate,
			header: map[string]string{"Host": "evil.example", "Authorization": "Bearer " + good, "Content-Type": "application/json"}, body: valid, status: http.StatusMisdirectedRequest, created: true},
	)

	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), campaignBound)
			defer cancel()
			before := h.s.store.len()
			req, err := http.NewRequestWithContext(ctx, in.method, h.srv.URL+in.path, strings.NewReader(in.body))
			require.NoError(t, err)
			for k, v := range in.header {
				if k == "Host" {
					req.Host = v
					continue
				}
				req.Header.Set(k, v)
			}
			resp, err := h.srv.Client().Do(req)
			require.NoError(t, err, "answered within %s", campaignBound)
			resp.Body.Close()
			assert.Equal(t, in.status, resp.StatusCode)
			if in.created {
				assert.Equal(t, before, h.s.store.len(), "a refused input created an action")
			}
			if in.canary != "" {
				for _, log := range []string{"/violations", "/verdicts"} {
					r := h.call(http.MethodGet, adminBase+log, "", "", nil)
					assert.NotContains(t, string(r.body), in.canary, log)
				}
			}
		})
	}
	assert.Empty(t, h.s.Faults(), "no page queued a fault")
	r := h.isolate(p, m, valid)
	assert.Equal(t, http.StatusCreated, r.status, "after the campaign a normal isolate is still served: %s", r.body)
}
