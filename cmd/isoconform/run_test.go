package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// fakeSuite records the Config it was given and returns a canned result.
type fakeSuite struct {
	result *report.Run
	err    error
	calls  int
	got    steps.Config
}

func (f *fakeSuite) suite() suite {
	return suite{
		run: func(_ context.Context, cfg steps.Config) (*report.Run, error) {
			f.calls++
			f.got = cfg
			return f.result, f.err
		},
		list: func(w io.Writer, cfg steps.Config) error {
			f.got = cfg
			_, err := io.WriteString(w, "listed\n")
			return err
		},
	}
}

func resultWith(v report.Verdict) *report.Run {
	return &report.Run{
		SchemaVersion: report.SchemaVersion,
		Profile:       "preview-2017",
		Target:        "http://127.0.0.1:1/testwdatppreview",
		Started:       time.Unix(0, 0).UTC(),
		Finished:      time.Unix(1, 0).UTC(),
		Verdict:       v,
		VerdictReason: "because",
	}
}

// invoke runs `isoconform run` on a fake suite.
func invoke(t *testing.T, f *fakeSuite, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return invokeCtx(t, context.Background(), f, env, args...)
}

func invokeCtx(t *testing.T, ctx context.Context, f *fakeSuite, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runSuite(ctx, f.suite(), args, newEnvironment(env), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		fake fakeSuite
		args []string
		want int
	}{
		{"conformant", context.Background(), fakeSuite{result: resultWith(report.VerdictConformant)}, nil, 0},
		{"non-conformant", context.Background(), fakeSuite{result: resultWith(report.VerdictNonConformant)}, nil, 1},
		{"partial", context.Background(), fakeSuite{result: resultWith(report.VerdictPartial)}, nil, 3},
		{"harness error or nothing ran", context.Background(), fakeSuite{result: resultWith(report.VerdictError)}, nil, 2},
		{"setup failure without a result", context.Background(), fakeSuite{err: io.ErrUnexpectedEOF}, nil, 2},
		{"interrupted", canceled, fakeSuite{result: resultWith(report.VerdictPartial)}, nil, 130},
		{"unknown flag", context.Background(), fakeSuite{}, []string{"--no-such-flag"}, 2},
		{"bad profile", context.Background(), fakeSuite{}, []string{"--profile", "2019"}, 2},
		{"stray argument", context.Background(), fakeSuite{}, []string{"extra"}, 2},
		{"token without role", context.Background(), fakeSuite{}, []string{"--token", "abc"}, 2},
		{"unknown role", context.Background(), fakeSuite{}, []string{"--token", "admin=abcdefghij"}, 2},
		{"token too short to be real", context.Background(), fakeSuite{}, []string{"--token", "no-role=x"}, 2},
		{"list", context.Background(), fakeSuite{}, []string{"--list"}, 0},
		{"help", context.Background(), fakeSuite{}, []string{"--help"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := invokeCtx(t, tc.ctx, &tc.fake, nil, tc.args...)
			assert.Equal(t, tc.want, code, stderr)
		})
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	env := []string{
		"ISOCONFORM_BASE_URL=http://127.0.0.1:1/env",
		"ISOCONFORM_PROFILE=current",
		"ISOCONFORM_MACHINE_ID=m1, m2,,m3",
		"ISOCONFORM_REQUEST_TIMEOUT=7s",
		"ISOCONFORM_TAGS=@env",
		"ISOCONFORM_CONCURRENCY=3",
		"ISOCONFORM_INSECURE_SKIP_TLS_VERIFY=true",
	}
	f := &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, stderr := invoke(t, f, env)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "http://127.0.0.1:1/env", f.got.BaseURL)
	assert.Equal(t, "current", string(f.got.Profile))
	assert.Equal(t, []string{"m1", "m2", "m3"}, f.got.MachineIDs)
	assert.Equal(t, 7*time.Second, f.got.RequestTimeout)
	assert.Equal(t, "@env", f.got.Tags)
	assert.Equal(t, 3, f.got.Concurrency)
	assert.True(t, f.got.InsecureSkipTLSVerify)

	f = &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, stderr = invoke(t, f, env,
		"--base-url", "http://127.0.0.1:2/flag", "--profile", "preview-2017",
		"--machine-id", "f1", "--request-timeout", "2s", "--tags", "@flag", "--concurrency", "1")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "http://127.0.0.1:2/flag", f.got.BaseURL)
	assert.Equal(t, "preview-2017", string(f.got.Profile))
	assert.Equal(t, []string{"f1"}, f.got.MachineIDs, "a repeatable flag replaces the variable's list")
	assert.Equal(t, 2*time.Second, f.got.RequestTimeout)
	assert.Equal(t, "@flag", f.got.Tags)
	assert.Equal(t, 1, f.got.Concurrency)
}

func TestInvalidEnvironmentValueIsAUsageError(t *testing.T) {
	code, _, stderr := invoke(t, &fakeSuite{}, []string{"ISOCONFORM_REQUEST_TIMEOUT=soon"})
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "ISOCONFORM_REQUEST_TIMEOUT")
}

func TestTokensFromFlagsFilesAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secadmin.jwt")
	require.NoError(t, os.WriteFile(file, []byte("  token-from-file\n"), 0o600))
	envFile := filepath.Join(dir, "global.jwt")
	require.NoError(t, os.WriteFile(envFile, []byte("global-from-env-file\n"), 0o600))
	env := []string{
		"ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR=env-loses",
		"ISOCONFORM_TOKEN_GLOBAL_ADMINISTRATOR=@" + envFile,
		"ISOCONFORM_TOKEN_NO_ROLE=no-role-from-env",
	}
	f := &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, stderr := invoke(t, f, env, "--token", "security-administrator=@"+file)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, map[string]string{
		"security-administrator": "token-from-file",
		"global-administrator":   "global-from-env-file",
		"no-role":                "no-role-from-env",
	}, f.got.Tokens)
}

func TestTokenErrorsNeverShowTheValue(t *testing.T) {
	const canary = "CANARY-token-3f9a1c"
	for _, args := range [][]string{
		{"--token", canary},
		{"--token", "admin=" + canary},
		{"--token", "no-role=" + canary, "--token", "no-role=" + canary},
		{"--token", "no-role=" + canary, "--profile", "nope"},
		{"--token", "no-role=" + canary, "--base-url", "https://defender.example.invalid/api"},
	} {
		code, stdout, stderr := invoke(t, &fakeSuite{}, nil, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.NotContains(t, stdout+stderr, canary, "%v", args)
	}
}

func TestLiveTargetIsRefusedBeforeAnythingIsSent(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--base-url", "https://defender.example.invalid/api"}, []string{"--allow-live", "--machine-id"}},
		{[]string{"--base-url", "https://defender.example.invalid/api", "--allow-live"}, []string{"--machine-id"}},
		{[]string{"--base-url", "https://defender.example.invalid/api", "--machine-id", "abc"}, []string{"--allow-live"}},
	} {
		f := &fakeSuite{result: resultWith(report.VerdictConformant)}
		code, _, stderr := invoke(t, f, nil, tc.args...)
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr, "nothing was sent")
		for _, w := range tc.want {
			assert.Contains(t, stderr, w)
		}
		assert.Zero(t, f.calls, "the suite ran against a live target")
	}
	// The variables count as flags do.
	f := &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, _ := invoke(t, f, []string{"ISOCONFORM_BASE_URL=https://defender.example.invalid/api", "ISOCONFORM_ALLOW_LIVE=1", "ISOCONFORM_MACHINE_ID=abc"})
	assert.Equal(t, 0, code)
	assert.Equal(t, 1, f.calls)
}

func TestListSendsNothing(t *testing.T) {
	f := &fakeSuite{}
	code, stdout, _ := invoke(t, f, nil, "--list", "--profile", "current")
	assert.Equal(t, 0, code)
	assert.Equal(t, "listed\n", stdout)
	assert.Zero(t, f.calls)
	assert.Equal(t, "current", string(f.got.Profile))
}

func TestReportsAreWrittenAndRedacted(t *testing.T) {
	const canary = "CANARY-token-77b2e0"
	dir := t.TempDir()
	res := resultWith(report.VerdictNonConformant)
	// A hostile target echoing the token into what the suite records.
	res.Scenarios = []report.Scenario{{
		Name: "echo", Feature: "features/x.feature", Area: "x", RequirementIDs: []string{"ISO-X-001"},
		Level: report.LevelCore, Status: report.StatusFail,
		Failure: &report.Failure{RequirementID: "ISO-X-001", Expected: "201", Actual: "echoed " + canary, Exchange: "< " + canary},
	}}
	f := &fakeSuite{result: res}
	paths := map[string]string{"junit": "r.xml", "cucumber": "c.json", "report": "r.json", "html": "r.html"}
	args := []string{"--token", "no-role=" + canary}
	for flag, name := range paths {
		paths[flag] = filepath.Join(dir, name)
		args = append(args, "--"+flag, paths[flag])
	}
	code, stdout, stderr := invoke(t, f, nil, args...)
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, stdout, "non-conformant")
	assert.NotContains(t, stdout+stderr, canary)
	for flag, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err, flag)
		assert.NotEmpty(t, b, flag)
		assert.NotContains(t, string(b), canary, flag)
	}
}

func TestUnwritableReportFailsBeforeTheRun(t *testing.T) {
	f := &fakeSuite{result: resultWith(report.VerdictConformant)}
	code, _, stderr := invoke(t, f, nil, "--junit", filepath.Join(t.TempDir(), "no", "such", "dir", "r.xml"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--junit")
	assert.Zero(t, f.calls)
}

func TestCommandDispatch(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"frobnicate"}, nil, &out, &errOut))
	assert.Contains(t, errOut.String(), `unknown command "frobnicate"`)

	out.Reset()
	assert.Equal(t, 0, run(context.Background(), []string{"version"}, nil, &out, &errOut))
	assert.True(t, strings.HasPrefix(out.String(), "isoconform "), out.String())

	errOut.Reset()
	assert.Equal(t, 2, run(context.Background(), []string{"report", "--html", "x.html"}, nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "Usage: isoconform report --html FILE REPORT.json")
}

func TestReportRendersASavedJSONReportAsHTML(t *testing.T) {
	dir := t.TempDir()
	jsonPath, htmlPath := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.html")
	f := &fakeSuite{result: resultWith(report.VerdictPartial)}
	code, _, stderr := invoke(t, f, nil, "--report", jsonPath)
	require.Equal(t, 3, code, stderr)

	var out, errOut bytes.Buffer
	code = run(context.Background(), []string{"report", "--html", htmlPath, jsonPath}, nil, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "verdict partial")
	b, err := os.ReadFile(htmlPath)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<html")

	errOut.Reset()
	code = run(context.Background(), []string{"report", "--html", htmlPath, filepath.Join(dir, "missing.json")}, nil, &out, &errOut)
	assert.Equal(t, 2, code)
}

// The real --list names, per requirement, its source and quote, its scenarios, the Go code
// of their steps and the deviations that prove them.
func TestListShowsProofsPerRequirement(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, listScenarios(&out, steps.Config{Profile: spec.Current}))
	text := out.String()
	assert.Contains(t, text, "Requirements of profile current")
	assert.Regexp(t, `ISO-DUP-001 \(advisory\)[^
]*
  source     [^
]+
  quote      "[^
]+"
(  scenario   features/duplicate\.feature:[^
]*
)+(  step code  internal/steps/steps_[a-z]+\.go:[0-9]+ [A-Za-z]+
)*  step code  internal/steps/steps_isolate\.go:[0-9]+ secondAnswer
  deviations [^
]*duplicate-accepted`, text)
	assert.NotContains(t, text, "deviations (none)", "every requirement is proved by some deviation")
}
