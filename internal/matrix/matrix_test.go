package matrix

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

var update = flag.Bool("update", false, "rewrite docs/deviation-matrix.md from this matrix run")

// tablePath is the generated table, relative to this package.
var tablePath = filepath.Join("..", "..", "docs", "deviation-matrix.md")

// raceSubset are the deviations the matrix runs under the race detector, where the whole
// matrix would take several times longer than on a plain build: one per kind of code path
// (status, auth, the error writer, the action body, a duplicate, the cleanup with a broken GET,
// the cancel and list operations). The full matrix runs without -race (go test ./..., and
// .ci/run's "deviation matrix" step).
var raceSubset = []string{"created-200", "unauthorized-403", "html-error-page", "id-missing",
	"duplicate-accepted", "get-action-404", "cancel-final-accepted", "odata-unsupported-ignored"}

// TestMatrix runs the suite against the clean mock and against each deviation alone, both
// profiles: the clean mock fails nothing; every deviation makes the run exit 1 with a failed
// scenario tagged with each requirement it declares. It prints the matrix, checks
// docs/deviation-matrix.md (rewrites it with -update) and the scenarios no deviation makes fail.
func TestMatrix(t *testing.T) {
	pending := readPending(t)
	var results []*Result
	for _, p := range spec.Profiles() {
		devs := Deviations(p)
		if raceEnabled {
			devs = slices.DeleteFunc(devs, func(d mock.Deviation) bool { return !slices.Contains(raceSubset, d.Name) })
		}
		vars := Variants(p)
		if raceEnabled {
			vars = nil
		}
		start := time.Now()
		r, err := Run(t.Context(), p, devs, vars, Options{})
		require.NoError(t, err)
		t.Logf("%s: clean mock, %d deviations and %d variants in %s", p, len(devs), len(vars), time.Since(start).Round(time.Millisecond))
		checkClean(t, r)
		for _, o := range r.Deviations {
			t.Run(string(p)+"/"+o.Deviation, func(t *testing.T) { checkCaught(t, o) })
			t.Logf("%s %-34s -> %s", p, o.Deviation, caughtLine(o))
		}
		for _, o := range r.Variants {
			t.Run(string(p)+"/variant/"+o.Variant, func(t *testing.T) { checkVariant(t, p, o, pending) })
			t.Logf("%s variant %-26s -> exit %d, required failures %v", p, o.Variant, o.ExitCode, o.RequiredFailures())
		}
		results = append(results, r)
	}
	checkPendingNames(t, pending)
	if raceEnabled {
		for _, p := range spec.Profiles() {
			for _, v := range append(Variants(p), mock.Variant{Name: AllVariants}) {
				t.Run(string(p)+"/variant/"+v.Name, func(t *testing.T) {
					t.Skip("race detector on: variants run in the full matrix only (.ci/run)")
				})
			}
			for _, d := range Deviations(p) {
				if !slices.Contains(raceSubset, d.Name) {
					t.Run(string(p)+"/"+d.Name, func(t *testing.T) {
						t.Skip("race detector on: the matrix runs only raceSubset; the full matrix runs without -race (.ci/run)")
					})
				}
			}
		}
	}
	checkTable(t, results)
	checkCannotFail(t, results)
}

// checkClean asserts the clean run passed every scenario.
func checkClean(t *testing.T, r *Result) {
	t.Helper()
	o := r.Clean
	assert.Equal(t, report.ExitConformant, o.ExitCode, "%s: the clean mock must be conformant (%s); skipped: %v", r.Profile, o.Verdict, o.Skipped)
	for _, f := range o.Failed {
		t.Errorf("%s: the clean mock fails %s [%s]: expected %s, got %s %s", r.Profile, f.Key(), f.Requirement, f.Expected, f.Actual, f.Reason)
	}
}

// checkCaught asserts a deviation was caught.
func checkCaught(t *testing.T, o Outcome) {
	t.Helper()
	assert.Equal(t, report.ExitNonConformant, o.ExitCode, "%s: exit code (verdict %s)", o.Deviation, o.Verdict)
	assert.Empty(t, o.Missed, "%s declares requirements no failed scenario is tagged with; failed: %v", o.Deviation, failedKeys(o))
}

// caughtLine is "ISO-X-001 ×2, ISO-Y-002 ×1" for the log.
func caughtLine(o Outcome) string {
	var parts []string
	for _, id := range o.CaughtIDs() {
		mark := ""
		if slices.Contains(o.Declared, id) {
			mark = "*"
		}
		parts = append(parts, fmt.Sprintf("%s%s ×%d", id, mark, o.CaughtBy[id]))
	}
	if len(o.Missed) > 0 {
		parts = append(parts, "MISSED "+strings.Join(o.Missed, ", "))
	}
	return strings.Join(parts, ", ") + fmt.Sprintf("  (exit %d, %d failed; * declared)", o.ExitCode, len(o.Failed))
}

func failedKeys(o Outcome) []string {
	var out []string
	for _, f := range o.Failed {
		out = append(out, fmt.Sprintf("%s [%s]", f.Key(), f.Requirement))
	}
	return out
}

// checkTable compares docs/deviation-matrix.md with this run, or rewrites it with -update. The
// static columns (name, profiles, declared ids) are checked in every mode; the caught-by
// column only when the full matrix ran.
func checkTable(t *testing.T, results []*Result) {
	t.Helper()
	got := Table(results)
	if *update {
		require.False(t, raceEnabled, "-update needs the full matrix: run without -race")
		require.NoError(t, os.WriteFile(tablePath, got, 0o644))
		return
	}
	want, err := os.ReadFile(tablePath)
	require.NoError(t, err, "run go test ./internal/matrix -run TestMatrix -update")
	for _, d := range mock.Catalogue() {
		assert.Contains(t, string(want), "\n"+rowPrefix(d)+" ", "%s: the table's row is stale; run go test ./internal/matrix -run TestMatrix -update", d.Name)
	}
	for _, v := range mock.VariantCatalogue() {
		assert.Contains(t, string(want), "\n"+variantRowPrefix(v)+" ", "%s: the table's row is stale; run go test ./internal/matrix -run TestMatrix -update", v.Name)
	}
	if !raceEnabled {
		assert.Equal(t, string(want), string(got), "docs/deviation-matrix.md is stale; run go test ./internal/matrix -run TestMatrix -update")
	}
}

// allowEntry is a justified scenario that no deviation makes fail.
type allowEntry struct{ profile, scenario, reason string }

// readAllowlist reads testdata/cannot-fail.txt: "profile | features/x.feature: name | reason".
func readAllowlist(t *testing.T) []allowEntry {
	t.Helper()
	var out []allowEntry
	for _, e := range readReasoned(t, filepath.Join("testdata", "cannot-fail.txt"), "scenario") {
		out = append(out, allowEntry{e[0], e[1], e[2]})
	}
	return out
}

// readReasoned reads a testdata list of "profile | <what> | reason" lines (blank lines and
// '#' comments skipped); every line must have the three parts and a reason.
func readReasoned(t *testing.T, path, what string) [][3]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out [][3]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " | ", 3)
		require.Len(t, parts, 3, "%s: %q is not \"profile | %s | reason\"", path, line, what)
		require.NotEmpty(t, strings.TrimSpace(parts[2]), "%s: %q has no reason", path, line)
		out = append(out, [3]string{parts[0], parts[1], parts[2]})
	}
	return out
}

// checkCannotFail lists, per profile, the scenarios that no deviation made fail: each must be
// justified in testdata/cannot-fail.txt, and every entry there must still be such a scenario.
// It needs the full matrix, so under the race detector it says so and checks only the file.
func checkCannotFail(t *testing.T, results []*Result) {
	t.Helper()
	allow := readAllowlist(t)
	if raceEnabled {
		t.Log("race detector on: the scenarios no deviation makes fail are checked by the full matrix only")
		return
	}
	var never []string
	for _, r := range results {
		list, err := steps.List(steps.Config{Profile: r.Profile})
		require.NoError(t, err)
		failed := map[string]bool{}
		for _, o := range r.Deviations {
			for _, f := range o.Failed {
				if f.Status == report.StatusFail {
					failed[f.Key()] = true
				}
			}
		}
		for _, s := range list {
			if key := s.Feature + ": " + s.Name; !failed[key] {
				never = append(never, string(r.Profile)+" | "+key)
			}
		}
	}
	sort.Strings(never)
	var listed []string
	for _, a := range allow {
		listed = append(listed, a.profile+" | "+a.scenario)
	}
	for _, n := range never {
		assert.Contains(t, listed, n, "no deviation makes this scenario fail: add a deviation, or justify it in testdata/cannot-fail.txt")
	}
	for _, l := range listed {
		assert.Contains(t, never, l, "testdata/cannot-fail.txt: stale justification (a deviation now makes it fail, or it no longer exists)")
	}
	t.Logf("scenarios no deviation makes fail: %d, each justified in testdata/cannot-fail.txt", len(never))
}
