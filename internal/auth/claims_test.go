package auth

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// signPayload signs an arbitrary payload with the issuer's own key and kid: only the claims
// can make such a token fail.
func signPayload(t *testing.T, f fixture, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	input := enc([]byte(`{"typ":"JWT","alg":"RS256","kid":"`+f.issuer.kid+`"}`)) + "." + enc([]byte(payload))
	sig, err := jwt.SigningMethodRS256.Sign(input, f.issuer.key)
	require.NoError(t, err)
	return input + "." + enc(sig)
}

// The claims of a token signed by the mock's own key are still checked: the tenant, exact
// claim names, and times that are JSON numbers.
func TestVerifyClaimsStrictly(t *testing.T) {
	f := newFixture(t)
	v, err := f.issuer.Verifier(Audiences(spec.Current)...)
	require.NoError(t, err)
	now := f.clock.Now().Unix()
	n := func(d int64) string { return strconv.FormatInt(now+d, 10) }
	claims := func(extra string) string {
		return `{"aud":"` + AudienceSecurityCenter + `","iss":"` + f.issuer.IssuerURL() + `","tid":"` + f.principals.TenantID() +
			`","appid":"a","oid":"o","iat":` + n(-60) + `,"nbf":` + n(-60) + `,"exp":` + n(3600) + extra + `}`
	}
	// The base token verifies, and its role grants Machine.Isolate.
	id, err := v.Verify(signPayload(t, f, claims(`,"roles":["Machine.Isolate"]`)))
	require.NoError(t, err)
	assert.True(t, id.HasPermission(PermissionMachineIsolate))

	for _, name := range []string{"ROLES", "Roles", "rOles"} {
		id, err := v.Verify(signPayload(t, f, claims(`,"`+name+`":["Machine.Isolate"]`)))
		require.NoError(t, err, name)
		assert.False(t, id.HasPermission(PermissionMachineIsolate), "%s grants nothing", name)
	}
	id, err = v.Verify(signPayload(t, f, strings.Replace(claims(`,"roles":[]`), `"appid"`, `"APPID":"x","appid"`, 1)))
	require.NoError(t, err)
	assert.Equal(t, "a", id.AppID)

	refused := map[string]struct {
		payload string
		want    error
	}{
		"another tenant":        {strings.Replace(claims(""), `"tid":"`+f.principals.TenantID(), `"tid":"`+otherTenantID, 1), ErrTenant},
		"no tenant":             {strings.Replace(claims(""), `"tid":"`+f.principals.TenantID()+`",`, "", 1), ErrTenant},
		"TID instead of tid":    {strings.Replace(claims(""), `"tid"`, `"TID"`, 1), ErrTenant},
		"exp a string":          {strings.Replace(claims(""), `"exp":`+n(3600), `"exp":"`+n(3600)+`"`, 1), ErrMalformed},
		"nbf a string":          {strings.Replace(claims(""), `"nbf":`+n(-60), `"nbf":"`+n(-60)+`"`, 1), ErrMalformed},
		"iat a string":          {strings.Replace(claims(""), `"iat":`+n(-60), `"iat":"`+n(-60)+`"`, 1), ErrMalformed},
		"exp null":              {strings.Replace(claims(""), `"exp":`+n(3600), `"exp":null`, 1), ErrMalformed},
		"EXP instead of exp":    {strings.Replace(claims(""), `"exp"`, `"EXP"`, 1), ErrMalformed},
		"a claim given twice":   {claims(`,"tid":"` + otherTenantID + `"`), ErrMalformed},
		"expired":               {strings.Replace(claims(""), `"exp":`+n(3600), `"exp":`+n(-3600), 1), ErrExpired},
		"Aud instead of aud":    {strings.Replace(claims(""), `"aud"`, `"Aud"`, 1), ErrAudience},
		"ISS instead of iss":    {strings.Replace(claims(""), `"iss"`, `"ISS"`, 1), ErrIssuer},
		"roles not an array":    {claims(`,"roles":"Machine.Isolate"`), ErrMalformed},
		"data after the claims": {claims("") + ` {}`, ErrMalformed},
	}
	for name, c := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := v.Verify(signPayload(t, f, c.payload))
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
		})
	}
}

// The header's names are exact too: "ALG" is no alg.
func TestVerifyHeaderNamesExact(t *testing.T) {
	f := newFixture(t)
	v, err := f.issuer.Verifier(Audiences(spec.Current)...)
	require.NoError(t, err)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	parts := strings.Split(tok, ".")
	enc := base64.RawURLEncoding.EncodeToString
	for _, h := range []string{`{"ALG":"RS256","kid":"` + f.issuer.kid + `"}`, `{"alg":"RS256","KID":"` + f.issuer.kid + `"}`} {
		_, err := v.Verify(enc([]byte(h)) + "." + parts[1] + "." + parts[2])
		require.Error(t, err, h)
	}
}

func TestUnverifiedReaders(t *testing.T) {
	f := newFixture(t)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)
	id, err := UnverifiedIdentity(tok)
	require.NoError(t, err)
	assert.Equal(t, f.principal(t, PrincipalMachineIsolate).AppID, id.AppID)
	assert.Equal(t, []string{AudienceSecurityCenter}, UnverifiedAudiences(tok))
	for _, bad := range []string{"", "a.b", "a.b.c", "eyJ9.eyJ9.x"} {
		_, err := UnverifiedIdentity(bad)
		assert.ErrorIs(t, err, ErrMalformed, bad)
		assert.Nil(t, UnverifiedAudiences(bad))
	}
	enc := base64.RawURLEncoding.EncodeToString
	id, err = UnverifiedIdentity(enc([]byte(`{}`)) + "." + enc([]byte(`{"Roles":["Machine.Isolate"],"appid":"x"}`)) + ".")
	require.NoError(t, err)
	assert.Empty(t, id.Roles)
}
