package mock

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/isoconform/isoconform/spec"
)

// TestValidBodiesStillRefuseWhatIsInvalid sends a valid body twice (the second skips the
// body's schema validation), then what must still be refused: another body, the same body as
// another content type, and the same body to the other profile's operation.
func TestValidBodiesStillRefuseWhatIsInvalid(t *testing.T) {
	s, err := New(Options{RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	machine := s.Machines()[0].ID
	send := func(p spec.Profile, contentType, body string) int {
		tok, err := s.Token(defaultRole(p), p)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1"+p.BasePath()+"/machines/"+machine+"/isolate", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	unmanaged := `{"Comment":"c","IsolationType":"UnManagedDevice"}`
	for _, c := range []struct {
		p           spec.Profile
		contentType string
		body        string
		want        int
	}{
		{spec.Current, "application/json", unmanaged, 201},
		{spec.Current, "application/json", unmanaged, 201},
		{spec.Current, "text/plain", unmanaged, 415},
		{spec.Preview2017, "application/json", unmanaged, 400}, // no UnManagedDevice in 2017
		{spec.Current, "application/json", `{"Comment":"c","IsolationType":"full"}`, 400},
		{spec.Current, "application/json", `{"comment":"c"}`, 400},
	} {
		if got := send(c.p, c.contentType, c.body); got != c.want {
			t.Errorf("%s %s %s: %d, want %d", c.p, c.contentType, c.body, got, c.want)
		}
	}
	if n := len(s.Violations()); n != 4 {
		t.Errorf("%d violations recorded, want 4 (one per refused request)", n)
	}
}

func TestValidBodiesAreBounded(t *testing.T) {
	c := newValidBodies()
	op := &openapi3.Operation{}
	for i := range maxValidBodies + 10 {
		c.add(op, "application/json", []byte(ExtraMachineID(i)))
	}
	if len(c.known) > maxValidBodies {
		t.Fatalf("%d bodies remembered, bound %d", len(c.known), maxValidBodies)
	}
	big := make([]byte, maxValidBodySize+1)
	c.add(op, "application/json", big)
	if c.has(op, "application/json", big) {
		t.Fatal("a body over maxValidBodySize was remembered")
	}
}
