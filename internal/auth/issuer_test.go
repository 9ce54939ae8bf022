package auth

import (
	"crypto/sha1"
	"crypto/x509"
	"encoding/base64"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewIssuerRejectsBadTenant(t *testing.T) {
	_, err := NewIssuer("contoso", nil)
	assert.Error(t, err)
}

func TestIssueHeader(t *testing.T) {
	f := newFixture(t)
	tok, err := f.issuer.Issue(f.principal(t, PrincipalMachineIsolate), AudienceSecurityCenter)
	require.NoError(t, err)

	der, err := x509.MarshalPKIXPublicKey(f.issuer.PublicKeys()[f.issuer.KeyID()])
	require.NoError(t, err)
	sum := sha1.Sum(der)
	kid := base64.RawURLEncoding.EncodeToString(sum[:])

	assert.Equal(t, map[string]any{"typ": "JWT", "alg": "RS256", "kid": kid, "x5t": kid}, decodeSegment(t, tok, 0))
}

func TestIssueClaims(t *testing.T) {
	f := newFixture(t)
	now := f.clock.Now().Unix()
	tid := f.principals.TenantID()
	tests := []struct {
		key      string
		audience string
		want     map[string]any // claims that must have exactly these values
		absent   []string
	}{
		{
			key: PrincipalMachineIsolate, audience: AudienceSecurityCenter,
			want: map[string]any{
				"appid": "c4162d51-1040-440f-8257-55550873c839", "appidacr": "1",
				"oid": "5e3fd2a6-d6f0-40df-8c4d-a3575b376cdf", "sub": "5e3fd2a6-d6f0-40df-8c4d-a3575b376cdf",
				"roles":           []any{"Machine.Isolate", "Machine.Read.All", "Alert.Read.All"},
				"app_displayname": "isoconform machine-isolate (fixture)",
				"idp":             "https://sts.windows.net/" + tid + "/",
			},
			absent: []string{"scp", "wids", "upn", "unique_name", "name"},
		},
		{
			key: PrincipalMachineIsolateDelegated, audience: AudienceSecurityCenter,
			want: map[string]any{
				"appidacr": "0", "scp": "Machine.Isolate Machine.Read",
				"upn": "analyst@contoso.example", "unique_name": "analyst@contoso.example",
				"name": "Delegated Analyst (fixture)", "wids": []any{RoleDefaultUser},
			},
			absent: []string{"roles", "app_displayname"},
		},
		{
			key: PrincipalSecurityAdministrator, audience: AudienceGraph,
			want: map[string]any{
				"appidacr": "0", "upn": "secadmin@contoso.example",
				"wids": []any{RoleSecurityAdministrator, RoleDefaultUser},
			},
			absent: []string{"roles", "scp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			p := f.principal(t, tt.key)
			tok, err := f.issuer.Issue(p, tt.audience)
			require.NoError(t, err)
			c := decodeSegment(t, tok, 1)
			assert.Equal(t, tt.audience, c["aud"])
			assert.Equal(t, "https://sts.windows.net/"+tid+"/", c["iss"])
			assert.Equal(t, float64(now-300), c["iat"])
			assert.Equal(t, float64(now-300), c["nbf"])
			assert.Equal(t, float64(now+3600), c["exp"])
			assert.Equal(t, tid, c["tid"])
			assert.Equal(t, p.ObjectID, c["oid"])
			assert.Equal(t, p.AppID, c["appid"])
			assert.Equal(t, "1.0", c["ver"])
			assert.NotEmpty(t, c["uti"])
			assert.NotEmpty(t, c["sub"])
			for k, v := range tt.want {
				assert.Equal(t, v, c[k], k)
			}
			for _, k := range tt.absent {
				assert.NotContains(t, c, k)
			}
		})
	}
}

func TestIssueUniqueTokenIDs(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, PrincipalMachineIsolate)
	a, err := f.issuer.Issue(p, AudienceSecurityCenter)
	require.NoError(t, err)
	b, err := f.issuer.Issue(p, AudienceSecurityCenter)
	require.NoError(t, err)
	assert.NotEqual(t, decodeSegment(t, a, 1)["uti"], decodeSegment(t, b, 1)["uti"])
}

func TestIssueRejectsUnknownKind(t *testing.T) {
	f := newFixture(t)
	_, err := f.issuer.Issue(Principal{Key: "x", Kind: "robot"}, AudienceSecurityCenter)
	assert.Error(t, err)
}

func TestAttackTokenShapes(t *testing.T) {
	f := newFixture(t)
	p := f.principal(t, PrincipalMachineIsolate)
	now := f.clock.Now()
	issue := func(opt Option) string {
		tok, err := f.issuer.Issue(p, AudienceSecurityCenter, opt)
		require.NoError(t, err)
		return tok
	}

	c := decodeSegment(t, issue(Expired()), 1)
	assert.Less(t, c["exp"], float64(now.Add(-ClockSkew).Unix()), "expired well beyond the skew")

	c = decodeSegment(t, issue(NotYetValid()), 1)
	assert.Greater(t, c["nbf"], float64(now.Add(ClockSkew).Unix()), "not valid well beyond the skew")

	tok := issue(AlgNone())
	assert.Equal(t, "none", decodeSegment(t, tok, 0)["alg"])
	assert.Equal(t, byte('.'), tok[len(tok)-1], "empty signature")

	assert.Equal(t, "HS256", decodeSegment(t, issue(HS256PublicKey()), 0)["alg"])
	assert.NotContains(t, decodeSegment(t, issue(MissingKID()), 0), "kid")
	assert.Equal(t, f.issuer.KeyID(), decodeSegment(t, issue(ForeignKey()), 0)["kid"])
	assert.NotEqual(t, f.issuer.KeyID(), decodeSegment(t, issue(UnknownKID()), 0)["kid"])

	c = decodeSegment(t, issue(WithoutRoles()), 1)
	assert.NotContains(t, c, "roles")

	c = decodeSegment(t, issue(WrongIssuer()), 1)
	assert.NotEqual(t, f.issuer.IssuerURL(), c["iss"])

	nbf, exp := now.Add(-time.Minute), now.Add(time.Minute)
	c = decodeSegment(t, issue(ValidBetween(nbf, exp)), 1)
	assert.Equal(t, float64(nbf.Unix()), c["nbf"])
	assert.Equal(t, float64(exp.Unix()), c["exp"])
}
