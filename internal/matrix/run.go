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
	return inProfile(mock.Catalogue(), p, func(d mock.Deviation) []spec.Profile { return d.Profiles })
}

// Variants returns the catalogue's variants that show in profile p, in catalogue order.
func Variants(p spec.Profile) []mock.Variant {
	return inProfile(mock.VariantCatalogue(), p, func(v mock.Variant) []spec.Profile { return v.Profiles })
}

// inProfile keeps the entries of a catalogue whose profiles include p, in order.
func inProfile[T any](all []T, p spec.Profile, profiles func(T) []spec.Profile) []T {
	var out []T
	for _, e := range all {
		if slices.Contains(profiles(e), p) {
			out = append(out, e)
		}
	}
	return out
}

// AllVariants names the run that takes every variant of the profile at once.
const AllVariants = "all-variants"

// job is one suite run of a matrix: the clean mock, one deviation, or variants.
type job struct {
	deviation mock.Deviation
	variant   string   // the name of the run: a variant's, or AllVariants
	variants  []string // the variants the mock takes
	features  []string // the optional features they remove
}

// Run runs the suite of profile p in process against the embedded mock: once clean, once per
// deviation with that deviation alone switched on, once per variant alone and once with all
// the variants given at once (when there are any), Options.Workers runs at a time. The error is
// for a run that could not start (a setup error) or an interrupted matrix; a deviation the
// suite does not catch, or a variant it fails, is an Outcome, not an error.
func Run(ctx context.Context, p spec.Profile, deviations []mock.Deviation, variants []mock.Variant, opts Options) (*Result, error) {
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

	jobs := []job{{}} // the clean mock
	for _, d := range deviations {
		jobs = append(jobs, job{deviation: d})
	}
	all := job{variant: AllVariants}
	for _, v := range variants {
		j := job{variant: v.Name, variants: []string{v.Name}}
		all.variants = append(all.variants, v.Name)
		if v.Feature != "" {
			j.features = []string{v.Feature}
			all.features = append(all.features, v.Feature)
		}
		jobs = append(jobs, j)
	}
	if len(variants) > 0 {
		jobs = append(jobs, all)
	}
	outcomes := make([]Outcome, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for i := range next {
				outcomes[i], errs[i] = runOne(ctx, p, jobs[i], reg, opts)
			}
		})
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	n := 1 + len(deviations)
	return &Result{Profile: p, Clean: outcomes[0], Deviations: outcomes[1:n], Variants: outcomes[n:]}, nil
}

// runOne runs the suite once against the mock the job describes.
func runOne(ctx context.Context, p spec.Profile, j job, reg *spec.Registry, opts Options) (Outcome, error) {
	mo := publicmock.Options{CompletionReads: CompletionReads, CompletionDelay: CompletionDelay, Variants: j.variants}
	if j.deviation.Name != "" {
		mo.Deviations = []string{j.deviation.Name}
	}
	cfg := steps.Config{Profile: p, Concurrency: opts.Concurrency, Timeouts: opts.Timeouts, Embedded: embedded.Mock(mo)}
	if j.variant == "" {
		// Deviations run strict, against a target declared to offer every optional feature: a
		// fault that breaks an advisory requirement is caught too (in a normal run it is a
		// warning), and a faulty 404 is a failure, not an inferred missing feature. The clean
		// mock must pass so as well. Variant runs are what a user runs: not strict, nothing
		// declared, so a variant that removes a feature is inferred not supported.
		cfg.Strict, cfg.SupportedFeatures = true, featureNames()
	}
	start := time.Now()
	r, err := steps.Run(ctx, cfg)
	if err != nil {
		name := j.deviation.Name
		switch {
		case j.variant != "":
			name = "variant " + j.variant
		case name == "":
			name = "the clean mock"
		}
		return Outcome{}, fmt.Errorf("matrix: %s against %s: %w", p, name, err)
	}
	o := summarise(j.deviation, declaredIn(j.deviation, p, reg), r, time.Since(start))
	o.Variant, o.Variants, o.Features = j.variant, j.variants, j.features
	return o, nil
}

// featureNames lists every optional feature, declared supported in deviation runs.
func featureNames() []string {
	var out []string
	for _, f := range spec.Features() {
		out = append(out, string(f))
	}
	return out
}
