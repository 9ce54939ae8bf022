package report

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/isoconform/isoconform/internal/redact"
)

// cleanRun is a conformant run: every required scenario of the sample
// registry passes and every action was released.
func cleanRun() *Run {
	rec := NewRecorder(Run{
		SuiteVersion: "0.1.0-test", Profile: "preview-2017",
		Target: "http://127.0.0.1:8443/testwdatppreview", TargetIsMock: true,
		SpecSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}, sampleRequirements(), WithClock(sampleClock()))
	for i, q := range sampleRequirements() {
		rec.AddScenario(Scenario{
			Name: "Scenario for " + q.ID, Feature: "features/" + q.Area + ".feature", Line: 3 + i,
			Area: q.Area, Tags: []string{"@req:" + q.ID}, RequirementIDs: []string{q.ID}, Level: q.Level,
			Status: StatusPass, Started: t0.Add(time.Duration(i) * time.Second), Duration: 200 * time.Millisecond,
			Steps: []Step{{Keyword: "Then ", Text: "the response status is as required", Status: StatusPass}},
		})
	}
	rec.AddAction(Action{ID: "5d2e1a0c-6b1f-4d0e-9a8f-2c7d3e4b5a69", Type: "Isolate", MachineID: "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
		Scenario: "Scenario for ISO-HTTP-001", CreatedAt: t0.Add(2 * time.Second), Released: true,
		ReleaseActionID: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", FinalStatus: "Succeeded"})
	return rec.Finish()
}

func renderHTML(t *testing.T, run *Run, red *redact.Redactor) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run, red); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLVerdictWords(t *testing.T) {
	clean := cleanRun()
	if clean.Verdict != VerdictConformant {
		t.Fatalf("cleanRun verdict = %s (%s)", clean.Verdict, clean.VerdictReason)
	}
	partial := cleanRun()
	partial.Scenarios[0].Status, partial.Scenarios[0].Reason = StatusSkip, "no token"
	partial.Verdict, partial.VerdictReason = Decide(partial)
	broken := cleanRun()
	broken.Error = "target unreachable"
	broken.Verdict, broken.VerdictReason = Decide(broken)
	unset := cleanRun()
	unset.Verdict, unset.VerdictReason = "", ""
	cases := []struct {
		run  *Run
		want string
	}{
		{clean, `<h1><span class="label">Verdict</span> <span class="word">CONFORMANT</span></h1>`},
		{sampleRun(), `<h1><span class="label">Verdict</span> <span class="word">NON-CONFORMANT</span></h1>`},
		{partial, `<h1><span class="label">Verdict</span> <span class="word">PARTIAL</span></h1>`},
		{broken, `<h1><span class="label">Verdict</span> <span class="word">ERROR</span></h1>`},
		{unset, `<h1><span class="label">Verdict</span> <span class="word">CONFORMANT</span></h1>`}, // decided when the Run lacks it
	}
	for _, c := range cases {
		out := renderHTML(t, c.run, redact.New())
		if !strings.Contains(out, c.want) {
			t.Errorf("verdict %q: output lacks %s", c.run.Verdict, c.want)
		}
	}
}

// TestHTMLEscapesTargetData plants markup where a hostile target or a
// crafted report could put it: it must come out as text.
func TestHTMLEscapesTargetData(t *testing.T) {
	run := sampleRun()
	const script = `<script>alert(1)</script>`
	run.Target = `javascript:alert(1)//"><img src=x onerror=alert(2)>`
	run.Scenarios[1].Failure.Actual = script
	run.Scenarios[1].Failure.Exchange += "\n" + `</pre><iframe src="https://evil.example/">`
	run.Requirements[0].Text = `<a href="https://evil.example/">click</a>`
	run.Actions[0].Note = `<style>body{display:none}</style>`
	run.Config["x"] = `"><svg onload=alert(3)>`
	out := renderHTML(t, run, redact.New())
	for _, bad := range []string{script, "<img src=x", "<iframe", `<a href="https://evil`, "<style>body", "<svg"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains unescaped %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the planted script is not shown as escaped text")
	}
}

// TestHTMLSelfContained: nothing in the page refers to the network, and a
// Content-Security-Policy forbids fetching anything.
func TestHTMLSelfContained(t *testing.T) {
	out := renderHTML(t, sampleRun(), redact.New())
	ref := regexp.MustCompile(`(?i)(?:\b(?:src|href|action|srcset|poster)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(|<link[^>]+stylesheet)`)
	if m := ref.FindString(out); m != "" {
		t.Errorf("output refers to an external resource: %q", m)
	}
	if !strings.Contains(out, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`) {
		t.Error("no Content-Security-Policy that forbids fetches")
	}
	for _, want := range []string{`<style>:root`, `<script>(function`, `@media print`, `@media (max-width: 640px)`, `<meta name="viewport"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "<details open") {
		t.Error("a <details> is open by default")
	}
	if !strings.Contains(out, `<fieldset class="filters" id="filters" hidden>`) {
		t.Error("the filters must be hidden until the script shows them")
	}
}

// TestHTMLNoTrustedTypesOnRunData guards the escaping: only the package's own
// constant style and script may bypass html/template.
func TestHTMLNoTrustedTypesOnRunData(t *testing.T) {
	src, err := os.ReadFile("html.go")
	if err != nil {
		t.Fatal(err)
	}
	trusted := regexp.MustCompile(`template\.(HTML|HTMLAttr|URL|Srcset|JS|JSStr|CSS)\(`)
	got := trusted.FindAllString(string(src), -1)
	want := []string{"template.CSS(", "template.JS("} // the embedded assets in loadHTMLPage
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("html.go converts to trusted template types %v; only %v (the embedded assets) are allowed", got, want)
	}
}

func TestHTMLMatrixAndFailures(t *testing.T) {
	out := renderHTML(t, sampleRun(), redact.New())
	for _, want := range []string{
		`<tr class="req is-fail" id="req-ISO-BODY-002">`,
		`<tr class="req is-skip" id="req-ISO-AUTH-003">`,
		`<tr class="req is-unknown" id="req-ISO-HTTP-009">`,
		`<span class="st st-unknown">NOT CHECKED</span>`,
		`Skipped: A user without a directory role is refused: no token for role no-role`,
		`<span class="level">observed (informational)</span>`,
		`<article class="failure" id="failure-1">`,
		`<article class="failure observed" id="failure-2">`,
		`<dt>Expected</dt><dd>status 400</dd>`,
		`<summary>Show HTTP exchange, reproduce command and steps</summary>`,
		`Authorization: Bearer [REDACTED]`,
		`<span class="st st-fail">NOT RELEASED</span>`,
		`<dt>Spec SHA-256</dt><dd><code>9f86d081`,
		`<li><a href="#failure-1"><code>ISO-BODY-002</code></a>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}
