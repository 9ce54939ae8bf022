package mock

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// startMock starts a mock on loopback for the test.
func startMock(t *testing.T, opts Options) *Running {
	t.Helper()
	run, err := Start(context.Background(), opts, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = run.Close(ctx)
	})
	return run
}

// rawRequest writes head (a request line and headers, without the blank line) and body on a
// new connection and returns the answer's status; the connection is left open.
func rawRequest(t *testing.T, run *Running, head, body string) (int, http.Header) {
	t.Helper()
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(run.URL, "http://"), 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = fmt.Fprintf(c, "%s\r\n\r\n%s", head, body)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err, "no answer within 5 s")
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// The caller is authenticated before its body is read: a request without a token is answered
// 401 although its body never comes.
func TestAuthenticationBeforeBody(t *testing.T) {
	run := startMock(t, Options{})
	m := run.Server.Machines()[0].ID
	for _, p := range spec.Profiles() {
		status, _ := rawRequest(t, run, fmt.Sprintf("POST %s/machines/%s/isolate HTTP/1.1\r\nHost: %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: 1000", p.BasePath(), m, strings.TrimPrefix(run.URL, "http://")), "")
		assert.Equal(t, http.StatusUnauthorized, status, p)
	}
}

// A body that finds no room in the server's body memory is answered 503 with Retry-After (not
// a violation: the client did nothing wrong), while a small body still gets through.
func TestBodyMemoryBound(t *testing.T) {
	h := newHarness(t, Options{MaxBodyMemory: 1})
	p := spec.Current
	big := `{"Comment":"` + strings.Repeat("x", 2*freeBodyBytes) + `","IsolationType":"Full"}`
	r := h.isolate(p, h.machine(0), big)
	require.Equal(t, http.StatusServiceUnavailable, r.status, string(r.body))
	assert.Equal(t, codeServiceUnavailable, r.errorCode(t))
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	assert.Empty(t, h.s.Violations())
	assert.Zero(t, h.s.bodies.inUse(), "the reservation is given back")
	r = h.isolate(p, h.machine(0), `{"Comment":"small","IsolationType":"Full"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
}

// A declared length over the limit is refused with 413 before the body is read.
func TestDeclaredLengthOverLimit(t *testing.T) {
	run := startMock(t, Options{})
	tok, err := run.Server.Token("machine-isolate", spec.Current)
	require.NoError(t, err)
	status, _ := rawRequest(t, run, fmt.Sprintf("POST /api/machines/%s/isolate HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d", run.Server.Machines()[0].ID, strings.TrimPrefix(run.URL, "http://"), tok, MaxBodyBytes+1), "")
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
}

// Past MaxConnections open connections, one more is answered 503 and closed; once one closes,
// a new one is served.
func TestConnectionBound(t *testing.T) {
	run := startMock(t, Options{MaxConnections: 2})
	addr := strings.TrimPrefix(run.URL, "http://")
	var idle []net.Conn
	for range 2 {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		idle = append(idle, c)
	}
	// Serve(): the two idle connections hold both slots once accepted.
	require.Eventually(t, func() bool { return len(run.conns.slots) == 2 }, 5*time.Second, 10*time.Millisecond)
	status, h := rawRequest(t, run, "GET /api/machines HTTP/1.1\r\nHost: "+addr, "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, "1", h.Get("Retry-After"))
	for _, c := range idle {
		require.NoError(t, c.Close())
	}
	require.Eventually(t, func() bool { return len(run.conns.slots) == 0 }, 5*time.Second, 10*time.Millisecond)
	status, _ = rawRequest(t, run, "GET /api/machines HTTP/1.1\r\nHost: "+addr, "")
	assert.Equal(t, http.StatusUnauthorized, status)
}
