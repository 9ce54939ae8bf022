package spec

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFullDocumentValidates(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err, "kin-openapi must report zero errors")
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	for key, item := range doc.Paths.Map() {
		p := profileOf(item)
		require.NotEmpty(t, p, "%s has no %s", key, ProfileExtension)
		assert.True(t, strings.HasPrefix(key, p.BasePath()+"/"), "%s is not under %s", key, p.BasePath())
	}
}

func TestLoadRewritesServersToRelativeBasePaths(t *testing.T) {
	for _, p := range Profiles() {
		doc, err := Load(context.Background(), p)
		require.NoError(t, err)
		var urls []string
		for _, s := range doc.Servers {
			urls = append(urls, s.URL)
		}
		assert.Equal(t, p.BasePaths(), urls, p)
		for key := range doc.Paths.Map() {
			assert.False(t, strings.HasPrefix(key, p.BasePath()+"/"), "%s still carries its base path", key)
		}
	}
}

func TestLoadRejectsUnknownProfile(t *testing.T) {
	_, err := Load(context.Background(), Profile("v2"))
	assert.ErrorContains(t, err, "unknown profile")
}

func TestRouterMatchesAnyHost(t *testing.T) {
	cases := []struct {
		profile Profile
		method  string
		url     string
		opID    string
	}{
		{Preview2017, http.MethodPost, "http://127.0.0.1:4000/testwdatppreview/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate", "isolateMachinePreview"},
		{Preview2017, http.MethodGet, "https://graph.microsoft.com/testwdatppreview/machineactions/b89eb834-4578-496c-8be0-03f004061435", "getMachineActionPreview"},
		{Current, http.MethodPost, "http://localhost/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate", "isolateMachine"},
		{Current, http.MethodPost, "http://localhost/api/v1.0/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/unisolate", "unisolateMachine"},
		{Current, http.MethodGet, "http://localhost/api/machineactions", "listMachineActions"},
	}
	routers := map[Profile]func(*http.Request) (string, error){}
	for _, p := range Profiles() {
		doc, err := Load(context.Background(), p)
		require.NoError(t, err)
		r, err := gorillamux.NewRouter(doc)
		require.NoError(t, err)
		routers[p] = func(req *http.Request) (string, error) {
			route, _, err := r.FindRoute(req)
			if err != nil {
				return "", err
			}
			return route.Operation.OperationID, nil
		}
	}
	for _, c := range cases {
		got, err := routers[c.profile](httptest.NewRequest(c.method, c.url, nil))
		require.NoError(t, err, c.url)
		assert.Equal(t, c.opID, got, c.url)
	}
	_, err := routers[Current](httptest.NewRequest(http.MethodPost, "http://localhost/testwdatppreview/machines/x/isolate", nil))
	assert.Error(t, err, "the current document must not route preview paths")
	_, err = routers[Preview2017](httptest.NewRequest(http.MethodGet, "http://localhost/testwdatppreview/machines/x/isolate", nil))
	assert.Error(t, err, "GET is not an operation of the isolate path")
}

func TestEveryOperationSaysWhoMayCallIt(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	for key, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			a, err := OperationAuthorization(op)
			require.NoError(t, err, "%s %s", method, key)
			if profileOf(item) == Preview2017 {
				assert.NotEmpty(t, a.DirectoryRoles, "%s %s", method, key)
			} else {
				assert.NotEmpty(t, a.Permissions.Application, "%s %s", method, key)
				assert.NotEmpty(t, a.Permissions.Delegated, "%s %s", method, key)
			}
		}
	}
}

func TestOpenAPISHA256IsStable(t *testing.T) {
	assert.Len(t, OpenAPISHA256(), 64)
	assert.Equal(t, OpenAPISHA256(), OpenAPISHA256())
	b := OpenAPIBytes()
	b[0] = 'X'
	assert.NotEqual(t, byte('X'), OpenAPIBytes()[0], "callers get a copy")
}
