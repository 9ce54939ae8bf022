package auth

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFixturePrincipals(t *testing.T) {
	ps, err := FixturePrincipals()
	require.NoError(t, err)
	assert.True(t, isGUID(ps.TenantID()))
	assert.Equal(t, []string{
		PrincipalGlobalAdministrator, PrincipalMachineIsolate, PrincipalMachineIsolateDelegated,
		PrincipalNoPermission, PrincipalNoRole, PrincipalRateLimit, PrincipalSecurityAdministrator,
	}, ps.Keys())

	tests := []struct {
		key   string
		kind  Kind
		roles []string
		scp   []string
		wids  []string
	}{
		{PrincipalSecurityAdministrator, KindUser, nil, nil, []string{RoleSecurityAdministrator, RoleDefaultUser}},
		{PrincipalGlobalAdministrator, KindUser, nil, nil, []string{RoleGlobalAdministrator, RoleDefaultUser}},
		{PrincipalNoRole, KindUser, nil, nil, []string{RoleSecurityReader}},
		{PrincipalMachineIsolate, KindApplication, []string{PermissionMachineIsolate, PermissionMachineReadAll, "Alert.Read.All"}, nil, nil},
		{PrincipalMachineIsolateDelegated, KindDelegated, nil, []string{PermissionMachineIsolate, PermissionMachineRead}, []string{RoleDefaultUser}},
		{PrincipalNoPermission, KindApplication, []string{PermissionMachineReadAll}, nil, nil},
		{PrincipalRateLimit, KindApplication, []string{PermissionMachineIsolate, PermissionMachineReadAll}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			p, ok := ps.Get(tt.key)
			require.True(t, ok)
			assert.Equal(t, tt.key, p.Key)
			assert.Equal(t, tt.kind, p.Kind)
			assert.Equal(t, tt.roles, p.Roles)
			assert.Equal(t, tt.scp, p.Scopes)
			assert.Equal(t, tt.wids, p.DirectoryRoles)
			assert.Equal(t, tt.kind == KindApplication, p.ClientSecret != "")
		})
	}
}

func TestPrincipalPrintingHidesSecret(t *testing.T) {
	ps, err := FixturePrincipals()
	require.NoError(t, err)
	p, _ := ps.Get(PrincipalMachineIsolate)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, p), p.ClientSecret, verb)
	}
}

func TestGetReturnsACopy(t *testing.T) {
	ps, err := FixturePrincipals()
	require.NoError(t, err)
	p, _ := ps.Get(PrincipalMachineIsolate)
	p.Roles[0] = "Tampered"
	q, _ := ps.Get(PrincipalMachineIsolate)
	assert.Equal(t, PermissionMachineIsolate, q.Roles[0])
	_, ok := ps.Get("nobody")
	assert.False(t, ok)
}

func TestLoadPrincipalsRejects(t *testing.T) {
	const tenant = `"tenantId":"04a50ac8-25e9-4d4f-bc3f-ad85fb612030"`
	const oid = `"objectId":"51b556e8-be51-4b7d-ad79-ad4616309722"`
	const app = `"appId":"531d0b75-b133-49ec-8659-ec6a112f8b0d"`
	tests := map[string]string{
		"not JSON":             `{`,
		"unknown field":        `{` + tenant + `,"principals":{},"extra":1}`,
		"tenant not a GUID":    `{"tenantId":"contoso","principals":{"a":{"kind":"user",` + oid + `,` + app + `,"upn":"a@b"}}}`,
		"no principals":        `{` + tenant + `,"principals":{}}`,
		"unknown kind":         `{` + tenant + `,"principals":{"a":{"kind":"robot",` + oid + `,` + app + `}}}`,
		"object id not a GUID": `{` + tenant + `,"principals":{"a":{"kind":"user","objectId":"x",` + app + `,"upn":"a@b"}}}`,
		"app without secret":   `{` + tenant + `,"principals":{"a":{"kind":"application",` + oid + `,` + app + `}}}`,
		"app with upn":         `{` + tenant + `,"principals":{"a":{"kind":"application",` + oid + `,` + app + `,"clientSecret":"s","upn":"a@b"}}}`,
		"user without upn":     `{` + tenant + `,"principals":{"a":{"kind":"user",` + oid + `,` + app + `}}}`,
		"user with scopes":     `{` + tenant + `,"principals":{"a":{"kind":"user",` + oid + `,` + app + `,"upn":"a@b","scopes":["x"]}}}`,
		"user with secret":     `{` + tenant + `,"principals":{"a":{"kind":"user",` + oid + `,` + app + `,"upn":"a@b","clientSecret":"s"}}}`,
		"delegated, no scopes": `{` + tenant + `,"principals":{"a":{"kind":"delegated",` + oid + `,` + app + `,"upn":"a@b"}}}`,
		"wids not GUIDs":       `{` + tenant + `,"principals":{"a":{"kind":"user",` + oid + `,` + app + `,"upn":"a@b","wids":["admin"]}}}`,
		"two apps, one appId":  `{` + tenant + `,"principals":{"a":{"kind":"application",` + oid + `,` + app + `,"clientSecret":"s"},"b":{"kind":"application",` + oid + `,` + app + `,"clientSecret":"t"}}}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := LoadPrincipals([]byte(doc))
			assert.Error(t, err)
		})
	}
}
