package report

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Recorder collects the results of a run in progress. Its methods are safe
// for concurrent use, so scenarios running in parallel may record directly.
type Recorder struct {
	mu           sync.Mutex
	now          func() time.Time
	run          Run
	requirements []Requirement
	actions      map[string]int // action id -> index in run.Actions
	finished     bool
}

// Option configures a Recorder.
type Option func(*Recorder)

// WithClock makes the Recorder read the time from now instead of time.Now;
// for deterministic tests.
func WithClock(now func() time.Time) Option {
	return func(r *Recorder) { r.now = now }
}

// NewRecorder starts recording a run. header supplies the run's metadata
// (SuiteVersion, Profile, Target, TargetIsMock, hashes, Config,
// InsecureSkipTLSVerify, and Started if already known); its results fields
// are ignored. requirements is the registry for the run's profile: every
// entry gets a RequirementVerdict, StatusUnknown if no scenario checks it.
func NewRecorder(header Run, requirements []Requirement, opts ...Option) *Recorder {
	r := &Recorder{now: time.Now, actions: map[string]int{}}
	for _, o := range opts {
		o(r)
	}
	r.run = header
	r.run.SchemaVersion = SchemaVersion
	r.run.Scenarios, r.run.Requirements, r.run.Actions, r.run.Features = nil, nil, nil, nil
	r.run.Verdict, r.run.VerdictReason, r.run.Error = "", "", ""
	r.run.Config = cloneMap(header.Config)
	r.requirements = slices.Clone(requirements)
	if r.run.Started.IsZero() {
		r.run.Started = r.now()
	}
	return r
}

// AddScenario records a finished or skipped scenario.
func (r *Recorder) AddScenario(s Scenario) {
	s = cloneScenario(s)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run.Scenarios = append(r.run.Scenarios, s)
}

// ScenarioCount returns how many scenarios have been recorded so far.
func (r *Recorder) ScenarioCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.run.Scenarios)
}

// MarkNotSupported turns every recorded scenario of an optional feature reason names into
// StatusNotSupported: reason returns why for a feature, or "" to leave its scenarios alone.
// A scenario that ran before its feature was found missing keeps its steps; its failure and
// findings are dropped, as the feature's requirements are not assessed.
func (r *Recorder) MarkNotSupported(reason func(feature string) string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.run.Scenarios {
		sc := &r.run.Scenarios[i]
		if sc.OptionalFeature == "" || sc.Status == StatusNotSupported {
			continue
		}
		if why := reason(sc.OptionalFeature); why != "" {
			sc.Status, sc.Reason, sc.Failure, sc.Findings = StatusNotSupported, why, nil, nil
		}
	}
}

// CheckedFeatures returns the optional features with a recorded scenario that was assessed
// (any status but not supported or skipped).
func (r *Recorder) CheckedFeatures() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]bool{}
	for _, sc := range r.run.Scenarios {
		if sc.OptionalFeature != "" && sc.Status != StatusNotSupported && sc.Status != StatusSkip {
			out[sc.OptionalFeature] = true
		}
	}
	return out
}

// SetFeatures records what the run knows of each optional feature.
func (r *Recorder) SetFeatures(fs []Feature) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run.Features = slices.Clone(fs)
}

// AddAction records a machine action the suite created. Record it as soon as
// the target returns its id, before trying to release it.
func (r *Recorder) AddAction(a Action) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = r.now()
	}
	r.actions[a.ID] = len(r.run.Actions)
	r.run.Actions = append(r.run.Actions, a)
}

// UpdateAction applies update to the recorded action with the given id, for
// example to mark it released or set its final status. It fails if no
// action with that id was added.
func (r *Recorder) UpdateAction(id string, update func(*Action)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	i, ok := r.actions[id]
	if !ok {
		return fmt.Errorf("report: no action %q recorded", id)
	}
	update(&r.run.Actions[i])
	return nil
}

// SetError records a harness error that spoils the whole run, such as an
// unreachable target; the verdict becomes VerdictError. Several calls join
// their errors.
func (r *Recorder) SetError(err error) {
	if err == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.run.Error = errors.Join(errorOf(r.run.Error), err).Error()
}

func errorOf(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}

// Finish stops recording and returns the run with scenarios and actions
// sorted, requirement verdicts rolled up, failures' requirement texts filled
// in and the verdict decided. Later calls return a fresh copy of the same
// result with the same Finished time.
func (r *Recorder) Finish() *Run {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.finished {
		r.finished = true
		r.run.Finished = r.now()
		r.complete()
	}
	return cloneRun(&r.run)
}

// complete derives everything Finish promises; r.mu is held.
func (r *Recorder) complete() {
	run := &r.run
	slices.SortStableFunc(run.Scenarios, func(a, b Scenario) int {
		if c := strings.Compare(a.Feature, b.Feature); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Name, b.Name)
	})
	slices.SortStableFunc(run.Actions, func(a, b Action) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	run.Requirements = rollUp(r.requirements, run.Scenarios)
	texts := map[string]string{}
	for _, q := range r.requirements {
		texts[q.ID] = q.Text
	}
	for i := range run.Scenarios {
		if f := run.Scenarios[i].Failure; f != nil && f.RequirementText == "" {
			f.RequirementText = texts[f.RequirementID]
		}
		for j := range run.Scenarios[i].Findings {
			if f := &run.Scenarios[i].Findings[j]; f.RequirementText == "" {
				f.RequirementText = texts[f.RequirementID]
			}
		}
	}
	run.AdvisoryFindings = AdvisoryFindings(run)
	run.Verdict, run.VerdictReason = Decide(run)
}
