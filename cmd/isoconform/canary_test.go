package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCanaryTokensAppearNowhere runs the real suite against the embedded
// mock with canary tokens from a flag, a token file and the environment,
// writes every report, and searches all output for the canaries. The mock
// rejects the canaries, so failing scenarios print exchanges and curl lines:
// the places a leak would show.
func TestCanaryTokensAppearNowhere(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	canaries := map[string]string{
		"flag":   "canary-flag-6d1f0b7e93",
		"file":   "canary-file-2a84c5d1f0",
		"env":    "canary-env-91be7730c4",
		"bearer": "canary-bearer-5c3e1a9d77", // pasted with its "Bearer " prefix
	}
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(canaries["file"]+"\n"), 0o600))
	reports := []string{filepath.Join(dir, "junit.xml"), filepath.Join(dir, "cucumber.json"), filepath.Join(dir, "report.json"), filepath.Join(dir, "report.html")}
	args := []string{
		"run",
		"--token", "security-administrator=" + canaries["flag"],
		"--token", "global-administrator=@" + tokenFile,
		"--junit", reports[0], "--cucumber", reports[1], "--report", reports[2], "--html", reports[3],
	}
	env := []string{"ISOCONFORM_TOKEN_NO_ROLE=" + canaries["env"], "ISOCONFORM_TOKEN_EXPIRED=Bearer " + canaries["bearer"]}

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env, &stdout, &stderr)
	assert.Contains(t, []int{0, 1, 3}, code, "the run must complete: %s", stderr.String())

	outputs := map[string]string{"stdout": stdout.String(), "stderr": stderr.String()}
	for _, p := range reports {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NotEmpty(t, b, p)
		outputs[filepath.Base(p)] = string(b)
	}
	for where, text := range outputs {
		for source, canary := range canaries {
			assert.NotContains(t, text, canary, "the %s token leaked into %s", source, where)
		}
	}
}
