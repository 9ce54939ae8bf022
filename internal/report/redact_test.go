package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

// Every string of a Run, at any depth, is redacted in the copy the writers encode, also a
// field no writer names; the original is untouched.
func TestRedactedCopyReachesEveryString(t *testing.T) {
	const secret = "canary-9d2e7f"
	run := sampleRun()
	run.Config = map[string]string{secret: secret}
	run.Target, run.Error, run.VerdictReason = secret, secret, secret
	for i := range run.Scenarios {
		sc := &run.Scenarios[i]
		sc.Name, sc.Reason = secret, secret
		sc.Tags = append(sc.Tags, secret)
		for j := range sc.Steps {
			sc.Steps[j].Text = secret
		}
		if sc.Failure != nil {
			sc.Failure.Exchange, sc.Failure.Reproduce = secret, secret
		}
	}
	for i := range run.Actions {
		run.Actions[i].Note = secret
	}
	var out bytes.Buffer
	if err := WriteJSON(&out, run, redact.New(secret)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), secret) {
		t.Errorf("the secret is in the JSON report")
	}
	if run.Target != secret || run.Config[secret] != secret {
		t.Errorf("the original was changed")
	}
}
