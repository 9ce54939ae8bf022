package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/spec"
)

// panicCounter is a slog handler that counts the mock's panic reports.
type panicCounter struct{ n atomic.Int64 }

func (c *panicCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }
func (c *panicCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "mock: panic" {
		c.n.Add(1)
	}
	return nil
}
func (c *panicCounter) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *panicCounter) WithGroup(string) slog.Handler      { return c }

var fuzzMethods = []string{http.MethodPost, http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions}

// FuzzHandler sends arbitrary requests to both profiles: the handler must never panic, and
// every non-2xx answer of the faithful server must be the JSON error envelope. The second
// server commits every deviation at once and must merely never panic.
func FuzzHandler(f *testing.F) {
	for _, name := range fixtures.RequestNames() {
		body, err := fixtures.Request(name)
		if err != nil {
			f.Fatal(err)
		}
		for i, p := range []string{"/testwdatppreview", "/api", "/api/v1.0"} {
			f.Add(uint8(0), uint8(i), p+"/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate", "", "application/json", uint8(1), "", body)
		}
	}
	f.Add(uint8(1), uint8(1), "/api/machineactions", "$filter=machineId eq 'x' and id ne ''&$top=2&$skip=1", "", uint8(1), "", []byte(nil))
	f.Add(uint8(1), uint8(0), "/testwdatppreview/machineactions/%2F..%2F", "", "", uint8(1), "", []byte(nil))
	f.Add(uint8(0), uint8(2), "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/unisolate", "", "text/plain", uint8(4), "Bearer x.y.z", []byte(`{"Comment":"x"}`))
	f.Add(uint8(2), uint8(3), "/_isoconform/violations", "", "", uint8(0), "", []byte(nil))
	var panics panicCounter
	logger := slog.New(&panics)
	var all []string
	for _, d := range Catalogue() {
		all = append(all, d.Name)
	}
	faithful, err := New(Options{Logger: logger, MaxActions: 1000, RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		f.Fatal(err)
	}
	deviant, err := New(Options{Logger: logger, MaxActions: 1000, Deviations: all})
	if err != nil {
		f.Fatal(err)
	}
	tokens := map[*Server]map[[2]uint8]string{faithful: fuzzTokens(f, faithful), deviant: fuzzTokens(f, deviant)}
	// Trailing data after the body's value.
	isolate := "/api/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate"
	for _, body := range []string{`{"Comment":"x","IsolationType":"Selective"} trailing-garbage`,
		`{"Comment":"x"}{"Comment":"y"}`, `{"Comment":"x","IsolationType":"Full"}]]]`, `{"Comment":"x"}` + "\x00"} {
		f.Add(uint8(0), uint8(1), isolate, "", "application/json", uint8(1), "", []byte(body))
	}
	// A token where it does not belong, plain and escaped: the violation log must not keep it
	// (authSel 1 puts the valid token in Authorization; the fuzzer moves and escapes it).
	tok := tokens[faithful][[2]uint8{1, 1}]
	for _, q := range []string{"access_token=" + tok, "access_token=" + url.QueryEscape(tok), "client_secret=s3cr3t-value"} {
		f.Add(uint8(1), uint8(1), "/api/machines", q, "", uint8(0), "", []byte(nil))
	}
	f.Add(uint8(0), uint8(1), isolate, "", "application/json", uint8(1), "", []byte(`{"Comment":"`+strings.ReplaceAll(tok, ".", `\u002e`)+`","IsolationType":"Partial"}`))
	f.Add(uint8(0), uint8(1), isolate, "", "application/json", uint8(4), "s3cr3t-short", []byte(`{"Comment":"x"}`))
	f.Add(uint8(0), uint8(1), isolate, "", "application/json", uint8(1), "", []byte(`{"Comment":"x","access_token":"`+strings.ReplaceAll(tok, "/", `\/`)+`"}`))

	f.Fuzz(func(t *testing.T, method, server uint8, path, query, contentType string, authSel uint8, rawAuth string, body []byte) {
		s := faithful
		if server%4 == 3 {
			s = deviant
		}
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/", bytes.NewReader(body))
		req.Method = fuzzMethods[int(method)%len(fuzzMethods)]
		req.URL = &url.URL{Path: path, RawQuery: query}
		req.RequestURI = req.URL.RequestURI()
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		profile := uint8(0)
		if strings.HasPrefix(path, "/api") {
			profile = 1
		}
		switch sel := authSel % 5; sel {
		case 1, 2, 3: // a valid, a powerless and an expired token of the path's profile
			req.Header.Set("Authorization", "Bearer "+tokens[s][[2]uint8{profile, sel}])
		case 4:
			req.Header.Set("Authorization", rawAuth)
		}
		rec := httptest.NewRecorder()
		before := panics.n.Load()
		s.Handler().ServeHTTP(rec, req)
		if panics.n.Load() != before {
			t.Fatalf("the handler panicked on %s %q", req.Method, path)
		}
		if s == faithful {
			// No valid token, wherever the request put it, is kept in the violation log.
			logged, _ := json.Marshal(s.Violations())
			for _, tok := range tokens[s] {
				// the signature segment: no escaping of the dots hides it
				if bytes.Contains(logged, []byte(tok[strings.LastIndexByte(tok, '.')+1:])) {
					t.Fatalf("%s %q: a token is in the violation log", req.Method, path)
				}
			}
			s.ClearViolations()
		}
		if s == deviant || isTokenEndpoint(path) || (rec.Code >= 200 && rec.Code < 300) {
			return
		}
		if mt := mediaTypeOf(rec.Header().Get("Content-Type")); mt != "application/json" {
			t.Fatalf("%s %q -> %d with Content-Type %q: %s", req.Method, path, rec.Code, mt, rec.Body.Bytes())
		}
		var env struct {
			Error map[string]*string `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
			t.Fatalf("%s %q -> %d, not JSON: %s", req.Method, path, rec.Code, rec.Body.Bytes())
		}
		for _, k := range []string{"code", "message", "target"} {
			if v := env.Error[k]; v == nil || (k == "code" && *v == "") {
				t.Fatalf("%s %q -> %d without error.%s: %s", req.Method, path, rec.Code, k, rec.Body.Bytes())
			}
		}
	})
}

// fuzzTokens mints, per profile (0 preview, 1 current), a valid token of the principal allowed
// to isolate (1), of a principal without the role or permission (2) and an expired one (3).
func fuzzTokens(f *testing.F, s *Server) map[[2]uint8]string {
	out := map[[2]uint8]string{}
	for i, p := range spec.Profiles() {
		weak := "no-role"
		if p == spec.Current {
			weak = "no-permission"
		}
		for sel, role := range map[uint8]string{1: defaultRole(p), 2: weak} {
			tok, err := s.Token(role, p)
			if err != nil {
				f.Fatal(err)
			}
			out[[2]uint8{uint8(i), sel}] = tok
		}
		tok, err := s.AttackToken("expired", p)
		if err != nil {
			f.Fatal(err)
		}
		out[[2]uint8{uint8(i), 3}] = tok
	}
	return out
}
