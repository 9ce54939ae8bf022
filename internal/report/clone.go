package report

import (
	"maps"
	"slices"
)

// cloneRun returns a deep copy of run, so a caller may change the copy
// without touching the original.
func cloneRun(run *Run) *Run {
	c := *run
	c.Config = cloneMap(run.Config)
	c.Scenarios = slices.Clone(run.Scenarios)
	for i := range c.Scenarios {
		c.Scenarios[i] = cloneScenario(c.Scenarios[i])
	}
	c.Requirements = slices.Clone(run.Requirements)
	for i := range c.Requirements {
		c.Requirements[i].Scenarios = slices.Clone(c.Requirements[i].Scenarios)
	}
	c.Actions = slices.Clone(run.Actions)
	c.Features = slices.Clone(run.Features)
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return maps.Clone(m)
}

// cloneScenario returns s with its slices and failure copied.
func cloneScenario(s Scenario) Scenario {
	s.Tags = slices.Clone(s.Tags)
	s.RequirementIDs = slices.Clone(s.RequirementIDs)
	s.Steps = slices.Clone(s.Steps)
	s.Findings = slices.Clone(s.Findings)
	if s.Failure != nil {
		f := *s.Failure
		s.Failure = &f
	}
	return s
}
