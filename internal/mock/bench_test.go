package mock

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/isoconform/isoconform/spec"
)

// BenchmarkIsolateExchange measures one full isolate exchange through Handler(): routing,
// JWT verification (the verifier caches a verified token, as a server would), authorization,
// request validation against the OpenAPI document, the store and the 201 MachineAction.
func BenchmarkIsolateExchange(b *testing.B) {
	for _, p := range spec.Profiles() {
		b.Run(string(p), func(b *testing.B) {
			s, err := New(Options{RateLimit: RateLimit{Disabled: true}})
			if err != nil {
				b.Fatal(err)
			}
			tok, err := s.Token(defaultRole(p), p)
			if err != nil {
				b.Fatal(err)
			}
			h := s.Handler()
			path := p.BasePath() + "/machines/" + s.Machines()[0].ID + "/isolate"
			body := []byte(`{"Comment":"Isolate machine due to alert 1234","IsolationType":"Full"}`)
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1"+path, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
