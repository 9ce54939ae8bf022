package steps

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestValidateSafetyRules(t *testing.T) {
	live := "https://api.security.microsoft.com/api"
	err := Config{BaseURL: live}.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--allow-live")
	assert.Contains(t, err.Error(), "--machine-id")

	assert.Error(t, Config{BaseURL: live, AllowLive: true}.Validate(), "machine ids are required")
	assert.Error(t, Config{BaseURL: live, MachineIDs: []string{"abc"}}.Validate(), "allow-live is required")
	assert.NoError(t, Config{BaseURL: live, AllowLive: true, MachineIDs: []string{"abc"}}.Validate())
	assert.NoError(t, Config{BaseURL: "http://127.0.0.1:8080/api"}.Validate(), "loopback needs neither")
	assert.NoError(t, Config{BaseURL: "http://[::1]:8080/api"}.Validate())
	assert.NoError(t, Config{BaseURL: "http://localhost/testwdatppreview"}.Validate())
	assert.NoError(t, Config{}.Validate(), "embedded mock")

	assert.Error(t, Config{BaseURL: "ftp://127.0.0.1/api"}.Validate())
	assert.Error(t, Config{Profile: "v2"}.Validate())
	assert.Error(t, Config{Tokens: map[string]string{"root": "x"}}.Validate())
	assert.Error(t, Config{MachineIDs: []string{"../etc"}}.Validate())
}

func TestConfigFromLookup(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tok")
	require.NoError(t, os.WriteFile(file, []byte("file-token\n"), 0o600))
	env := map[string]string{
		"ISOCONFORM_BASE_URL":                 "https://api.security.microsoft.com/api",
		"ISOCONFORM_PROFILE":                  "current",
		"ISOCONFORM_TOKEN_MACHINE_ISOLATE":    "app-token",
		"ISOCONFORM_TOKEN_NO_PERMISSION":      "@" + file,
		"ISOCONFORM_MACHINE_ID":               " a1 , b2 ,",
		"ISOCONFORM_REQUEST_TIMEOUT":          "5s",
		"ISOCONFORM_ALLOW_LIVE":               "1",
		"ISOCONFORM_INSECURE_SKIP_TLS_VERIFY": "false",
		"ISOCONFORM_CONCURRENCY":              "2",
		"ISOCONFORM_TAGS":                     "@core",
	}
	cfg, err := ConfigFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	require.NoError(t, err)
	assert.Equal(t, spec.Current, cfg.Profile)
	assert.Equal(t, map[string]string{"machine-isolate": "app-token", "no-permission": "file-token"}, cfg.Tokens)
	assert.Equal(t, []string{"a1", "b2"}, cfg.MachineIDs)
	assert.Equal(t, 5*time.Second, cfg.RequestTimeout)
	assert.True(t, cfg.AllowLive)
	assert.Equal(t, 2, cfg.Concurrency)
	assert.Equal(t, "@core", cfg.Tags)
	assert.NoError(t, cfg.Validate())

	for k, v := range map[string]string{"ISOCONFORM_PROFILE": "v9", "ISOCONFORM_ALLOW_LIVE": "maybe", "ISOCONFORM_REQUEST_TIMEOUT": "soon", "ISOCONFORM_CONCURRENCY": "-1", "ISOCONFORM_TOKEN_NO_ROLE": "short"} {
		_, err := ConfigFromLookup(func(name string) (string, bool) { return v, name == k })
		assert.Error(t, err, k)
	}
	assert.Equal(t, "ISOCONFORM_TOKEN_MACHINE_ISOLATE_DELEGATED", TokenEnv(RoleMachineIsolateDelegated))
}

func TestRunRefusesLiveTargetBeforeSending(t *testing.T) {
	_, err := Run(t.Context(), Config{BaseURL: "https://api.security.microsoft.com/api"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--allow-live")
}

func TestRunUnreachableTarget(t *testing.T) {
	r, err := Run(t.Context(), Config{BaseURL: "http://127.0.0.1:1/api", Profile: spec.Current, MachineIDs: []string{"a1"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unreachable")
	require.NotNil(t, r)
	assert.Equal(t, "error", string(r.Verdict))
}
