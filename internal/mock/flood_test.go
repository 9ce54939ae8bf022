package mock

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// Bounds of the flood test: its connections, what each sends, and the memory the process
// (mock and flooding clients together) may reach.
const (
	floodConns     = 500              // of each kind: unauthenticated, authenticated, token requests
	floodBody      = MaxBodyBytes - 8 // declared length, just within the limit
	floodSent      = floodBody - 64   // what is sent before stalling
	floodMemBound  = 200 << 20
	floodWriteTime = 20 * time.Second // bounds each connection's write
)

// memPeak samples the process's memory until stop is closed.
type memPeak struct {
	mu            sync.Mutex
	sys, heap, rs uint64
	budget        int64 // the most body memory reserved
	server        *Server
}

func (p *memPeak) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rss := residentBytes()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sys, p.heap, p.rs = max(p.sys, m.Sys), max(p.heap, m.HeapInuse), max(p.rs, rss)
	if p.server != nil {
		p.budget = max(p.budget, p.server.bodies.inUse())
	}
}

func (p *memPeak) watch(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		p.sample()
		select {
		case <-stop:
			p.sample()
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// residentBytes returns the process's resident set size from /proc (0 where there is none).
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Under 500 unauthenticated, 500 authenticated and 500 token-request connections, each sending
// a body of almost 1 MiB and then stalling, the mock's memory stays bounded (the process, flooding clients
// included, under 200 MiB) and a normal isolate is still answered 201.
func TestStalledBodiesStayBounded(t *testing.T) {
	ctx := context.Background()
	// No rate limit: every authenticated body reaches the body reading, none is throttled first.
	run, err := Start(ctx, Options{RateLimit: RateLimit{Disabled: true}}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_ = run.Close(c)
	})
	addr := strings.TrimPrefix(run.URL, "http://")
	tok, err := run.Server.Token("machine-isolate", spec.Current)
	require.NoError(t, err)
	machine := run.Server.Machines()[0].ID

	runtime.GC()
	var start memPeak
	start.sample()
	peak := memPeak{server: run.Server}
	stop, watched := make(chan struct{}), make(chan struct{})
	go peak.watch(stop, watched)

	body := bytes.Repeat([]byte("x"), floodSent) // one buffer, shared by every sender
	var conns sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	tokenPath := "/" + run.Server.TenantID() + "/oauth2/v2.0/token"
	for i := range 3 * floodConns {
		conns.Go(func() {
			c, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				return // refused under load is a bounded answer too
			}
			mu.Lock()
			open = append(open, c)
			mu.Unlock()
			path, auth, ct := "/api/machines/"+machine+"/isolate", "", "application/json"
			switch i % 3 {
			case 1:
				auth = "Authorization: Bearer " + tok + "\r\n"
			case 2: // the token endpoint, which reads its form before it knows the caller
				path, ct = tokenPath, "application/x-www-form-urlencoded"
			}
			_ = c.SetWriteDeadline(time.Now().Add(floodWriteTime))
			_, _ = fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
				path, addr, auth, ct, floodBody)
			_, _ = c.Write(body) // then stall: the connection stays open, the body unfinished
		})
	}
	conns.Wait()
	runtime.GC()
	peak.sample()

	// A normal isolate, while the stalled connections are still open.
	hc := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodPost, run.URL+"/api/machines/"+machine+"/isolate",
		strings.NewReader(`{"Comment":"during the flood","IsolationType":"Full"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	close(stop)
	<-watched
	mu.Lock()
	for _, c := range open {
		_ = c.Close()
	}
	n := len(open)
	mu.Unlock()

	t.Logf("%d connections opened; peak Go Sys %d MiB (before %d), heap in use %d MiB (before %d), RSS %d MiB (before %d); body memory reserved at most %d MiB",
		n, peak.sys>>20, start.sys>>20, peak.heap>>20, start.heap>>20, peak.rs>>20, start.rs>>20, peak.budget>>20)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "a normal isolate during the flood")
	assert.Less(t, peak.sys, uint64(floodMemBound), "memory obtained from the OS")
	assert.Less(t, peak.heap, uint64(floodMemBound), "heap in use")
	if peak.rs > 0 && !raceEnabled {
		assert.Less(t, peak.rs, uint64(floodMemBound), "resident set")
	}
}
