package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

const (
	canary = "CANARY-tok-91c2f7e0"
	// awkward is a secret that XML and JSON would escape: a stream-only
	// redactor would never see it verbatim.
	awkward = `p&ss<w"rd>'`
	jwt     = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ3aWRzIjpbIjYyZTkwMzk0Il19.c2lnbmF0dXJl"
)

// leakyRun is the sample with secrets planted in every kind of field.
func leakyRun() *Run {
	run := sampleRun()
	run.Error = "token " + canary + " was refused by the identity provider"
	run.Config["token"] = "security-administrator=" + canary
	run.Config["other"] = awkward
	run.Target = "https://" + canary + "@127.0.0.1:8443/api"
	for i := range run.Scenarios {
		s := &run.Scenarios[i]
		s.Name += " " + canary
		s.Reason += " " + awkward
		s.Tags = append(s.Tags, "@"+canary)
		for j := range s.Steps {
			s.Steps[j].Text += " with " + jwt
			s.Steps[j].Error += canary
		}
		if f := s.Failure; f != nil {
			f.Exchange = strings.Replace(f.Exchange, "Bearer [REDACTED]", "Bearer "+canary, 1) + "\n" + jwt
			f.Actual += " " + awkward
			f.Reproduce += " # " + jwt
		}
	}
	for i := range run.Requirements {
		run.Requirements[i].Evidence += canary
		run.Requirements[i].Scenarios = append(run.Requirements[i].Scenarios, canary)
	}
	for i := range run.Actions {
		run.Actions[i].Note += " Authorization: Bearer " + jwt
		run.Actions[i].Scenario += awkward
	}
	return run
}

func TestNoSecretInAnyFormat(t *testing.T) {
	run := leakyRun()
	red := redact.New(canary, awkward)
	forbidden := []string{canary, awkward, jwt, jwt[:24], "p&amp;ss", `p\u0026ss`, "p&ss"}
	for _, w := range writers {
		t.Run(w.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := w.write(&buf, run, red); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, f := range forbidden {
				if strings.Contains(out, f) {
					t.Errorf("output contains %q", f)
				}
			}
			if !strings.Contains(out, redact.Mask) {
				t.Error("no mask in output: the secrets were not where the test put them")
			}
		})
	}
	if strings.Contains(run.Config["token"], redact.Mask) {
		t.Error("writers must not redact the caller's Run in place")
	}
}

func TestNoSecretInProgress(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf)
	for _, s := range leakyRun().Scenarios {
		p.Add(s.Status)
	}
	p.Done()
	// The sample sorted by feature: auth skip, body fail, cancel not supported, errors error,
	// http pass, lifecycle (observed) fail, type (advisory) warn.
	if got := buf.String(); got != "SFNE.FW 7\n" {
		t.Errorf("progress = %q", got)
	}
}
