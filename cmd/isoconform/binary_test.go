package main

import (
	"bufio"
	"context"
	"errors"
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
