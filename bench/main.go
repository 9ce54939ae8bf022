// Command bench measures the reference mock against a bare net/http handler (the ceiling)
// and Stoplight Prism over loopback, soaks the mock with a million isolations, times
// filtered lookups at 1k/100k/1M stored actions, times the suite and the deviation matrix,
// and times the suite at live latency (actions that take d to complete, one machine and
// four); it prints one table. make bench runs it from the module root.
//
// Every server it drives listens on a loopback port it started itself; the load generator
// refuses any other target. Each load run is bounded in time and in requests.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"
)

// config is the command line.
type config struct {
	duration   time.Duration
	requests   int
	workers    int
	machines   int
	soak       int
	prismDir   string
	skip       string
	rounds     int
	cpuprofile string
	matrixRoot string
	latency    time.Duration
}

func main() {
	var c config
	flag.DurationVar(&c.duration, "duration", 5*time.Second, "length of each load run (bare, mock, Prism)")
	flag.IntVar(&c.requests, "requests", 500_000, "most requests of each load run")
	flag.IntVar(&c.workers, "workers", 8, "concurrent keep-alive connections of each load run")
	flag.IntVar(&c.machines, "machines", 1_000, "machines the load spreads isolate/release over")
	flag.IntVar(&c.soak, "soak", 1_000_000, "isolations of the soak (in-process handler calls)")
	flag.StringVar(&c.prismDir, "prism", "bench/prism", "folder where npm installed @stoplight/prism-cli")
	flag.IntVar(&c.rounds, "rounds", 5, "rounds the load runs alternate in (bare, mock, Prism, bare, ...)")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of the bare and mock load runs to this file")
	flag.StringVar(&c.matrixRoot, "matrix-root", ".", "module root whose internal/matrix is timed")
	flag.DurationVar(&c.latency, "latency-delay", 10*time.Second, "completion delay d of the live-latency runs (the suite against a mock taken for a live target)")
	flag.StringVar(&c.skip, "skip", "", "comma-separated sections to skip: load,prism,soak,lookup,suite,matrix,latency")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	t := &table{}
	if err := run(ctx, c, t); err != nil {
		t.print(os.Stdout)
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	t.print(os.Stdout)
}

func (c config) skipped(section string) bool {
	for s := range strings.SplitSeq(c.skip, ",") {
		if strings.TrimSpace(s) == section {
			return true
		}
	}
	return false
}

func run(ctx context.Context, c config, t *table) error {
	// The soak runs first, so that its memory readings start from a fresh process.
	if !c.skipped("soak") {
		if err := soakSection(ctx, c, t); err != nil {
			return err
		}
	}
	if !c.skipped("load") {
		if err := loadSection(ctx, c, t); err != nil {
			return err
		}
	}
	if !c.skipped("lookup") {
		if err := lookupSection(ctx, t); err != nil {
			return err
		}
	}
	if !c.skipped("suite") {
		if err := suiteSection(ctx, t); err != nil {
			return err
		}
	}
	if !c.skipped("matrix") {
		if err := matrixSection(ctx, t, c.matrixRoot); err != nil {
			return err
		}
	}
	if !c.skipped("latency") {
		if err := latencySection(ctx, t, c.latency); err != nil {
			return err
		}
	}
	return nil
}

// loadSection drives the bare handler, the mock and Prism (when installed and not skipped)
// in alternating rounds, so that a change in the machine's load falls on all alike.
func loadSection(ctx context.Context, c config, t *table) error {
	bareSrv, err := serveBare(ctx)
	if err != nil {
		return err
	}
	defer bareSrv.close()
	mockSrv, token, machines, err := serveMock(ctx, c.machines)
	if err != nil {
		return err
	}
	defer mockSrv.close()
	targets := []loadConfig{
		{BaseURL: bareSrv.URL + "/api", Token: "bare", Machines: machines},
		{BaseURL: mockSrv.URL + "/api", Token: token, Machines: machines},
	}
	prismSkipped := "skipped with -skip prism"
	if !c.skipped("prism") {
		prism, reason, err := startPrism(ctx, c.prismDir)
		if err != nil {
			return err
		}
		prismSkipped = reason
		if prism != nil {
			defer prism.stop()
			// Prism checks that a bearer token is present, not what it holds.
			targets = append(targets, loadConfig{BaseURL: prism.URL + "/api", Token: token, Machines: machines})
		}
	}
	if c.cpuprofile != "" {
		stopProfile, err := startProfile(c.cpuprofile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	results, err := alternate(ctx, c, targets)
	if err != nil {
		return err
	}
	bare, m := results[0], results[1]
	t.load("bare net/http handler (ceiling)", bare, loadResult{})
	t.load("mock (token, validation, state)", m, bare)
	t.target("mock >= 50% of bare", m.RPS() >= 0.5*bare.RPS(), fmt.Sprintf("%.0f%%", 100*m.RPS()/bare.RPS()))
	if len(results) > 2 {
		pr := results[2]
		t.load("Prism 5.16.0 (static 201 example)", pr, bare)
		t.add("load: mock / Prism", "ratio", fmt.Sprintf("%.1fx", m.RPS()/pr.RPS()), "requests per second of the mock over Prism's")
	} else {
		t.add("load: Prism", "skipped", prismSkipped, "")
	}
	return nil
}

// alternate runs each target for c.duration in all, in c.rounds rounds taken in turn, each
// round bounded by its share of c.requests, and merges each target's rounds.
func alternate(ctx context.Context, c config, targets []loadConfig) ([]loadResult, error) {
	rounds := max(c.rounds, 1)
	out := make([]loadResult, len(targets))
	for range rounds {
		for i, tc := range targets {
			tc.Workers = c.workers
			tc.Duration = c.duration / time.Duration(rounds)
			tc.MaxRequests = max(c.requests/rounds, 1)
			r, err := runLoad(ctx, tc)
			if err != nil {
				return nil, err
			}
			out[i] = out[i].merge(r)
		}
	}
	return out, nil
}
