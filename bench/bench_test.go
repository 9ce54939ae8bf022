package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCheckLoopbackRefusesOtherHosts(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080/api", "http://[::1]:1/api", "http://localhost:9/api", "http://127.9.9.9/api"} {
		if err := checkLoopback(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1/api", "https://api.security.microsoft.com/api", "http://0.0.0.0:80/", "http://[::]:80/", "::"} {
		if err := checkLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := runLoad(context.Background(), loadConfig{BaseURL: "http://192.0.2.1/api", Machines: []string{"a"}, Workers: 1,
		Duration: time.Second, MaxRequests: 1}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("runLoad on a remote host: %v", err)
	}
}

// TestLoadAgainstBareAndMockIsBounded drives both servers for a moment: the request bound
// holds, the mock answers 201 to every isolate and release, on every generated machine.
func TestLoadAgainstBareAndMockIsBounded(t *testing.T) {
	ctx := context.Background()
	bare, err := serveBare(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.close()
	m, token, machines, err := serveMock(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	defer m.close()
	for _, tc := range []loadConfig{
		{BaseURL: bare.URL + "/api", Token: "bare", Machines: machines},
		{BaseURL: m.URL + "/api", Token: token, Machines: machines},
	} {
		tc.Workers, tc.Duration, tc.MaxRequests = 4, 10*time.Second, 200
		r, err := runLoad(ctx, tc)
		if err != nil {
			t.Fatal(err)
		}
		if r.Requests != 200 || r.Statuses[http.StatusCreated] != 200 || r.P50 <= 0 || r.P99 < r.P50 {
			t.Fatalf("%s: %d requests, statuses %s, p50 %s p99 %s", tc.BaseURL, r.Requests, r.StatusMix(), r.P50, r.P99)
		}
	}
}

func TestMergeKeepsQuantilesOfAllRounds(t *testing.T) {
	a := loadResult{Requests: 2, Elapsed: time.Second, Statuses: map[int]int{201: 2}, latencies: []time.Duration{1, 3}}
	b := loadResult{Requests: 2, Elapsed: time.Second, Statuses: map[int]int{201: 1, 0: 1}, latencies: []time.Duration{2, 100}}
	m := a.merge(b)
	if m.Requests != 4 || m.RPS() != 2 || m.P50 != 3 || m.P99 != 100 || m.StatusMix() != "err:25% 201:75%" {
		t.Fatalf("merge = %+v, mix %s", m, m.StatusMix())
	}
}
