package spec

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/isoconform/isoconform/fixtures"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func schemaOf(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref, ok := doc.Components.Schemas[name]
	require.True(t, ok, "no schema %s", name)
	return ref.Value
}

func exampleValue(t *testing.T, doc *openapi3.T, name string) map[string]any {
	t.Helper()
	ex, ok := doc.Components.Examples[name]
	require.True(t, ok, "no example %s", name)
	// Round-trip through JSON so values have the types a decoded body has.
	b, err := json.Marshal(ex.Value.Value)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

func TestExamplesValidateAgainstTheirSchemas(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	cases := []struct{ example, schema string }{
		{"SeedIsolateRequest", "IsolateRequestPreview"},
		{"SeedIsolateResponse", "MachineActionPreview"},
		{"CurrentIsolateResponse", "MachineAction"},
	}
	for _, c := range cases {
		v := exampleValue(t, doc, c.example)
		assert.NoError(t, schemaOf(t, doc, c.schema).VisitJSON(v, SchemaOptions()...), c.example)
		ex := doc.Components.Examples[c.example].Value
		assert.Contains(t, ex.Extensions, "x-derived-from", "%s must say which document it derives from", c.example)
	}
}

func TestSeedResponseExampleIsConsistent(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	v := exampleValue(t, doc, "SeedIsolateResponse")
	assert.Equal(t, "f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f", v["machineId"])
	assert.Equal(t, "Analyst@contoso.com", v["requestor"], "the trailing space is removed")
	req := exampleValue(t, doc, "SeedIsolateRequest")
	assert.Equal(t, req["Comment"], v["requestorComment"])
}

func TestFormatsAreChecked(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	action := schemaOf(t, doc, "MachineActionPreview")
	bad := map[string]map[string]any{
		"id is not a GUID":            {"id": "7327b54fd718525cf2f6bec7e2cd2a1cd12d5a5f"},
		"creation is not a date":      {"creationDateTimeUtc": "yesterday"},
		"last update is not a date":   {"lastUpdateTimeUtc": "2017-02-30T12:12:18Z"},
		"status is not in the enum":   {"status": "Success"},
		"type is wrongly cased":       {"type": "isolate"},
		"context is not an entity":    {"@odata.context": "https://graph.microsoft.com/testwdatppreview/$metadata#Machines"},
		"requestor is empty":          {"requestor": ""},
		"the last update is misnamed": {"lastUpdateTimeUtc": nil},
	}
	for name, change := range bad {
		v := exampleValue(t, doc, "SeedIsolateResponse")
		for k, val := range change {
			if val == nil {
				delete(v, k)
				v["lastUpdateDateTimeUtc"] = "2017-12-04T12:12:18.9725659Z"
				continue
			}
			v[k] = val
		}
		assert.Error(t, action.VisitJSON(v, SchemaOptions()...), name)
	}
}

func TestSeedRequestFixtures(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)

	verbatim, err := fixtures.Request(fixtures.SeedExampleVerbatim)
	require.NoError(t, err)
	var v any
	assert.Error(t, json.Unmarshal(verbatim, &v), "the seed's example is not JSON")

	corrected, err := fixtures.Request(fixtures.SeedExampleCorrected)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(corrected, &body))
	for _, schema := range []string{"IsolateRequestPreview", "IsolateRequest"} {
		assert.NoError(t, schemaOf(t, doc, schema).VisitJSON(body, SchemaOptions()...), schema)
	}
}

func TestRequestFixturesAgainstTheSchemas(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	preview, current := schemaOf(t, doc, "IsolateRequestPreview"), schemaOf(t, doc, "IsolateRequest")
	want := map[string][2]bool{ // fixture -> valid in preview, valid in current
		"valid-no-isolation-type.json":                   {true, true},
		"valid-selective.json":                           {true, true},
		"valid-unmanaged-device.json":                    {false, true},
		"invalid-missing-comment.json":                   {false, false},
		"invalid-comment-number.json":                    {false, false},
		"invalid-comment-null.json":                      {false, false},
		"invalid-comment-lowercase.json":                 {false, false},
		"invalid-isolation-type-unknown.json":            {false, false},
		"invalid-isolation-type-lowercase.json":          {false, false},
		"invalid-isolation-type-number.json":             {false, false},
		"invalid-isolation-type-property-lowercase.json": {false, false},
		"invalid-not-an-object.json":                     {false, false},
	}
	for name, valid := range want {
		b, err := fixtures.Request(name)
		require.NoError(t, err, name)
		var body any
		require.NoError(t, json.Unmarshal(b, &body), name)
		for i, s := range []*openapi3.Schema{preview, current} {
			err := s.VisitJSON(body, SchemaOptions()...)
			if valid[i] {
				assert.NoError(t, err, "%s (profile %d)", name, i)
			} else {
				assert.Error(t, err, "%s (profile %d)", name, i)
			}
		}
	}
}
