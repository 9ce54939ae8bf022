package mock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// lookupSizes are the store sizes BenchmarkListActionsFilter measures (make bench prints them).
var lookupSizes = []int{1_000, 100_000, 1_000_000}

// lookupMatches is how many stored actions each measured filter matches, at every size: an
// index answers in the same time whatever the store holds, a scan in time growing with it.
const lookupMatches = 10

// seedLookupStore returns a server whose store holds n current-profile actions, one a second
// up to the clock's now: lookupMatches of them on the target machine (spread out) and the rest
// on 1,000 others; the newest lookupMatches are Pending (CompletionDelay one minute), every
// other is Succeeded.
func seedLookupStore(b testing.TB, n int) (*Server, string) {
	b.Helper()
	clock := newFakeClock()
	s, err := New(Options{MaxActions: n, ExtraMachines: 1_001, CompletionDelay: time.Minute, Now: clock.Now,
		RateLimit: RateLimit{Disabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	target := ExtraMachineID(1_000)
	now := clock.Now()
	step := time.Minute / (2 * lookupMatches) // the newest lookupMatches lie within the delay
	oldest := now.Add(-time.Duration(n-1) * step)
	for i := range n {
		machine := ExtraMachineID(i % 1_000)
		if i%(n/lookupMatches) == n/lookupMatches-1 {
			machine = target
		}
		a := &action{id: guid.New(), kind: typeIsolate, scope: "Full", requestor: "bench@contoso.example",
			comment: "seeded", machineID: machine, dnsName: "bench.contoso.example", profile: spec.Current,
			created: oldest.Add(time.Duration(i) * step)}
		if _, err := s.store.add(a, a.created, s.opts.CompletionDelay, admitAlways); err != nil {
			b.Fatal(err)
		}
	}
	return s, target
}

// lookupQueries are the measured queries: a filter on machineId, on status, and on a status
// most actions have with $top.
func lookupQueries(target string) []struct{ name, query string } {
	q := func(filter, top string) string {
		v := url.Values{"$filter": {filter}}
		if top != "" {
			v.Set("$top", top)
		}
		return v.Encode()
	}
	return []struct{ name, query string }{
		{"machineId", q("machineId eq '"+target+"'", "")},
		{"status", q("status eq 'Pending'", "")},
		{"status-top", q("status eq 'Succeeded'", strconv.Itoa(lookupMatches))},
	}
}

// getList serves GET machineactions?query and returns the status and the actions listed.
func getList(h http.Handler, tok, query string) (int, []map[string]any, string) {
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1/api/machineactions?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body struct {
		Value []map[string]any `json:"value"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body.Value, rec.Body.String()
}

// BenchmarkListActionsFilter measures GET machineactions?$filter=... through Handler() with
// 1k, 100k and 1M actions stored, each query listing lookupMatches actions.
func BenchmarkListActionsFilter(b *testing.B) {
	for _, n := range lookupSizes {
		s, target := seedLookupStore(b, n)
		tok, err := s.Token("machine-isolate", spec.Current)
		if err != nil {
			b.Fatal(err)
		}
		h := s.Handler()
		for _, lq := range lookupQueries(target) {
			b.Run(fmt.Sprintf("%s/%d", lq.name, n), func(b *testing.B) {
				for b.Loop() {
					if code, _, body := getList(h, tok, lq.query); code != http.StatusOK {
						b.Fatalf("%d %s", code, body)
					}
				}
			})
		}
	}
}

// TestLookupQueriesMatchTheSeed checks what the benchmark measures: each query lists
// lookupMatches actions, the right ones.
func TestLookupQueriesMatchTheSeed(t *testing.T) {
	s, target := seedLookupStore(t, 1_000)
	tok, err := s.Token("machine-isolate", spec.Current)
	if err != nil {
		t.Fatal(err)
	}
	for _, lq := range lookupQueries(target) {
		code, list, body := getList(s.Handler(), tok, lq.query)
		if code != http.StatusOK || len(list) != lookupMatches {
			t.Fatalf("%s: %d, %d actions, want %d: %.300s", lq.name, code, len(list), lookupMatches, body)
		}
		for _, a := range list {
			switch lq.name {
			case "machineId":
				if a["machineId"] != target {
					t.Fatalf("%s listed %v", lq.name, a)
				}
			case "status":
				if a["status"] != "Pending" {
					t.Fatalf("%s listed %v", lq.name, a)
				}
			}
		}
	}
}
