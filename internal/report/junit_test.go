package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/isoconform/isoconform/internal/redact"
)

// TestJUnitValidatesAgainstSchema checks the sample's JUnit output, and the
// output for a run with hostile text, against testdata/junit.xsd with
// xmllint (Debian package libxml2-utils).
func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): JUnit schema validation skipped")
	}
	runs := map[string]*Run{"sample": sampleRun(), "hostile": hostileRun()}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, run, redact.New()); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "junit.xml")
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), file).CombinedOutput()
			if err != nil {
				t.Fatalf("xmllint: %v\n%s\n%s", err, out, buf.String())
			}
		})
	}
}

// hostileRun is the sample with text that XML cannot hold as it is.
func hostileRun() *Run {
	run := sampleRun()
	for i := range run.Scenarios {
		s := &run.Scenarios[i]
		s.Name += ` <&"'>`
		s.Reason += " \x00\x1b[31m ]]> end"
		if s.Failure != nil {
			s.Failure.Exchange += "\n\x07binary\x00body ]]> <![CDATA[ x"
		}
	}
	return run
}

func TestJUnitKeepsHostileText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, hostileRun(), redact.New()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output is not well-formed XML: %v", err)
	}
	var body, skip string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil && c.Failure.Type == "requirement" {
				body = c.Failure.Body
			}
			if c.Skipped != nil {
				skip = c.Skipped.Message
			}
		}
	}
	if !strings.Contains(body, "\uFFFDbinary\uFFFDbody ]]> <![CDATA[ x") {
		t.Errorf("failure body lost or mangled the exchange: %q", body)
	}
	if !strings.Contains(skip, "]]> end") {
		t.Errorf("skip message = %q", skip)
	}
	if doc.Tests != 7 || doc.Failures != 2 || doc.Errors != 1 {
		t.Errorf("totals tests=%d failures=%d errors=%d, want 7, 2, 1", doc.Tests, doc.Failures, doc.Errors)
	}
}
