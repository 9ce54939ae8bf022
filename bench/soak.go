package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

// soakMachines is how many generated machines the soak's isolations rotate over.
const soakMachines = 1_000

// memory is one reading of the process's memory.
type memory struct {
	rawRSS int64  // VmRSS of /proc/self/status as found, bytes
	rss    int64  // VmRSS after a GC that returned free memory to the system
	heap   uint64 // runtime.MemStats.HeapInuse after that GC
}

func readMemory() memory {
	raw := vmRSS()
	debug.FreeOSMemory() // a GC, then free spans go back to the system
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{rawRSS: raw, rss: vmRSS(), heap: ms.HeapInuse}
}

// vmRSS reads VmRSS from /proc/self/status (-1 where there is none).
func vmRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// handlerClient calls a handler in-process, as the server would, without a network.
type handlerClient struct {
	h     http.Handler
	token string
}

// call serves one request and returns the status and body.
func (c handlerClient) call(method, path string, body []byte) (int, []byte) {
	req, _ := http.NewRequest(method, "http://127.0.0.1"+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	w := &recorder{header: http.Header{}}
	c.h.ServeHTTP(w, req)
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.code, w.body.Bytes()
}

// recorder is the smallest ResponseWriter that keeps the status and body.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}

// isolate isolates machine and returns the id of the action its 201 carries.
func (c handlerClient) isolate(machine string) (string, error) {
	status, body := c.call(http.MethodPost, "/api/machines/"+machine+"/isolate", isolateBody)
	if status != http.StatusCreated {
		return "", fmt.Errorf("bench: soak: isolate answered %d: %.200s", status, body)
	}
	var a struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &a); err != nil || len(a.ID) != 36 {
		return "", fmt.Errorf("bench: soak: 201 without an action id: %.200s", body)
	}
	return a.ID, nil
}

// soakSection isolates c.soak times through the mock's handler (in-process calls, no
// network) with the default store bound, and checks that memory stays flat once the store
// is full and that no action is lost: the last DefaultMaxActions ids are all retrievable,
// and older ones (a sample) are evicted, oldest first.
//
// Phase 1 isolates on two goroutines every action that must end up evicted but the last
// margin; phase 2 isolates the rest on one goroutine, so that the order of the store and of
// the ids is the same where the bound falls.
func soakSection(ctx context.Context, c config, t *table) error {
	const bound = mock.DefaultMaxActions
	const margin = 1_000
	if c.soak < bound+margin {
		return fmt.Errorf("bench: -soak must be at least %d", bound+margin)
	}
	s, err := mock.New(mock.Options{ExtraMachines: soakMachines, RateLimit: mock.RateLimit{Disabled: true}})
	if err != nil {
		return err
	}
	token, err := s.Token("machine-isolate", spec.Current)
	if err != nil {
		return err
	}
	client := handlerClient{h: s.Handler(), token: token}
	machines := machineIDs(soakMachines)
	phase1 := c.soak - bound - margin
	const samples = 100
	sampleEvery := max(phase1/samples, 1)
	sampled := make([]string, 0, samples+1) // ids of phase 1 that must be evicted
	last := make([][36]byte, bound+margin)  // every id of phase 2, allocated before the first reading
	before := readMemory()
	start := time.Now()

	var next atomic.Int64
	var atBound memory
	var once sync.Once
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= phase1 {
					return
				}
				id, err := client.isolate(machines[i%len(machines)])
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				if i%sampleEvery == 0 {
					mu.Lock()
					sampled = append(sampled, id)
					mu.Unlock()
				}
				if i == bound {
					once.Do(func() { atBound = readMemory() })
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for i := range last {
		if err := ctx.Err(); err != nil {
			return err
		}
		id, err := client.isolate(machines[(phase1+i)%len(machines)])
		if err != nil {
			return err
		}
		copy(last[i][:], id)
		if phase1+i == bound {
			once.Do(func() { atBound = readMemory() })
		}
	}
	elapsed := time.Since(start)
	after := readMemory()

	// No action lost: every id of the last `bound` isolations answers 200; the margin before
	// them and the sample of phase 1, older, answer 404 (evicted first).
	for i, id := range last {
		status, body := client.call(http.MethodGet, "/api/machineactions/"+string(id[:]), nil)
		want := http.StatusOK
		if i < margin {
			want = http.StatusNotFound
		}
		if status != want {
			return fmt.Errorf("bench: soak: action %d of the last %d (%s) answered %d, want %d: %.200s", i, len(last), id[:], status, want, body)
		}
	}
	for _, id := range sampled {
		if status, _ := client.call(http.MethodGet, "/api/machineactions/"+id, nil); status != http.StatusNotFound {
			return fmt.Errorf("bench: soak: old action %s answered %d, want 404 (evicted)", id, status)
		}
	}
	t.add("soak (in-process handler calls)", "isolations, rate", fmt.Sprintf("%d in %s, %.0f/s", c.soak, elapsed.Round(time.Millisecond),
		float64(c.soak)/elapsed.Seconds()), fmt.Sprintf("%d machines, 2 goroutines then 1; store bound %d (FIFO)", soakMachines, bound))
	t.add("soak", "RSS before / at bound / after", fmt.Sprintf("%s / %s / %s", mib(before.rss), mib(atBound.rss), mib(after.rss)),
		fmt.Sprintf("after a GC returning free memory; as found: %s / %s / %s; heap in use %s / %s / %s",
			mib(before.rawRSS), mib(atBound.rawRSS), mib(after.rawRSS),
			mib(int64(before.heap)), mib(int64(atBound.heap)), mib(int64(after.heap))))
	t.add("soak", "no action lost", fmt.Sprintf("last %d ids: 200; %d older: 404", bound, margin+len(sampled)), "every 201 id retrievable until evicted, oldest first")
	grown := float64(after.rss) / float64(max(atBound.rss, 1))
	t.target("memory flat after the store's bound (RSS after / at bound <= 1.25)", grown <= 1.25, fmt.Sprintf("x%.2f", grown))
	return nil
}
