package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInterrupts runs the real executable and interrupts it: early in a run against the
// embedded mock (repeated: the mock must stay up until every release is done), and twice
// when the process was started with SIGINT ignored, as a script's `&` does.
func TestInterrupts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)

	t.Run("SIGINT early in an embedded run leaves nothing unreleased", func(t *testing.T) {
		for i := range 3 {
			cmd := exec.Command(bin)
			cmd.Env = cleanEnv()
			out, rest, code := interruptAfterFirstScenario(t, cmd)
			assert.Contains(t, []int{0, 130}, code, "try %d: stderr:\n%s", i, rest)
			assert.NotContains(t, out, "NOT RELEASED", "try %d:\n%s", i, out)
		}
	})

	t.Run("a second SIGINT aborts at once, even when SIGINT was ignored at start", func(t *testing.T) {
		// No action can be fetched: no release is ever confirmed, so the release phase lasts
		// its whole grace (60 s) unless the second interrupt ends it.
		root, tokenEnv, machine := startMock(t, bin, "--deviate", "get-action-404")
		// trap '' INT: the shell starts the run with SIGINT ignored, as for `cmd &`.
		cmd := exec.Command("sh", "-c", `trap '' INT; exec "$0" "$@"`, bin,
			"--base-url", root+"/testwdatppreview", "--machine-id", machine, "--tags", "@req:ISO-HTTP-001")
		cmd.Env = append(cleanEnv(), tokenEnv...)
		var errOut lockedBuffer
		cmd.Stderr = &errOut
		require.NoError(t, cmd.Start())
		// Interrupt once the isolation exists, and again once the release phase has begun
		// (a second signal sent before the first is handled would be taken as the first).
		require.Eventually(t, func() bool { return mockHasActions(t, root, tokenEnv) }, 20*time.Second, 100*time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		require.Eventually(t, func() bool { return strings.Contains(errOut.String(), "releasing every isolation made") },
			30*time.Second, 50*time.Millisecond, "the first interrupt was not acknowledged")
		second := time.Now()
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		code := exitCode(t, cmd.Wait())
		rest := []byte(errOut.String())
		assert.Equal(t, 130, code, "stderr:\n%s", rest)
		assert.Less(t, time.Since(second), 5*time.Second, "the second interrupt did not abort at once")
		assert.Contains(t, string(rest), "releasing every isolation made")
		assert.Contains(t, string(rest), "second interrupt: aborting at once")
	})

	t.Run("SIGTERM against a target whose actions cannot be fetched exits 130 within the grace", func(t *testing.T) {
		root, tokenEnv, machine := startMock(t, bin, "--deviate", "get-action-404")
		cmd := exec.Command(bin, "--base-url", root+"/testwdatppreview", "--machine-id", machine, "--release-grace", "3s",
			"--tags", "@req:ISO-HTTP-001")
		cmd.Env = append(cleanEnv(), tokenEnv...)
		var out strings.Builder
		cmd.Stdout = &out
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		// Once the isolation exists: its status can never be read, so it is never confirmed.
		require.Eventually(t, func() bool { return mockHasActions(t, root, tokenEnv) }, 20*time.Second, 100*time.Millisecond)
		signalled := time.Now()
		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		rest, _ := io.ReadAll(stderr)
		code := exitCode(t, cmd.Wait())
		assert.Equal(t, 130, code, "stderr:\n%s\nstdout:\n%s", rest, out.String())
		assert.Less(t, time.Since(signalled), 3*time.Second+5*time.Second, "the release phase outlived its grace")
		assert.Contains(t, out.String(), "release it: curl", "an action not confirmed released has no release command")
	})
}

// mockHasActions reports whether the mock at root lists a machine action (preview-2017).
func mockHasActions(t *testing.T, root string, tokenEnv []string) bool {
	t.Helper()
	tok := ""
	for _, kv := range tokenEnv {
		if v, ok := strings.CutPrefix(kv, "ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR="); ok {
			tok = v
		}
	}
	req, err := http.NewRequest(http.MethodGet, root+"/testwdatppreview/machineactions", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var list struct {
		Value []json.RawMessage `json:"value"`
	}
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&list) == nil && len(list.Value) > 0
}

// lockedBuffer is an io.Writer for a child's output that a test may read while the child
// still writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// interruptAfterFirstScenario starts cmd, sends it SIGINT once the first scenario is done (its
// progress mark is on stderr), and returns its stdout, the rest of its stderr and its exit code.
func interruptAfterFirstScenario(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, code int) {
	t.Helper()
	var out strings.Builder
	cmd.Stdout = &out
	errPipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	mark := make([]byte, 1)
	_, err = io.ReadFull(errPipe, mark)
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(errPipe)
	code = exitCode(t, cmd.Wait())
	return out.String(), string(rest), code
}
