package report

import (
	"io"

	"github.com/isoconform/isoconform/internal/redact"
)

// redacted returns a deep copy of run with every string passed through red.
// Writers encode this copy, never the original: XML and JSON escaping could
// otherwise disguise a secret from the redacting writer downstream.
func redacted(red *redact.Redactor, run *Run) *Run {
	c := cloneRun(run)
	s := red.String
	c.SuiteVersion, c.Profile, c.Target = s(c.SuiteVersion), s(c.Profile), s(c.Target)
	c.SpecSHA256, c.FeaturesSHA256, c.Error = s(c.SpecSHA256), s(c.FeaturesSHA256), s(c.Error)
	c.VerdictReason = s(c.VerdictReason)
	if c.Config != nil {
		cfg := make(map[string]string, len(c.Config))
		for k, v := range c.Config {
			cfg[s(k)] = s(v)
		}
		c.Config = cfg
	}
	for i := range c.Scenarios {
		sc := &c.Scenarios[i]
		sc.Name, sc.Feature, sc.Area, sc.Reason = s(sc.Name), s(sc.Feature), s(sc.Area), s(sc.Reason)
		each(sc.Tags, s)
		each(sc.RequirementIDs, s)
		for j := range sc.Steps {
			st := &sc.Steps[j]
			st.Keyword, st.Text, st.Error = s(st.Keyword), s(st.Text), s(st.Error)
		}
		if f := sc.Failure; f != nil {
			f.RequirementID, f.RequirementText = s(f.RequirementID), s(f.RequirementText)
			f.Expected, f.Actual = s(f.Expected), s(f.Actual)
			f.Exchange, f.Reproduce = s(f.Exchange), s(f.Reproduce)
		}
	}
	for i := range c.Requirements {
		q := &c.Requirements[i]
		q.ID, q.Area, q.Text, q.Evidence = s(q.ID), s(q.Area), s(q.Text), s(q.Evidence)
		each(q.Scenarios, s)
	}
	for i := range c.Actions {
		a := &c.Actions[i]
		a.ID, a.Type, a.MachineID, a.Scenario = s(a.ID), s(a.Type), s(a.MachineID), s(a.Scenario)
		a.ReleaseActionID, a.FinalStatus, a.Note = s(a.ReleaseActionID), s(a.FinalStatus), s(a.Note)
	}
	return c
}

func each(xs []string, f func(string) string) {
	for i := range xs {
		xs[i] = f(xs[i])
	}
}

// writeRedacted redacts run with red, renders the copy with render into a
// redacting writer over w, and flushes it.
func writeRedacted(w io.Writer, run *Run, red *redact.Redactor, render func(io.Writer, *Run) error) error {
	rw := red.Writer(w)
	if err := render(rw, redacted(red, run)); err != nil {
		return err
	}
	return rw.Flush()
}
