package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
)

// TestCommandAndLibraryReadTheEnvironmentAlike: `isoconform run` with no flags and the
// library's steps.ConfigFromLookup turn the same ISOCONFORM_* variables into the same
// configuration, because both go through steps.RunFlags; and both refuse a token too short to
// be one (the floor was the command's alone).
func TestCommandAndLibraryReadTheEnvironmentAlike(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tok")
	require.NoError(t, os.WriteFile(file, []byte("token-from-a-file\n"), 0o600))
	env := map[string]string{
		"ISOCONFORM_BASE_URL":                     "http://127.0.0.1:1/api",
		"ISOCONFORM_PROFILE":                      "current",
		"ISOCONFORM_TOKEN_MACHINE_ISOLATE":        "machine-isolate-token",
		"ISOCONFORM_TOKEN_NO_PERMISSION":          "@" + file,
		"ISOCONFORM_MACHINE_ID":                   "m1, m2",
		"ISOCONFORM_UNKNOWN_MACHINE_ID":           "nobody",
		"ISOCONFORM_TAGS":                         "@core",
		"ISOCONFORM_REQUEST_TIMEOUT":              "7s",
		"ISOCONFORM_ALLOW_LIVE":                   "true",
		"ISOCONFORM_INSECURE_SKIP_TLS_VERIFY":     "1",
		"ISOCONFORM_CONCURRENCY":                  "2",
		"ISOCONFORM_RELEASE_GRACE":                "9s",
		"ISOCONFORM_WAIT_BUDGET":                  "11s",
		"ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR": "security-administrator-token",
	}
	var kv []string
	for k, v := range env {
		kv = append(kv, k+"="+v)
	}
	f := &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, stderr := invoke(t, f, kv)
	require.Equal(t, 0, code, stderr)

	lib, err := steps.ConfigFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	cli := f.got
	cli.Progress, cli.Embedded = nil, nil
	assert.Equal(t, lib, cli)
	assert.Equal(t, "token-from-a-file", lib.Tokens["no-permission"])

	short := map[string]string{"ISOCONFORM_TOKEN_NO_ROLE": "short"}
	_, err = steps.ConfigFromLookup(func(k string) (string, bool) { v, ok := short[k]; return v, ok })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too short")
	code, _, stderr = invoke(t, &fakeSuite{}, []string{"ISOCONFORM_TOKEN_NO_ROLE=short"})
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "too short")
	assert.False(t, strings.Contains(stderr, "=short"), "the value is not shown")
}
