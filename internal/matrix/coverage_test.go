package matrix

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// The coverage gate, beyond what spec and steps already check (every requirement has a
// scenario per profile; every tag names a known requirement; every document item is named by
// some requirement's covers).

// TestEveryDocumentItemIsExercised: every status code, enum value, directory role and
// permission of each profile's OpenAPI document (its paths, and the component schemas they
// reach) is exercised in that profile. An item is
// exercised when a requirement that holds in the profile covers it (requirements.yaml
// `covers`) and that requirement has a scenario in the profile. Covering means the
// requirement's scenarios send the item (IsolationType values, role and permission tokens),
// assert it (status codes), or receive it in a response that the suite validates against the
// document on every exchange (response enums such as MachineActionType.Offboard, the GET
// permissions of the reader tokens, and status:500, which no conformant request provokes).
func TestEveryDocumentItemIsExercised(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		doc, err := spec.Load(context.Background(), p)
		require.NoError(t, err)
		inv, err := spec.Inventory(doc)
		require.NoError(t, err)
		require.NotEmpty(t, inv)
		list, err := steps.List(steps.Config{Profile: p})
		require.NoError(t, err)
		hasScenario := map[string]bool{}
		for _, s := range list {
			for _, id := range s.RequirementIDs {
				hasScenario[id] = true
			}
		}
		reach := reachableSchemas(t, doc.Paths, doc.Components.Schemas)
		isolationType := map[spec.Profile]string{spec.Preview2017: "IsolationTypePreview", spec.Current: "IsolationType"}[p]
		require.True(t, reach[isolationType], "%s reaches %s", p, isolationType)
		var missing []string
		for key, where := range inv {
			if !slices.ContainsFunc(where, func(w string) bool { return !strings.HasPrefix(w, "#/") || reach[schemaName(w)] }) {
				continue // an enum of a schema only the other profile's paths use
			}
			exercised := slices.ContainsFunc(reg.Covered()[key], func(id string) bool {
				q, _ := reg.Lookup(id)
				return q.AppliesTo(p) && hasScenario[id]
			})
			if !exercised {
				missing = append(missing, key+" (in "+strings.Join(where, ", ")+")")
			}
		}
		sort.Strings(missing)
		assert.Empty(t, missing, "%s: document items no scenario of the profile exercises", p)
	}
}

var schemaRef = regexp.MustCompile(`#/components/schemas/([^"/]+)`)

// schemaName is the component schema a "#/components/schemas/NAME/..." location names.
func schemaName(where string) string {
	rest := strings.TrimPrefix(where, "#/components/schemas/")
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// reachableSchemas returns the component schemas that paths refer to, directly or through
// other schemas.
func reachableSchemas(t *testing.T, paths *openapi3.Paths, schemas openapi3.Schemas) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	queue := []any{paths}
	for len(queue) > 0 {
		b, err := json.Marshal(queue[0])
		require.NoError(t, err)
		queue = queue[1:]
		for _, m := range schemaRef.FindAllStringSubmatch(string(b), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				queue = append(queue, schemas[m[1]])
			}
		}
	}
	return seen
}

// requirementsWithoutDeviation are core or extended requirements no deviation breaks, each
// with the reason. Empty: every one has at least one.
var requirementsWithoutDeviation = map[string]string{}

// TestEveryRequirementIsBrokenByADeviation: every core and extended requirement of each
// profile is declared by at least one deviation that shows in that profile (and TestMatrix
// proves the suite catches it), unless listed with a reason above.
func TestEveryRequirementIsBrokenByADeviation(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		listing, err := conformance.List(conformance.Options{Profile: string(p)})
		require.NoError(t, err)
		for _, rp := range listing.Requirements {
			if rp.Level == conformance.LevelObserved {
				continue
			}
			_, allowed := requirementsWithoutDeviation[rp.ID]
			if len(rp.Deviations) == 0 {
				assert.True(t, allowed, "%s: %s (%s) is broken by no deviation: declare one in internal/mock/dev_*.go", p, rp.ID, rp.Level)
			} else {
				assert.False(t, allowed, "%s: %s has deviations now: drop it from requirementsWithoutDeviation", p, rp.ID)
			}
		}
	}
	for id := range requirementsWithoutDeviation {
		_, ok := reg.Lookup(id)
		assert.True(t, ok, "requirementsWithoutDeviation names unknown %s", id)
	}
}

// TestDeclarationsApply: every deviation declares at least one requirement that holds in each
// profile it shows in, so that no run of the matrix has nothing to look for.
func TestDeclarationsApply(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	for _, p := range spec.Profiles() {
		for _, d := range Deviations(p) {
			assert.NotEmpty(t, declaredIn(d, p, reg), "%s shows in %s but declares nothing that holds there", d.Name, p)
		}
	}
}
