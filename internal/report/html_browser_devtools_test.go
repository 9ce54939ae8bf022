package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"
)

// chromiumFlags keep headless Chromium off the network: without them it
// hangs on a closed network trying to reach Google services.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
}

// devtools is a minimal Chrome DevTools Protocol client over
// --remote-debugging-pipe: JSON messages separated by NUL bytes, written to
// the browser's fd 3 and read from its fd 4.
type devtools struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     *os.File // our end of the browser's fd 3
	out    *bufio.Reader
	outF   *os.File
	stderr *bytes.Buffer
	lastID int
	events []devtoolsMessage
}

type devtoolsMessage struct {
	ID     int             `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// startChromium starts Chromium in its own process group, so that the
// browser and every helper process it forks can be killed together.
func startChromium(ctx context.Context, t *testing.T, chromium string) *devtools {
	t.Helper()
	toBrowser, ourIn, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ourOut, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(chromiumFlags), "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd := exec.CommandContext(ctx, chromium, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser}
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	return &devtools{t: t, cmd: cmd, in: ourIn, out: bufio.NewReader(ourOut), outF: ourOut, stderr: stderr}
}

// close asks the browser to quit, waits, and kills whatever is left of its
// process group.
func (c *devtools) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.call(ctx, "", "Browser.close", nil, nil)
	c.in.Close()
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	c.outF.Close()
	<-done
}

func (c *devtools) must(ctx context.Context, session, method string, params, result any) {
	c.t.Helper()
	if err := c.call(ctx, session, method, params, result); err != nil {
		c.t.Fatalf("%v\nchromium stderr:\n%s", err, c.stderr)
	}
}

// call sends one command and reads messages until its answer arrives,
// keeping the events that come in between.
func (c *devtools) call(ctx context.Context, session, method string, params, result any) error {
	c.lastID++
	msg := map[string]any{"id": c.lastID, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := c.in.Write(append(b, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	for {
		m, err := c.next(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		if m.ID != c.lastID {
			continue
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// waitEvent returns once an event named method has arrived after the
// first `from` events.
func (c *devtools) waitEvent(ctx context.Context, method string, from int) error {
	for {
		for _, ev := range c.events[from:] {
			if ev.Method == method {
				return nil
			}
		}
		from = len(c.events)
		if _, err := c.next(ctx); err != nil {
			return fmt.Errorf("waiting for %s: %w", method, err)
		}
	}
}

// next reads one message; an event is also appended to c.events. The
// context's deadline kills the browser, which ends a blocked read.
func (c *devtools) next(ctx context.Context) (devtoolsMessage, error) {
	if err := ctx.Err(); err != nil {
		return devtoolsMessage{}, err
	}
	raw, err := c.out.ReadBytes(0)
	if err != nil {
		if ctx.Err() != nil {
			err = errors.Join(ctx.Err(), err)
		}
		return devtoolsMessage{}, err
	}
	var m devtoolsMessage
	if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
		return m, err
	}
	if m.Method != "" {
		c.events = append(c.events, m)
	}
	return m, nil
}
