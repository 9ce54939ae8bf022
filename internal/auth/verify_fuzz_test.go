package auth

import (
	"errors"
	"testing"

	"github.com/isoconform/isoconform/spec"
)

// FuzzVerify checks that no input makes Verify panic or fail without one of
// the typed errors. The seeds run in every go test.
func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	v := fx.verifier(f, 0, Audiences(spec.Current)...)
	p := fx.principal(f, PrincipalMachineIsolate)
	for _, a := range Attacks() {
		tok, err := fx.issuer.Issue(p, AudienceSecurityCenter, a.Option)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tok)
	}
	f.Add("")
	f.Add("..")
	f.Add("e30.e30.")
	f.Add("eyJhbGciOiJSUzI1NiJ9.bnVsbA.")
	f.Fuzz(func(t *testing.T, token string) {
		_, err := v.Verify(token)
		if err == nil {
			return
		}
		for _, typed := range allErrors {
			if errors.Is(err, typed) {
				return
			}
		}
		t.Fatalf("untyped error %v", err)
	})
}
