package steps

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// A missing property is named once in the violation's JSON path ($.id), not twice.
func TestMissingPropertyPathIsNamedOnce(t *testing.T) {
	doc, err := spec.LoadFull(t.Context())
	require.NoError(t, err)
	schema := doc.Components.Schemas["ErrorResponse"].Value
	for name, c := range map[string]struct {
		body any
		want string
	}{
		"a missing top-level property":      {map[string]any{}, "$.error"},
		"a missing nested property":         {map[string]any{"error": map[string]any{"code": "X", "message": "m"}}, "$.error.target"},
		"a wrong type is not a missing one": {map[string]any{"error": "flat"}, "$.error"},
	} {
		err := schema.VisitJSON(c.body, append(spec.SchemaOptions(), openapi3.MultiErrors())...)
		require.Error(t, err, name)
		var me openapi3.MultiError
		require.ErrorAs(t, err, &me, name)
		var se *openapi3.SchemaError
		require.ErrorAs(t, me[0], &se, name)
		ptr, _ := violationPointer(se)
		assert.Equal(t, c.want, jsonPath(ptr), name)
	}
}
