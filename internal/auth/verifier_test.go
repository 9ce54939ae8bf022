package auth

import (
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// allErrors are the typed verification errors; each failure wraps exactly one.
var allErrors = []error{ErrMissing, ErrMalformed, ErrExpired, ErrNotYetValid, ErrSignature, ErrAudience, ErrIssuer, ErrAlgorithm}

// assertTypedError checks that err wraps want and no other typed error, and
// that its text holds no part of the token.
func assertTypedError(t *testing.T, err error, want error, token string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, want)
	for _, other := range allErrors {
		if other != want {
			assert.NotErrorIs(t, err, other)
		}
	}
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 8 {
			assert.NotContains(t, err.Error(), part, "error text quotes the token")
		}
	}
}

func TestVerifyHappyPath(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		key        string
		audience   string
		kind       Kind
		requestor  string
		isolate    bool // HasPermission(Machine.Isolate)
		adminRoles bool // HasDirectoryRole(Security Administrator, Global Administrator)
	}{
		{PrincipalSecurityAdministrator, AudienceGraph, KindUser, "secadmin@contoso.example", false, true},
		{PrincipalGlobalAdministrator, AudienceGraph, KindUser, "globaladmin@contoso.example", false, true},
		{PrincipalNoRole, AudienceGraph, KindUser, "secreader@contoso.example", false, false},
		{PrincipalMachineIsolate, AudienceSecurityCenter, KindApplication, "isoconform machine-isolate (fixture)", true, false},
		{PrincipalMachineIsolateDelegated, AudienceSecurityCenter, KindDelegated, "analyst@contoso.example", true, false},
		{PrincipalNoPermission, AudienceSecurity, KindApplication, "isoconform no-permission (fixture)", false, false},
		{PrincipalRateLimit, AudienceWindowsDefenderATP, KindApplication, "isoconform rate-limit (fixture)", true, false},
	}
	for _, cacheSize := range []int{-1, 0} {
		preview := f.verifier(t, cacheSize, Audiences(spec.Preview2017)...)
		current := f.verifier(t, cacheSize, Audiences(spec.Current)...)
		for _, tt := range tests {
			t.Run(tt.key, func(t *testing.T) {
				p := f.principal(t, tt.key)
				tok, err := f.issuer.Issue(p, tt.audience)
				require.NoError(t, err)
				v := current
				if tt.audience == AudienceGraph {
					v = preview
				}
				for range 2 { // the second call is served from the cache when enabled
					id, err := v.Verify(tok)
					require.NoError(t, err)
					assert.Equal(t, tt.kind, id.Kind)
					assert.Equal(t, tt.requestor, id.Requestor())
					assert.Equal(t, tt.isolate, id.HasPermission(PermissionMachineIsolate))
					assert.Equal(t, tt.adminRoles, id.HasDirectoryRole(RoleSecurityAdministrator, RoleGlobalAdministrator))
					assert.Equal(t, p.ObjectID, id.ObjectID)
					assert.Equal(t, p.AppID, id.AppID)
					assert.Equal(t, f.principals.TenantID(), id.TenantID)
					assert.Equal(t, tt.audience, id.Audience)
					assert.Equal(t, f.clock.Now().Add(time.Hour), id.ExpiresAt)
				}
			})
		}
	}
}

func TestVerifyAttacks(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	for _, key := range []string{PrincipalMachineIsolate, PrincipalMachineIsolateDelegated, PrincipalSecurityAdministrator} {
		p := f.principal(t, key)
		for _, a := range Attacks() {
			t.Run(key+"/"+a.Name, func(t *testing.T) {
				tok, err := f.issuer.Issue(p, AudienceSecurityCenter, a.Option)
				require.NoError(t, err)
				id, err := v.Verify(tok)
				if a.Want == nil {
					require.NoError(t, err)
					assert.False(t, id.HasPermission(PermissionMachineIsolate))
					assert.False(t, id.HasDirectoryRole(RoleSecurityAdministrator, RoleGlobalAdministrator))
					assert.Empty(t, id.Roles)
					assert.Empty(t, id.Scopes)
					assert.Empty(t, id.DirectoryRoles)
					return
				}
				assertTypedError(t, err, a.Want, tok)
				assert.Equal(t, Identity{}, id)
			})
		}
	}
}

func TestVerifyAudienceAndProfile(t *testing.T) {
	f := newFixture(t)
	preview := f.verifier(t, 0, Audiences(spec.Preview2017)...)
	current := f.verifier(t, 0, Audiences(spec.Current)...)
	p := f.principal(t, PrincipalSecurityAdministrator)
	tests := []struct {
		audience string
		v        *Verifier
		want     error
	}{
		{AudienceGraph, preview, nil},
		{AudienceGraph, current, ErrAudience},
		{AudienceSecurityCenter, preview, ErrAudience},
		{AudienceSecurityCenter, current, nil},
		{AudienceSecurity, current, nil},
		{AudienceWindowsDefenderATP, current, nil},
		// The 2018 documents' ADAL sample asks for the resource with a trailing slash, which a
		// v1 token keeps in aud: the service the documents describe accepts it.
		{AudienceSecurityCenter + "/", current, nil},
		{AudienceSecurityCenter + "//", current, ErrAudience},
		{AudienceWindowsATPService, current, nil},
		{AudienceWindowsATPService, preview, ErrAudience},
		{AudienceAzureADGraph, current, ErrAudience},
		{"", current, ErrAudience},
	}
	for _, tt := range tests {
		tok, err := f.issuer.Issue(p, tt.audience)
		require.NoError(t, err)
		_, err = tt.v.Verify(tok)
		if tt.want == nil {
			assert.NoError(t, err, tt.audience)
		} else {
			assertTypedError(t, err, tt.want, tok)
		}
	}
}

func TestVerifyLeewayEdges(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, PrincipalMachineIsolate)
	issued := f.clock.Now()
	tok, err := f.issuer.Issue(p, AudienceSecurityCenter)
	require.NoError(t, err)
	nbf, exp := issued.Add(-backdate), issued.Add(tokenLifetime)
	tests := []struct {
		name string
		at   time.Time
		want error
	}{
		{"at exp", exp, nil},
		{"skew minus 1 s after exp", exp.Add(ClockSkew - time.Second), nil},
		{"skew after exp", exp.Add(ClockSkew), ErrExpired},
		{"at nbf", nbf, nil},
		{"skew before nbf", nbf.Add(-ClockSkew), nil},
		{"skew plus 1 s before nbf", nbf.Add(-ClockSkew - time.Second), ErrNotYetValid},
	}
	for _, cacheSize := range []int{-1, 0} {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				v := f.verifier(t, cacheSize, Audiences(spec.Current)...)
				if cacheSize == 0 { // warm the cache at issue time
					f.clock.Set(issued)
					_, err := v.Verify(tok)
					require.NoError(t, err)
				}
				f.clock.Set(tt.at)
				_, err := v.Verify(tok)
				if tt.want == nil {
					assert.NoError(t, err)
				} else {
					assertTypedError(t, err, tt.want, tok)
				}
			})
		}
	}
}

func TestVerifyMalformedInput(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	good, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	rs256 := b64([]byte(`{"alg":"RS256","kid":"` + f.issuer.KeyID() + `"}`))
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", ErrMissing},
		{"one segment", "abcdefghijk", ErrMalformed},
		{"two segments", parts[0] + "." + parts[1], ErrMalformed},
		{"four segments", good + ".x", ErrMalformed},
		{"header not base64", "!!!." + parts[1] + "." + parts[2], ErrMalformed},
		{"header not JSON", b64([]byte("nope")) + "." + parts[1] + "." + parts[2], ErrMalformed},
		{"header alg a number", b64([]byte(`{"alg":1}`)) + "." + parts[1] + "." + parts[2], ErrMalformed},
		{"header without alg", b64([]byte(`{"kid":"x"}`)) + "." + parts[1] + "." + parts[2], ErrAlgorithm},
		{"alg RS512", b64([]byte(`{"alg":"RS512","kid":"`+f.issuer.KeyID()+`"}`)) + "." + parts[1] + "." + parts[2], ErrAlgorithm},
		{"alg lower case", b64([]byte(`{"alg":"rs256","kid":"`+f.issuer.KeyID()+`"}`)) + "." + parts[1] + "." + parts[2], ErrAlgorithm},
		{"payload not base64", parts[0] + ".!!!." + parts[2], ErrMalformed},
		{"payload not JSON", rs256 + "." + b64([]byte("[")) + "." + parts[2], ErrMalformed},
		{"signature not base64", parts[0] + "." + parts[1] + ".!!!", ErrMalformed},
		{"signature swapped payload", parts[0] + "." + b64([]byte(`{"aud":"x"}`)) + "." + parts[2], ErrSignature},
		{"signature empty", parts[0] + "." + parts[1] + ".", ErrSignature},
		{"too long", strings.Repeat("a", maxTokenLength+1), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id Identity
			require.NotPanics(t, func() { id, err = v.Verify(tt.token) })
			assertTypedError(t, err, tt.want, tt.token)
			assert.Equal(t, Identity{}, id)
		})
	}
}

func TestVerifyRequiresExp(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	noExp := func(t *issueTemplate) { t.claims.ExpiresAt = nil }
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter, noExp)
	require.NoError(t, err)
	_, err = v.Verify(tok)
	assertTypedError(t, err, ErrMalformed, tok)
}

func TestVerifyArrayAudience(t *testing.T) {
	f := newFixture(t)
	v := f.verifier(t, 0, Audiences(spec.Current)...)
	twoAud := func(t *issueTemplate) { t.claims.Audience = audienceClaim{"other", AudienceSecurity} }
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter, twoAud)
	require.NoError(t, err)
	id, err := v.Verify(tok)
	require.NoError(t, err)
	assert.Equal(t, AudienceSecurity, id.Audience)
}

func TestNewVerifierRejectsBadConfig(t *testing.T) {
	f := newFixture(t)
	good := VerifierConfig{Issuer: f.issuer.IssuerURL(), Audiences: Audiences(spec.Current), Keys: f.issuer.PublicKeys()}
	_, err := NewVerifier(good)
	require.NoError(t, err)
	tests := map[string]func(*VerifierConfig){
		"no issuer":      func(c *VerifierConfig) { c.Issuer = "" },
		"no audiences":   func(c *VerifierConfig) { c.Audiences = nil },
		"empty audience": func(c *VerifierConfig) { c.Audiences = []string{""} },
		"no keys":        func(c *VerifierConfig) { c.Keys = nil },
		"nil key":        func(c *VerifierConfig) { c.Keys = map[string]*rsa.PublicKey{"k": nil} },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := good
			mutate(&cfg)
			_, err := NewVerifier(cfg)
			assert.Error(t, err)
		})
	}
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header string
		want   string
		err    error
	}{
		{"", "", ErrMissing},
		{"   ", "", ErrMissing},
		{"Basic dXNlcjpwYXNz", "", ErrMissing},
		{"Bearer", "", ErrMalformed},
		{"Bearer   ", "", ErrMalformed},
		{"Bearer abc.def.ghi", "abc.def.ghi", nil},
		{"bearer abc.def.ghi", "abc.def.ghi", nil},
		{"BEARER  abc.def.ghi ", "abc.def.ghi", nil},
	}
	for _, tt := range tests {
		got, err := BearerToken(tt.header)
		assert.Equal(t, tt.want, got, tt.header)
		if tt.err == nil {
			assert.NoError(t, err, tt.header)
		} else {
			assert.ErrorIs(t, err, tt.err, tt.header)
		}
	}
}

func TestErrorsAreDistinct(t *testing.T) {
	for i, a := range allErrors {
		for j, b := range allErrors {
			assert.Equal(t, i == j, errors.Is(a, b))
		}
	}
}
