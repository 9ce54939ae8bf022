package report_test

import (
	"testing"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/redact"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
)

// TestHTMLInBrowserAgainstDeviatingMock renders a real run of the suite
// against the embedded mock made faulty (it accepts IsolationType values in
// any case) and checks the page in Chromium like the sample runs.
func TestHTMLInBrowserAgainstDeviatingMock(t *testing.T) {
	chromium := report.FindChromium(t)
	const deviation, broken = "lowercase-type-accepted", "ISO-TYPE-006"
	run, err := steps.Run(t.Context(), steps.Config{Embedded: embedded.Mock(mock.Options{Deviations: []string{deviation}})})
	if err != nil {
		t.Fatal(err)
	}
	if run.Verdict != report.VerdictNonConformant {
		t.Fatalf("verdict %s (%s), want non-conformant", run.Verdict, run.VerdictReason)
	}
	failed := false
	for _, q := range run.Requirements {
		failed = failed || q.ID == broken && q.Status == report.StatusFail
	}
	if !failed {
		t.Fatalf("the mock deviating with %s did not fail %s", deviation, broken)
	}
	report.CheckHTMLInBrowser(t, chromium, report.ShotDir(t), "mock-"+deviation, run, redact.New(), "NON-CONFORMANT", broken)
}
