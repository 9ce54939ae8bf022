package mock

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// variantProbe shows one variant: it returns what it observed of h in profile p, which must
// differ between the faithful mock and the mock taking the variant.
type variantProbe func(t *testing.T, h *harness, p spec.Profile) any

// variantProbes holds one probe per catalogue entry.
func variantProbes() map[string]variantProbe {
	isolateBody := `{"Comment":"probe","IsolationType":"Full"}`
	return map[string]variantProbe{
		"unknown-properties-ignored": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(6), `{"Comment":"probe","isolationType":"Selective"}`)
			if r.status != http.StatusCreated {
				return r.status
			}
			id, _ := r.json(t)["id"].(string)
			a, ok := h.s.store.get(p, id)
			require.True(t, ok)
			return a.scope
		},
		"empty-comment-refused": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(7), `{"Comment":"","IsolationType":"Full"}`)
			if r.status != http.StatusCreated {
				return []any{r.status, r.errorCode(t)}
			}
			return r.status
		},
		"list-items-odata-context": func(t *testing.T, h *harness, p spec.Profile) any {
			require.Equal(t, http.StatusCreated, h.isolate(p, h.machine(9), isolateBody).status)
			var got []any
			paths := []string{"/machineactions"}
			if p == spec.Current {
				paths = append(paths, "/machines")
			}
			for _, path := range paths {
				body := h.get(p, path).json(t)
				items, _ := body["value"].([]any)
				require.NotEmpty(t, items, path)
				item, _ := items[0].(map[string]any)
				got = append(got, body["@odata.context"] != nil, item["@odata.context"])
			}
			return got
		},
		"unknown-machine-after-body": func(t *testing.T, h *harness, p spec.Profile) any {
			return h.isolate(p, "no-such-machine", `{"IsolationType":"Full"}`).status
		},
		"extra-response-properties": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(8), isolateBody)
			created := r.json(t)
			list := h.get(p, "/machineactions").json(t)
			items, _ := list["value"].([]any)
			require.NotEmpty(t, items)
			item, _ := items[0].(map[string]any)
			e, _ := h.get(p, "/machineactions/00000000-0000-4000-8000-000000000000").json(t)["error"].(map[string]any)
			return []any{created["serviceNote"], list["serviceNote"], item["serviceNote"], e["serviceNote"]}
		},
		"content-type-400": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.call(http.MethodPost, p.BasePath()+"/machines/"+h.machine(0)+"/isolate", h.token(defaultRole(p), p),
				"text/plain", []byte(isolateBody))
			return []any{r.status, r.errorCode(t)}
		},
		"fresh-status-inprogress": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(1), isolateBody)
			require.Equal(t, http.StatusCreated, r.status, string(r.body))
			return r.json(t)["status"]
		},
		"no-machine-lookup": func(t *testing.T, h *harness, p spec.Profile) any {
			got := []int{h.get(p, "/machines/"+h.machine(0)).status}
			if p == spec.Current {
				got = append(got, h.get(p, "/machines").status)
			}
			return got
		},
		"no-cancel": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(2), isolateBody)
			id, _ := r.json(t)["id"].(string)
			return h.call(http.MethodPost, p.BasePath()+"/machineactions/"+id+"/cancel", h.token(defaultRole(p), p),
				"application/json", []byte(`{"Comment":"stop"}`)).status
		},
		"no-action-list": func(t *testing.T, h *harness, p spec.Profile) any {
			return h.get(p, "/machineactions").status
		},
		"duplicate-returns-pending": func(t *testing.T, h *harness, p spec.Profile) any {
			first := h.isolate(p, h.machine(3), isolateBody)
			second := h.isolate(p, h.machine(3), isolateBody)
			require.Equal(t, http.StatusCreated, first.status, string(first.body))
			if second.status != http.StatusCreated {
				return second.status
			}
			return first.json(t)["id"] == second.json(t)["id"]
		},
		"wrong-audience-403": func(t *testing.T, h *harness, p spec.Profile) any {
			tok, err := h.s.AttackToken("wrong-audience", p)
			require.NoError(t, err)
			r := h.call(http.MethodPost, p.BasePath()+"/machines/"+h.machine(4)+"/isolate", tok, "application/json", []byte(isolateBody))
			return []any{r.status, r.errorCode(t)}
		},
		"absent-type-selective": func(t *testing.T, h *harness, p spec.Profile) any {
			r := h.isolate(p, h.machine(5), `{"Comment":"no type"}`)
			require.Equal(t, http.StatusCreated, r.status, string(r.body))
			id, _ := r.json(t)["id"].(string)
			a, ok := h.s.store.get(p, id)
			require.True(t, ok)
			return a.scope
		},
		"no-rate-limit": func(t *testing.T, h *harness, p spec.Profile) any {
			statuses := map[int]bool{}
			for range 7 { // the probes' limit is 5 a minute
				statuses[h.get(p, "/machineactions").status] = true
			}
			return statuses[http.StatusTooManyRequests]
		},
		"no-v1-path": func(t *testing.T, h *harness, p spec.Profile) any {
			if p != spec.Current {
				return h.get(p, "/machineactions").status
			}
			return h.call(http.MethodGet, "/api/v1.0/machineactions", h.token(defaultRole(p), p), "", nil).status
		},
	}
}

// TestVariants proves each variant changes what it says, in the profiles it declares, and
// nothing in the others: every catalogue entry has a probe, and the probe sees the faithful
// mock and the variant differ.
func TestVariants(t *testing.T) {
	probes := variantProbes()
	for _, v := range VariantCatalogue() {
		probe, ok := probes[v.Name]
		if !assert.True(t, ok, "variant %s has no probe", v.Name) {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			opts := Options{CompletionDelay: time.Hour, RateLimit: RateLimit{PerMinute: 5}}
			faithfulMock := newHarness(t, opts)
			opts.Variants = []string{v.Name}
			variedMock := newHarness(t, opts)
			for _, p := range spec.Profiles() { // the profiles share no state
				faithful := probe(t, faithfulMock, p)
				varied := probe(t, variedMock, p)
				if slices.Contains(v.Profiles, p) {
					assert.NotEqual(t, faithful, varied, "%s: the variant changes nothing", p)
				} else {
					assert.Equal(t, faithful, varied, "%s: the variant shows outside its profiles", p)
				}
			}
		})
	}
	assert.Len(t, probes, len(VariantCatalogue()), "a probe names no variant")
}

func TestVariantCatalogue(t *testing.T) {
	reqs, err := spec.Requirements()
	require.NoError(t, err)
	features := []string{featureMachineLookup, featureActionList, featureCancel, featureRateLimit, featureV1Path, ""}
	seen := map[string]bool{}
	for _, v := range VariantCatalogue() {
		assert.False(t, seen[v.Name], "duplicate variant %s", v.Name)
		seen[v.Name] = true
		assert.NotEmpty(t, v.Description, v.Name)
		assert.NotEmpty(t, v.Profiles, v.Name)
		assert.Contains(t, features, v.Feature, v.Name)
		_, known := reqs.Lookup(v.Decision)
		assert.True(t, known, "%s: decision %s is not a requirement", v.Name, v.Decision)
	}
}

func TestUnknownVariant(t *testing.T) {
	_, err := New(Options{Variants: []string{"no-such-variant"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown variant "no-such-variant"`)
}

func TestServerNamesItsVariants(t *testing.T) {
	s, err := New(Options{Variants: []string{"no-cancel", "content-type-400"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"content-type-400", "no-cancel"}, s.Variants())
}
