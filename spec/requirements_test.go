package spec

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegistryParses(t *testing.T) {
	reg, err := Requirements()
	require.NoError(t, err)
	require.NotEmpty(t, reg.Requirements)
	for _, p := range Profiles() {
		assert.NotEmpty(t, reg.ForProfile(p), p)
	}
	r, ok := reg.Lookup("ISO-HTTP-001")
	require.True(t, ok)
	assert.Equal(t, Core, r.LevelFor(Preview2017))
	r, ok = reg.Lookup("ISO-ERR-001")
	require.True(t, ok)
	assert.Equal(t, Extended, r.LevelFor(Preview2017), "no error format was documented in 2017")
	assert.Equal(t, Core, r.LevelFor(Current))
	_, ok = reg.Lookup("ISO-NOPE-001")
	assert.False(t, ok)
}

func TestOpenDecisionsAreRecorded(t *testing.T) {
	reg, err := Requirements()
	require.NoError(t, err)
	// The documents leave these open; each decision is written down once, with its source.
	for _, id := range []string{"ISO-TYPE-004", "ISO-DUP-001", "ISO-HDR-001", "ISO-AUTH-005", "ISO-ACT-003", "ISO-ACT-005"} {
		r, ok := reg.Lookup(id)
		require.True(t, ok, id)
		assert.NotEmpty(t, r.Decision, "%s needs a recorded decision", id)
	}
}

// TestEveryDocumentItemIsCovered: every status code, enum value, role and permission of the
// OpenAPI document is named by some requirement, and every name in `covers` exists.
func TestEveryDocumentItemIsCovered(t *testing.T) {
	doc, err := LoadFull(context.Background())
	require.NoError(t, err)
	inv, err := Inventory(doc)
	require.NoError(t, err)
	reg, err := Requirements()
	require.NoError(t, err)
	covered := reg.Covered()

	var missing, unknown []string
	for key, where := range inv {
		if len(covered[key]) == 0 {
			missing = append(missing, key+" (in "+strings.Join(where, ", ")+")")
		}
	}
	for key, ids := range covered {
		if _, ok := inv[key]; !ok {
			unknown = append(unknown, key+" (named by "+strings.Join(ids, ", ")+")")
		}
	}
	sort.Strings(missing)
	sort.Strings(unknown)
	assert.Empty(t, missing, "document items no requirement covers")
	assert.Empty(t, unknown, "covered items the document does not have")

	for _, must := range []string{"status:201", "status:429", "enum:IsolationType.UnManagedDevice", "role:Global Administrator", "permission:Machine.Isolate"} {
		assert.Contains(t, inv, must, "the inventory must see %s", must)
	}
}

func TestRegistryRejectsBadEntries(t *testing.T) {
	entry := func(fields string) string {
		return "schema: " + RequirementsSchema + "\nrequirements:\n  - " + fields + "\n"
	}
	ok := "id: ISO-X-001\n    area: x\n    profiles: [current]\n    level: core\n    source: {document: d, section: s, quote: q}\n    text: t"
	_, err := ParseRequirements([]byte(entry(ok)))
	require.NoError(t, err)

	cases := map[string]string{
		"bad id":             strings.Replace(ok, "ISO-X-001", "iso-x-1", 1),
		"no source":          strings.Replace(ok, "source: {document: d, section: s, quote: q}", "source: {document: d}", 1),
		"no quote":           strings.Replace(ok, ", quote: q", "", 1),
		"bare decision":      ok + "\n    decision: we chose",
		"proof, no decision": ok + "\n    variants: [v]",
		"advisory, no why":   strings.Replace(ok, "level: core", "level: advisory", 1),
		"unknown feature":    ok + "\n    feature: teleport",
		"no level":           strings.Replace(ok, "level: core", "", 1),
		"unknown level":      strings.Replace(ok, "level: core", "level: must", 1),
		"unknown profile":    strings.Replace(ok, "[current]", "[v2]", 1),
		"unknown field":      ok + "\n    owner: me",
		"no text":            strings.Replace(ok, "text: t", "", 1),
		"both levels":        ok + "\n    levels: {current: core}",
		"levels elsewhere":   strings.Replace(ok, "level: core", "levels: {preview-2017: core}", 1),
	}
	for name, fields := range cases {
		_, err := ParseRequirements([]byte(entry(fields)))
		assert.Error(t, err, name)
	}
	for _, fine := range []string{
		ok + "\n    decision: we chose\n    variants: [v]",
		ok + "\n    decision: we chose\n    deviations: [d]",
		strings.Replace(ok, "level: core", "level: advisory", 1) + "\n    decision: inferred\n    variants: [v]",
		ok + "\n    feature: cancel",
	} {
		_, err := ParseRequirements([]byte(entry(fine)))
		assert.NoError(t, err, fine)
	}
	_, err = ParseRequirements([]byte(entry(ok) + "  - " + ok + "\n"))
	assert.ErrorContains(t, err, "used twice")
	_, err = ParseRequirements([]byte("schema: other/v9\nrequirements: []\n"))
	assert.ErrorContains(t, err, "schema")
	_, err = ParseRequirements([]byte("{not yaml: ["))
	assert.Error(t, err)
}
