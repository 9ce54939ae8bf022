package matrix

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/steps"
	publicmock "github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// DefaultWorkers is how many suite runs a matrix runs at once when Options.Workers is 0. A run
// spends most of its time waiting on the mock's action lifecycle, so two cores keep four busy.
const DefaultWorkers = 4

// Options tune a matrix run. The zero value is what the tests use.
type Options struct {
	// Workers is how many suite runs go at once; 0 means DefaultWorkers.
	Workers int
	// Concurrency is how many scenarios run at once inside one suite run; 0 means the suite's
	// default for the embedded mock.
	Concurrency int
	// Timeouts are the suite's waits in every run, the clean one included; the zero value
	// means Timeouts(), and zero fields of another value take the suite's mock defaults.
	Timeouts steps.Timeouts
}

// The mock's action lifecycle in a matrix run: an action completes on its second read (GET
// machineactions/{id}), as in every suite run against the embedded mock, or after
// CompletionDelay when nobody can read it: a deviation that drops the action's id or breaks
// the GET leaves the suite unable to poll, and the isolation must still end before the
// suite's release gives up (Timeouts: ActionCompletion + Release), or the machine would go
// back to the pool still isolated and spoil the next scenarios' results.
const (
	CompletionReads = 2
	CompletionDelay = 2 * time.Second
)

// Timeouts returns the waits of a matrix run: the embedded mock's (steps.MockTimeouts), with
// an action's completion and a release cut to 1.5 s each. A faithful mock completes an action
// on its second read and never comes near them; a deviation that breaks the GET the suite
// polls costs 1.5 s per wait instead of 5 s.
func Timeouts() steps.Timeouts {
	t := steps.MockTimeouts()
	t.ActionCompletion = 1500 * time.Millisecond
	t.Release = 1500 * time.Millisecond
	return t
}

// Deviations returns the catalogue's deviations that show in profile p, in catalogue order.
func Deviations(p spec.Profile) []mock.Deviation {
	var out []mock.Deviation
	for _, d := range mock.Catalogue() {
		if slices.Contains(d.Profiles, p) {
			out = append(out, d)
		}
	}
	return out
}

// Run runs the suite of profile p in process against the embedded mock: once clean, and once
// per deviation with that deviation alone switched on, Options.Workers runs at a time. The
// error is for a run that could not start (a setup error) or an interrupted matrix; a
// deviation the suite does not catch is an Outcome whose Caught is false, not an error.
func Run(ctx context.Context, p spec.Profile, deviations []mock.Deviation, opts Options) (*Result, error) {
	if _, err := spec.ParseProfile(string(p)); err != nil {
		return nil, err
	}
	reg, err := spec.Requirements()
	if err != nil {
		return nil, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	if opts.Timeouts == (steps.Timeouts{}) {
		opts.Timeouts = Timeouts()
	}

	// Job 0 is the clean mock; job i > 0 is deviations[i-1].
	outcomes := make([]Outcome, len(deviations)+1)
	errs := make([]error, len(deviations)+1)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(outcomes)) {
		wg.Go(func() {
			for i := range jobs {
				var d mock.Deviation
				if i > 0 {
					d = deviations[i-1]
				}
				outcomes[i], errs[i] = runOne(ctx, p, d, reg, opts)
			}
		})
	}
feed:
	for i := range outcomes {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &Result{Profile: p, Clean: outcomes[0], Deviations: outcomes[1:]}, nil
}

// runOne runs the suite once against the mock committing d (nothing when d.Name is "").
func runOne(ctx context.Context, p spec.Profile, d mock.Deviation, reg *spec.Registry, opts Options) (Outcome, error) {
	mo := publicmock.Options{CompletionReads: CompletionReads, CompletionDelay: CompletionDelay}
	if d.Name != "" {
		mo.Deviations = []string{d.Name}
	}
	cfg := steps.Config{Profile: p, Concurrency: opts.Concurrency, Timeouts: opts.Timeouts, Embedded: embedded.Mock(mo)}
	start := time.Now()
	r, err := steps.Run(ctx, cfg)
	if err != nil {
		name := d.Name
		if name == "" {
			name = "the clean mock"
		}
		return Outcome{}, fmt.Errorf("matrix: %s against %s: %w", p, name, err)
	}
	return summarise(d, declaredIn(d, p, reg), r, time.Since(start)), nil
}
