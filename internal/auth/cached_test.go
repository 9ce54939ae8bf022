package auth

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestCachedKnowsOnlyVerifiedTokens(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	tok, err := f.issuer.Issue(f.principal(t, "machine-isolate"), Audiences(spec.Current)[0])
	require.NoError(t, err)
	_, ok := v.Cached(tok)
	require.False(t, ok, "a token never verified")
	want, err := v.Verify(tok)
	require.NoError(t, err)
	got, ok := v.Cached(tok)
	require.True(t, ok)
	require.Equal(t, want, got)
	_, ok = v.Cached(tok + "x")
	require.False(t, ok, "an altered token")
	f.clock.Set(want.ExpiresAt.Add(ClockSkew))
	_, ok = v.Cached(tok)
	require.False(t, ok, "an expired token")
	_, ok = f.verifier(t, -1, Audiences(spec.Current)...).Cached(tok)
	require.False(t, ok, "a verifier without a cache")
}
