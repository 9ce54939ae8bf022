package auth

import (
	"encoding/base64"
	"strings"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestCachedTokenStillExpires(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	id, err := v.Verify(tok)
	require.NoError(t, err)
	require.Equal(t, 1, v.cache.len())

	f.clock.Set(id.ExpiresAt.Add(ClockSkew))
	_, err = v.Verify(tok)
	assertTypedError(t, err, ErrExpired, tok)
	assert.Equal(t, 0, v.cache.len(), "the expired entry is dropped")
}

func TestForgedTwinIsNotServedFromCache(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	_, err = v.Verify(tok)
	require.NoError(t, err)

	// The same header and claims, signed with another key.
	other, err := f.issuer.foreign()
	require.NoError(t, err)
	input := tok[:strings.LastIndex(tok, ".")]
	sig, err := jwt.SigningMethodRS256.Sign(input, other)
	require.NoError(t, err)
	forged := input + "." + base64.RawURLEncoding.EncodeToString(sig)
	require.NotEqual(t, tok, forged)

	_, err = v.Verify(forged)
	assertTypedError(t, err, ErrSignature, forged)
	_, err = v.Verify(tok)
	assert.NoError(t, err, "the genuine token is still good")
}

func TestCacheIsBoundedAndEvictsOldest(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 2, Audiences(spec.Current)...)
	p := f.principal(t, PrincipalMachineIsolate)
	var toks []string
	for range 3 {
		tok, err := f.issuer.Issue(p, AudienceSecurityCenter)
		require.NoError(t, err)
		_, err = v.Verify(tok)
		require.NoError(t, err)
		toks = append(toks, tok)
	}
	assert.Equal(t, 2, v.cache.len())
	now := f.clock.Now()
	_, ok := v.cache.get(cacheKey(toks[0]), now, ClockSkew)
	assert.False(t, ok, "the oldest entry was evicted")
	for _, tok := range toks[1:] {
		_, ok := v.cache.get(cacheKey(tok), now, ClockSkew)
		assert.True(t, ok)
	}
}

func TestCacheDisabled(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, -1, Audiences(spec.Current)...)
	assert.Nil(t, v.cache)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	_, err = v.Verify(tok)
	assert.NoError(t, err)
}

func TestCachedIdentityCannotBeMutated(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	id, err := v.Verify(tok)
	require.NoError(t, err)
	id.Roles[0] = "Tampered"
	id, err = v.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, PermissionMachineIsolate, id.Roles[0])
}

func TestVerifyConcurrently(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 4, Audiences(spec.Current)...)
	var toks []string
	for _, key := range []string{PrincipalMachineIsolate, PrincipalNoPermission, PrincipalRateLimit, PrincipalMachineIsolateDelegated, PrincipalSecurityAdministrator} {
		tok, err := f.issuer.Issue(f.principal(t, key), AudienceSecurityCenter)
		require.NoError(t, err)
		toks = append(toks, tok)
	}
	bad, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter, Expired())
	require.NoError(t, err)

	var wg sync.WaitGroup
	errs := make(chan error, 8*50)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				tok := toks[(g+i)%len(toks)]
				if _, err := v.Verify(tok); err != nil {
					errs <- err
				}
				if _, err := v.Verify(bad); err == nil {
					errs <- assert.AnError
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.LessOrEqual(t, v.cache.len(), 4)
}
