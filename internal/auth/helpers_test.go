package auth

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testStart is the fake clock's initial time.
var testStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a settable, concurrency-safe clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: testStart} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fixture bundles an issuer on a fake clock and the fixture principals.
type fixture struct {
	clock      *fakeClock
	issuer     *Issuer
	principals *Principals
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	ps, err := FixturePrincipals()
	require.NoError(t, err)
	clock := newFakeClock()
	iss, err := NewIssuer(ps.TenantID(), clock.Now)
	require.NoError(t, err)
	return fixture{clock: clock, issuer: iss, principals: ps}
}

func (f fixture) principal(t testing.TB, key string) Principal {
	t.Helper()
	p, ok := f.principals.Get(key)
	require.True(t, ok, "no fixture principal %q", key)
	return p
}

func (f fixture) verifier(t testing.TB, cacheSize int, audiences ...string) *Verifier {
	t.Helper()
	v, err := NewVerifier(VerifierConfig{
		Issuer:    f.issuer.IssuerURL(),
		Audiences: audiences,
		Keys:      f.issuer.PublicKeys(),
		Now:       f.clock.Now,
		CacheSize: cacheSize,
	})
	require.NoError(t, err)
	return v
}

// decodeSegment returns segment i (0 header, 1 payload) of a JWT as a map.
func decodeSegment(t testing.TB, token string, i int) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	raw, err := base64.RawURLEncoding.DecodeString(parts[i])
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}
