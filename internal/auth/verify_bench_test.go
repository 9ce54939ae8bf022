package auth

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// BenchmarkVerify compares a cache hit with a full RS256 verification.
func BenchmarkVerify(b *testing.B) {
	f := newFixture(b)
	tok, err := f.issuer.Issue(f.principal(b, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(b, err)
	for _, bc := range []struct {
		name      string
		cacheSize int
	}{{"cached", 0}, {"uncached", -1}} {
		b.Run(bc.name, func(b *testing.B) {
			v := f.verifier(b, bc.cacheSize, Audiences(spec.Current)...)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
