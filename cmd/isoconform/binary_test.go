package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildBinary compiles the command once per test into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "isoconform")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// exitCode returns the exit code behind the error of cmd.Run or cmd.Wait.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// TestBinary runs the real executable: the main job (no arguments: the
// embedded mock, the default profile, exit 0), the live-target refusal, and
// the mock's graceful stop on SIGINT.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	env := cleanEnv()

	t.Run("no arguments runs the default profile against the embedded mock and exits 0", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin)
		cmd.Env = env
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		code := exitCode(t, cmd.Run())
		assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
		assert.Contains(t, out.String(), "preview-2017")
		assert.Contains(t, out.String(), "conformant")
	})

	t.Run("a live target without --allow-live exits 2 before sending anything", func(t *testing.T) {
		cmd := exec.Command(bin, "run", "--base-url", "https://defender.example.invalid/api", "--token", "security-administrator=canary-live-0c9d")
		cmd.Env = env
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		assert.Equal(t, 2, exitCode(t, cmd.Run()))
		assert.Contains(t, out.String(), "nothing was sent")
		assert.Contains(t, out.String(), "--allow-live")
		assert.NotContains(t, out.String(), "canary-live-0c9d")
	})

	t.Run("the mock stops gracefully on SIGINT", func(t *testing.T) {
		cmd := exec.Command(bin, "mock", "--addr", "127.0.0.1:0")
		cmd.Env = env
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		lines := bufio.NewScanner(stdout)
		require.True(t, lines.Scan())
		assert.Contains(t, lines.Text(), "isoconform mock listening on http://127.0.0.1:")
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		var rest strings.Builder
		for lines.Scan() {
			rest.WriteString(lines.Text() + "\n")
		}
		assert.Equal(t, 0, exitCode(t, cmd.Wait()), rest.String())
		assert.Contains(t, rest.String(), "isoconform mock stopped")
	})

	t.Run("SIGINT during a run releases the isolations and exits 130", func(t *testing.T) {
		root, tokenEnv, machine := startMock(t, bin, "--completion-delay", "1s")
		require.NotEmpty(t, machine)
		cmd := exec.Command(bin, "--base-url", root+"/testwdatppreview", "--machine-id", machine)
		cmd.Env = append(cleanEnv(), tokenEnv...)
		out, rest, code := interruptAfterFirstScenario(t, cmd)
		assert.Equal(t, 130, code, "stderr:\n%s\nstdout:\n%s", rest, out)
		assert.Contains(t, rest, "releasing every isolation made")
		assert.Contains(t, out, "(exit code 130)", "the summary gives the exit code the process ends with")
		assert.NotContains(t, out, "NOT RELEASED")
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "  - Isolate ") {
				assert.Contains(t, line, "released by", "an isolation was left behind")
			}
		}
	})
}

// startMock starts `isoconform mock --print-tokens` on a free loopback
// port and returns its root URL, the token exports as environment entries,
// and a fixture machine id. The mock is stopped when the test ends.
func startMock(t *testing.T, bin string, args ...string) (root string, tokenEnv []string, machine string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"mock", "--addr", "127.0.0.1:0", "--print-tokens"}, args...)...)
	cmd.Env = cleanEnv()
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
	})
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	preview := false // the tokens of the preview-2017 block only: each profile has its own block
	for lines.Scan() {
		line := lines.Text()
		switch {
		case strings.HasPrefix(line, "isoconform mock listening on "):
			root = strings.TrimPrefix(line, "isoconform mock listening on ")
		case strings.HasPrefix(line, "# profile "):
			preview = strings.HasPrefix(line, "# profile preview-2017,")
		case strings.HasPrefix(line, "export ISOCONFORM_TOKEN_") && preview:
			kv := strings.TrimPrefix(line, "export ")
			k, v, _ := strings.Cut(kv, "=")
			tokenEnv = append(tokenEnv, k+"="+strings.Trim(v, "'"))
		case strings.Contains(line, "/machines/") && strings.Contains(line, "/isolate"):
			_, rest, _ := strings.Cut(line, "/machines/")
			machine, _, _ = strings.Cut(rest, "/")
		case strings.HasPrefix(line, "Press Ctrl-C"):
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return root, tokenEnv, machine
		}
	}
	t.Fatal("the mock did not start")
	return "", nil, ""
}

// cleanEnv is the test process environment without ISOCONFORM_* variables,
// so a developer's settings cannot steer the binary at a live target.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ISOCONFORM_") {
			env = append(env, kv)
		}
	}
	return env
}
