package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// loadConfig is one load run: isolate then release, machine after machine, by workers
// sharing keep-alive connections to one loopback server, until the duration or the request
// count is spent, whichever comes first.
type loadConfig struct {
	// BaseURL is the API root, e.g. http://127.0.0.1:PORT/api; it must be loopback.
	BaseURL string
	// Token is the bearer token sent with every request.
	Token string
	// Machines are the ids the exchanges spread over; worker w takes machines w, w+workers, ...
	Machines []string
	Workers  int
	Duration time.Duration
	// MaxRequests bounds the requests of the run (all workers together).
	MaxRequests int
}

// loadResult is what a load run measured.
type loadResult struct {
	Requests int
	Elapsed  time.Duration
	P50, P99 time.Duration
	Statuses map[int]int // by HTTP status; 0 counts transport errors

	latencies []time.Duration // sorted
}

// merge adds the requests of another run of the same target.
func (r loadResult) merge(o loadResult) loadResult {
	out := loadResult{Requests: r.Requests + o.Requests, Elapsed: r.Elapsed + o.Elapsed, Statuses: map[int]int{}}
	for _, m := range []map[int]int{r.Statuses, o.Statuses} {
		for c, n := range m {
			out.Statuses[c] += n
		}
	}
	out.latencies = append(slices.Clone(r.latencies), o.latencies...)
	slices.Sort(out.latencies)
	out.P50, out.P99 = quantiles(out.latencies)
	return out
}

// quantiles returns the median and the 99th percentile of sorted latencies.
func quantiles(sorted []time.Duration) (p50, p99 time.Duration) {
	if len(sorted) == 0 {
		return 0, 0
	}
	return sorted[len(sorted)*50/100], sorted[min(len(sorted)*99/100, len(sorted)-1)]
}

// RPS is requests per second.
func (r loadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// StatusMix prints the statuses, e.g. "201:100%" or "201:99.5% 400:0.5%".
func (r loadResult) StatusMix() string {
	codes := make([]int, 0, len(r.Statuses))
	for c := range r.Statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var b bytes.Buffer
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(' ')
		}
		name := strconv.Itoa(c)
		if c == 0 {
			name = "err"
		}
		fmt.Fprintf(&b, "%s:%s", name, percent(float64(r.Statuses[c])/float64(max(r.Requests, 1))))
	}
	return b.String()
}

func percent(f float64) string {
	s := strconv.FormatFloat(100*f, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s + "%"
}

// isolateBody is the document's example request.
var isolateBody = []byte(`{"Comment":"Isolate machine due to alert 1234","IsolationType":"Full"}`)

// releaseBody is the release request.
var releaseBody = []byte(`{"Comment":"Release machine after investigation"}`)

// checkLoopback refuses a base URL whose host is not a loopback address or localhost.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("bench: refusing %s: the load generator only targets loopback", base)
	}
	return nil
}

// runLoad drives cfg and measures it.
func runLoad(ctx context.Context, cfg loadConfig) (loadResult, error) {
	if err := checkLoopback(cfg.BaseURL); err != nil {
		return loadResult{}, err
	}
	if cfg.Workers <= 0 || len(cfg.Machines) < cfg.Workers || cfg.MaxRequests <= 0 || cfg.Duration <= 0 {
		return loadResult{}, errors.New("bench: need workers, a machine per worker, a request bound and a duration")
	}
	transport := &http.Transport{
		Proxy:               nil, // loopback only: never a proxy
		MaxIdleConns:        cfg.Workers,
		MaxIdleConnsPerHost: cfg.Workers,
		MaxConnsPerHost:     cfg.Workers,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()

	var budget sync.Mutex
	left := cfg.MaxRequests
	take := func() bool {
		budget.Lock()
		defer budget.Unlock()
		if left == 0 {
			return false
		}
		left--
		return true
	}
	type workerResult struct {
		lat      []time.Duration
		statuses map[int]int
	}
	results := make([]workerResult, cfg.Workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := workerResult{lat: make([]time.Duration, 0, min(cfg.MaxRequests/cfg.Workers+1, 1<<20)), statuses: map[int]int{}}
			defer func() { results[w] = res }()
			for m := w; ctx.Err() == nil; m += cfg.Workers {
				machine := cfg.Machines[m%len(cfg.Machines)]
				for _, step := range [2]struct {
					verb string
					body []byte
				}{{"isolate", isolateBody}, {"unisolate", releaseBody}} {
					if !take() {
						return
					}
					t0 := time.Now()
					status := exchange(ctx, client, cfg.BaseURL+"/machines/"+machine+"/"+step.verb, cfg.Token, step.body)
					if ctx.Err() != nil && status == 0 {
						return // the run ended during the request: not a result
					}
					res.lat = append(res.lat, time.Since(t0))
					res.statuses[status]++
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	out := loadResult{Elapsed: elapsed, Statuses: map[int]int{}}
	var all []time.Duration
	for _, r := range results {
		all = append(all, r.lat...)
		for c, n := range r.statuses {
			out.Statuses[c] += n
		}
	}
	out.Requests = len(all)
	if len(all) == 0 {
		return out, errors.New("bench: no request completed")
	}
	slices.Sort(all)
	out.latencies = all
	out.P50, out.P99 = quantiles(all)
	return out, nil
}

// exchange sends one POST and reads the answer whole (so the connection is reused); it
// returns the status, 0 on a transport error.
func exchange(ctx context.Context, client *http.Client, target, token string, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}
