package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// printedEnv reads `isoconform mock --print-tokens` output until the mock is ready and
// returns, per profile, the variables its block exports (os.Environ form).
func printedEnv(t *testing.T, out io.Reader) map[string][]string {
	t.Helper()
	envs := map[string][]string{}
	profile := ""
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# profile "):
			profile = strings.TrimSuffix(strings.Fields(line)[2], ",")
		case strings.HasPrefix(line, "export ") && profile != "":
			k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
			require.True(t, ok, line)
			envs[profile] = append(envs[profile], k+"="+strings.Trim(v, "'"))
		case line == "":
			profile = ""
		case strings.HasPrefix(line, "Press Ctrl-C"):
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return envs
		}
	}
	t.Fatal("the mock stopped before it was ready")
	return nil
}

// The suite run at a standalone mock with everything --print-tokens prints is conformant in
// both profiles: every role's token (expired, wrong-audience and wrong-issuer included), the
// machines, and a lifecycle that keeps a fresh action pending for the duplicate and cancel
// scenarios.
func TestSuiteAgainstStandaloneMockIsConformant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite twice against a standalone mock (about 40 s); not in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	mockCtx, stopMock := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		code := run(mockCtx, []string{"mock", "--addr", "127.0.0.1:0", "--print-tokens"}, nil, pw, io.Discard)
		_ = pw.CloseWithError(io.EOF)
		assert.Equal(t, 0, code)
	}()
	defer func() { stopMock(); wg.Wait() }()
	envs := printedEnv(t, pr)
	require.Len(t, envs, 2)
	for _, profile := range []string{"preview-2017", "current"} {
		env := envs[profile]
		joined := strings.Join(env, "\n")
		for _, role := range []string{"EXPIRED", "WRONG_AUDIENCE", "WRONG_ISSUER"} {
			assert.Contains(t, joined, "ISOCONFORM_TOKEN_"+role+"=eyJ", profile)
		}
		assert.Contains(t, joined, "ISOCONFORM_MACHINE_ID=")
		base := ""
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, "ISOCONFORM_BASE_URL="); ok {
				base = v
			}
		}
		require.NotEmpty(t, base, profile)
		t.Run(profile, func(t *testing.T) {
			code, out, stderr := runArgsEnv(ctx, env, "run")
			require.Equal(t, 0, code, "%s\n%s", tail(out, 3000), stderr)
			assert.Contains(t, out, "profile "+profile+"  target "+base+"\n", "the run went to the standalone mock, not the embedded one")
			assert.Contains(t, out, "Verdict: conformant (exit code 0)")
			assert.Contains(t, out, "0 skip")
		})
	}
}

func runArgsEnv(ctx context.Context, env []string, args ...string) (int, string, string) {
	var out, errOut strings.Builder
	code := run(ctx, args, env, &out, &errOut)
	return code, out.String(), errOut.String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
