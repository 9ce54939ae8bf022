package report

import (
	"slices"
	"strings"
)

// rollUp computes one RequirementVerdict per requirement: every registry
// entry, plus any id a scenario names that the registry lacks (so an unknown
// tag is visible rather than dropped). Each verdict's status is the worst
// outcome the scenarios give that requirement, attributed precisely: a failed
// scenario fails the requirement its failure names, and leaves the scenario's
// other requirements not checked (StatusSkip with the reason); an advisory
// finding warns its own requirement only.
func rollUp(registry []Requirement, scenarios []Scenario) []RequirementVerdict {
	byID := map[string]*RequirementVerdict{}
	for _, q := range registry {
		byID[q.ID] = &RequirementVerdict{ID: q.ID, Area: q.Area, Level: q.Level, Text: q.Text, Reasoning: q.Reasoning}
	}
	verdict := func(id string, s Scenario) *RequirementVerdict {
		v, ok := byID[id]
		if !ok {
			v = &RequirementVerdict{ID: id, Area: s.Area, Level: s.Level}
			byID[id] = v
		}
		return v
	}
	for _, s := range scenarios {
		ids := slices.Clone(s.RequirementIDs)
		for _, f := range outcomeRequirements(s) {
			if !slices.Contains(ids, f) {
				ids = append(ids, f)
			}
		}
		for _, id := range ids {
			v := verdict(id, s)
			v.Scenarios = append(v.Scenarios, s.Name)
			st, ev := outcome(s, id)
			if st > v.Status {
				v.Status, v.Evidence = st, ev
			} else if st == v.Status && v.Evidence == "" {
				v.Evidence = ev
			}
		}
	}
	out := make([]RequirementVerdict, 0, len(byID))
	for _, v := range byID {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b RequirementVerdict) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// outcomeRequirements are the requirements a scenario's failure or findings name.
func outcomeRequirements(s Scenario) []string {
	var out []string
	if f := s.Failure; f != nil && f.RequirementID != "" {
		out = append(out, f.RequirementID)
	}
	for _, f := range s.Findings {
		if f.RequirementID != "" {
			out = append(out, f.RequirementID)
		}
	}
	return out
}

// outcome is the status and one-line evidence scenario s gives requirement id.
func outcome(s Scenario, id string) (Status, string) {
	for _, f := range s.Findings {
		if f.RequirementID == id {
			return StatusWarn, s.Name + ": expected " + oneLine(f.Expected) + ", got " + oneLine(f.Actual)
		}
	}
	switch s.Status {
	case StatusFail:
		f := s.Failure
		switch {
		case f == nil:
			return StatusFail, s.Name + ": failed"
		case f.RequirementID == "" || f.RequirementID == id:
			return StatusFail, s.Name + ": expected " + oneLine(f.Expected) + ", got " + oneLine(f.Actual)
		default:
			return StatusSkip, s.Name + ": not checked: the scenario stopped when " + f.RequirementID + " failed"
		}
	case StatusWarn:
		return StatusPass, ""
	case StatusSkip, StatusError, StatusNotSupported:
		return s.Status, s.Name + ": " + oneLine(s.Reason)
	default:
		return s.Status, ""
	}
}

// oneLine folds whitespace runs, newlines included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
