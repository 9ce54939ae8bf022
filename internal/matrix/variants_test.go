package matrix

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/isoconform/isoconform/spec"
)

// pendingPath lists the variant runs the suite does not pass yet, each with its reason:
// "profile | variant | reason" (variant may be all-variants). A listed run that fails is
// reported as skipped with the reason, never as passed; a listed run that passes fails the
// test until its line is removed. The goal is an empty list.
var pendingPath = filepath.Join("testdata", "variants-pending.txt")

// readPending reads pendingPath into "profile | variant" -> reason.
func readPending(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range readReasoned(t, pendingPath, "variant") {
		out[e[0]+" | "+e[1]] = e[2]
	}
	return out
}

// checkPendingNames asserts that every pending entry names a variant run of the matrix.
func checkPendingNames(t *testing.T, pending map[string]string) {
	t.Helper()
	var runs []string
	for _, p := range spec.Profiles() {
		runs = append(runs, string(p)+" | "+AllVariants)
		for _, v := range Variants(p) {
			runs = append(runs, string(p)+" | "+v.Name)
		}
	}
	for key := range pending {
		assert.True(t, slices.Contains(runs, key), "%s: %q names no variant run of the matrix", pendingPath, key)
	}
}

// checkVariant asserts the suite passed a variant run, unless the run is pending: then it is
// skipped with the pending reason and what failed.
func checkVariant(t *testing.T, p spec.Profile, o Outcome, pending map[string]string) {
	t.Helper()
	key := string(p) + " | " + o.Variant
	reason, listed := pending[key]
	switch {
	case o.Passed() && listed:
		t.Errorf("%s: the suite passes it now (exit %d): remove its line from %s", key, o.ExitCode, pendingPath)
	case o.Passed():
	case listed:
		t.Skipf("pending (%s): %s; now: exit %d, required failures %s; failed %v", pendingPath, reason, o.ExitCode,
			strings.Join(o.RequiredFailures(), ", "), failedKeys(o))
	default:
		t.Errorf("%s: the suite must pass the variant (exit 0, or 3 where it removes an optional feature; removes %v): exit %d (%s), required failures %s; failed %v",
			key, o.Features, o.ExitCode, o.Verdict, strings.Join(o.RequiredFailures(), ", "), failedKeys(o))
	}
}
