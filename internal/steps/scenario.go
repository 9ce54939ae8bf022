package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/report"
)

// scenario is the state of one running scenario. It lives in the scenario's context; nothing
// of it is shared with other scenarios.
type scenario struct {
	t       *target
	info    scenarioInfo
	started time.Time
	steps   []report.Step
	stepAt  time.Time
	machine string           // the machine the scenario acts on
	leased  bool             // a machine came from the pool
	lease   string           // the machine taken from the pool (machine may become a shared isolation's)
	sh      *sharedIsolation // the shared isolation the scenario observes, if any
	// stepTexts are the texts of the scenario's steps, to tell whether it may share an isolation.
	stepTexts []string
	caller    caller
	last      *httpx.Exchange
	lastJSON  any // last response body, parsed; nil if not JSON
	comment   any // the Comment property sent in the last isolate body (absent: nil)
	hasComm   bool
	actions   []*createdAction // isolations this scenario created, in order
	released  map[string]string
	pages     [][]any // pages of a machine list, for the paging check
	// outcome
	skipReason  string
	unsupported string // why the scenario's feature is not supported
	check       *checkError
	findings    []*checkError // advisory checks the target did not meet (not strict)
	harnessErr  error
	violations  []violation
}

// createdAction is an isolation (or a release) the target created in this scenario.
type createdAction struct {
	id            string // "" when the target gave none: then label names the action
	label         string // "(no id: …)" or "(no answer: …)", for the report
	kind, machine string
	role          string // the role whose token created it; "" when sent with another header
	shared        bool   // a shared isolation's action: released by the scenario that made it
	status        string
	body          map[string]any
}

// name is how the report names the action: its id, or its label when it has none.
func (a *createdAction) name() string {
	if a.id != "" {
		return a.id
	}
	return a.label
}

// caller says how the scenario authenticates.
type caller struct {
	set    bool
	role   string // token role, "" for none
	header string // literal Authorization header value ("" = none)
	none   bool   // send no Authorization header
	any    bool   // any role that may isolate will do (an authorised caller)
}

type scenarioKey struct{}

// from returns the scenario state in ctx.
func from(ctx context.Context) *scenario {
	s, _ := ctx.Value(scenarioKey{}).(*scenario)
	return s
}

// hooks registers the scenario lifecycle on sc: state in the context before, recording,
// automatic-validation verdict and cleanup after.
func (t *target) hooks(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		info, ok := t.infos[pickleKey(p.Uri, p)]
		if !ok {
			return ctx, harness("scenario %q of %s is not in the catalogue", p.Name, p.Uri)
		}
		s := &scenario{t: t, info: info, started: time.Now(), released: map[string]string{}}
		for _, st := range p.Steps {
			s.stepTexts = append(s.stepTexts, st.Text)
		}
		return context.WithValue(ctx, scenarioKey{}, s), nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		if s := from(ctx); s != nil {
			s.stepAt = time.Now()
		}
		return ctx, nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		s := from(ctx)
		if s == nil {
			return ctx, err
		}
		s.recordStep(st, status, err)
		return ctx, err
	})
	sc.After(func(ctx context.Context, p *godog.Scenario, err error) (context.Context, error) {
		s := from(ctx)
		if s == nil {
			return ctx, err
		}
		return ctx, s.finish(ctx, err)
	})
}

// recordStep keeps the step's outcome and the first check or harness error.
func (s *scenario) recordStep(st *godog.Step, status godog.StepResultStatus, err error) {
	rs := report.Step{Keyword: keywordOf(st), Text: st.Text, Duration: time.Since(s.stepAt)}
	switch status {
	case godog.StepPassed:
		rs.Status = report.StatusPass
	case godog.StepSkipped:
		rs.Status = report.StatusSkip
	case godog.StepFailed:
		rs.Status = report.StatusFail
	default: // undefined, pending, ambiguous: the suite's own defect
		rs.Status = report.StatusError
		if err == nil {
			err = fmt.Errorf("step is %s", status)
		}
		if s.harnessErr == nil {
			s.harnessErr = fmt.Errorf("step %q is %s", st.Text, status)
		}
	}
	if err != nil && !errors.Is(err, godog.ErrSkip) {
		rs.Error = err.Error()
		var ce *checkError
		switch {
		case errors.As(err, &ce):
			if s.check == nil {
				s.check = ce
			}
		case isHarness(err):
			rs.Status = report.StatusError
			if s.harnessErr == nil {
				s.harnessErr = err
			}
		default:
			if s.harnessErr == nil && s.check == nil {
				s.harnessErr = err
			}
		}
	}
	if errors.Is(err, godog.ErrSkip) {
		rs.Error = s.skipReason
	}
	s.steps = append(s.steps, rs)
}

// keywordOf guesses the step's keyword from its type, as the pickle has no keyword.
func keywordOf(st *godog.Step) string {
	switch st.Type {
	case messages.PickleStepType_CONTEXT:
		return "Given "
	case messages.PickleStepType_ACTION:
		return "When "
	case messages.PickleStepType_OUTCOME:
		return "Then "
	}
	return "* "
}

// finish runs after the last step: it turns a schema violation into a failure when the steps
// passed, releases every isolation the scenario created, and records the scenario. It returns
// the error godog should see for the scenario.
func (s *scenario) finish(ctx context.Context, stepErr error) error {
	ret := stepErr
	if err := s.cleanup(s.t.releaseContext(ctx)); err != nil && ret == nil {
		s.harnessErr = err
		ret = err
	}
	if ret == nil && len(s.violations) > 0 && s.check == nil && s.harnessErr == nil && s.skipReason == "" {
		v := s.violations[0]
		ce := &checkError{reqs: []string{v.req}, auto: true, expected: "a response the OpenAPI document allows", actual: v.String(), exchange: v.exchange}
		if !s.advise(ce) {
			s.check = ce
			ret = s.check
		}
	}
	if s.leased {
		s.t.pool.release(s.lease)
	}
	s.record()
	return ret
}

// record adds the scenario to the run's report.
func (s *scenario) record() {
	r := report.Scenario{
		Name: s.info.Name, Feature: s.info.Feature, Line: s.info.Line, Area: s.info.Area,
		Tags: slices.Clone(s.info.Tags), RequirementIDs: slices.Clone(s.info.RequirementIDs),
		Level: s.info.Level, OptionalFeature: string(s.info.OptionalFeature),
		Started: s.started, Duration: time.Since(s.started), Steps: s.steps,
	}
	switch {
	case s.check != nil:
		r.Status = report.StatusFail
		r.Failure = s.failure(s.check)
	case s.harnessErr != nil:
		r.Status = report.StatusError
		r.Reason = s.harnessErr.Error()
	case s.unsupported != "":
		r.Status = report.StatusNotSupported
		r.Reason = s.unsupported
	case s.skipReason != "":
		r.Status = report.StatusSkip
		r.Reason = s.skipReason
	case len(s.findings) > 0:
		r.Status = report.StatusWarn
	default:
		r.Status = report.StatusPass
	}
	for _, f := range s.findings {
		r.Findings = append(r.Findings, *s.failure(f))
	}
	s.t.rec.AddScenario(r)
	if s.t.progress != nil {
		s.t.progress.Add(r.Status)
	}
}

// failure renders a checkError as the report's Failure: requirement, expected, actual,
// the redacted exchange and a curl line whose token is a placeholder.
func (s *scenario) failure(ce *checkError) *report.Failure {
	id := s.requirementFor(ce)
	f := &report.Failure{RequirementID: id, Expected: ce.expected, Actual: ce.actual}
	if q, ok := s.t.requirement(id); ok {
		f.RequirementText = q.Text
	}
	if ex := ce.exchange; ex != nil {
		f.Exchange = ex.Transcript()
		placeholder := "$TOKEN"
		if s.caller.role != "" {
			placeholder = "$" + TokenEnv(s.caller.role)
		}
		f.Reproduce = ex.CurlWithToken(placeholder)
	}
	return f
}

// requirementFor picks the requirement a failed check reports: for an automatic check (the
// OpenAPI validation of every response) the rule it broke; else the first of reqs the
// scenario is tagged with, or the scenario's first requirement.
func (s *scenario) requirementFor(ce *checkError) string {
	if ce.auto && len(ce.reqs) > 0 {
		return ce.reqs[0]
	}
	for _, r := range ce.reqs {
		if slices.Contains(s.info.RequirementIDs, r) {
			return r
		}
	}
	if len(s.info.RequirementIDs) > 0 {
		return s.info.RequirementIDs[0]
	}
	return ""
}

// name is the scenario's name for the report's action list.
func (s *scenario) name() string { return strings.TrimSpace(s.info.Name) }
