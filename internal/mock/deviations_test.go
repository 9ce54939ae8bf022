package mock

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestFaithfulServerPassesEveryProbe(t *testing.T) {
	h := newHarness(t, Options{CompletionDelay: time.Minute, CompletionReads: 2, RateLimit: RateLimit{Disabled: true}})
	for _, p := range spec.Profiles() {
		assert.Empty(t, runChecker(t, h, p, ""), "%s", p)
	}
}

func TestEachDeviationBreaksExactlyWhatItDeclares(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the probes once per deviation")
	}
	for _, d := range Catalogue() {
		t.Run(d.Name, func(t *testing.T) {
			h := newHarness(t, Options{Deviations: []string{d.Name}, CompletionDelay: time.Minute, CompletionReads: 2, RateLimit: RateLimit{PerMinute: 100_000, PerHour: 100_000}})
			var got []string
			for _, p := range spec.Profiles() {
				failed := runChecker(t, h, p, d.Name)
				if !slices.Contains(d.Profiles, p) {
					assert.Empty(t, failed, "inert in %s", p)
				}
				got = append(got, failed...)
			}
			want := slices.Clone(d.Requirements)
			sort.Strings(want)
			sort.Strings(got)
			assert.Equal(t, want, slices.Compact(got))
		})
	}
}

func TestCatalogue(t *testing.T) {
	reg, err := spec.Requirements()
	require.NoError(t, err)
	cat := Catalogue()
	assert.GreaterOrEqual(t, len(cat), 24)
	seen := map[string]bool{}
	for _, d := range cat {
		assert.False(t, seen[d.Name], "duplicate %s", d.Name)
		seen[d.Name] = true
		assert.NotEmpty(t, d.Description, d.Name)
		require.NotEmpty(t, d.Requirements, d.Name)
		require.NotEmpty(t, d.Profiles, d.Name)
		for _, id := range d.Requirements {
			r, ok := reg.Lookup(id)
			require.True(t, ok, "%s names unknown requirement %s", d.Name, id)
			assert.True(t, slices.ContainsFunc(d.Profiles, r.AppliesTo), "%s: %s applies to none of its profiles", d.Name, id)
		}
	}
	_, err = New(Options{Deviations: []string{"no-such-deviation"}})
	assert.ErrorContains(t, err, "no-such-deviation")
	s, err := New(Options{Deviations: []string{"created-200", "type-wrong"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"created-200", "type-wrong"}, s.Deviations())
}
