package report

import (
	"slices"
	"strings"
)

// rollUp computes one RequirementVerdict per requirement: every registry
// entry, plus any id a scenario names that the registry lacks (so an unknown
// tag is visible rather than dropped). Each verdict's status is the worst
// status of the scenarios naming its id.
func rollUp(registry []Requirement, scenarios []Scenario) []RequirementVerdict {
	byID := map[string]*RequirementVerdict{}
	for _, q := range registry {
		byID[q.ID] = &RequirementVerdict{ID: q.ID, Area: q.Area, Level: q.Level, Text: q.Text}
	}
	for _, s := range scenarios {
		for _, id := range s.RequirementIDs {
			v, ok := byID[id]
			if !ok {
				v = &RequirementVerdict{ID: id, Area: s.Area, Level: s.Level}
				byID[id] = v
			}
			v.Scenarios = append(v.Scenarios, s.Name)
			if s.Status > v.Status {
				v.Status = s.Status
				v.Evidence = evidence(s, id)
			} else if s.Status == v.Status && v.Evidence == "" {
				v.Evidence = evidence(s, id)
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

// evidence is the one-line reason scenario s gives for requirement id.
func evidence(s Scenario, id string) string {
	switch s.Status {
	case StatusFail:
		if f := s.Failure; f != nil {
			if f.RequirementID != "" && f.RequirementID != id {
				return s.Name + ": failed on " + f.RequirementID
			}
			return s.Name + ": expected " + oneLine(f.Expected) + ", got " + oneLine(f.Actual)
		}
		return s.Name + ": failed"
	case StatusSkip, StatusError:
		return s.Name + ": " + oneLine(s.Reason)
	default:
		return ""
	}
}

// oneLine folds whitespace runs, newlines included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
