package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/redact"
)

// The JUnit XML document, in the Ant/Jenkins layout (see
// testdata/junit.xsd): one testsuite per feature file.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Time      string        `xml:"time,attr"`
		Skipped   *junitMessage `xml:"skipped"`
		Failure   *junitMessage `xml:"failure"`
		Error     *junitMessage `xml:"error"`
		SystemOut *junitText    `xml:"system-out"`
		SystemErr *junitText    `xml:"system-err"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Body    string `xml:",cdata"`
	}
	junitText struct {
		Text string `xml:",cdata"`
	}
)

// junitTimestamp is the Ant timestamp layout: ISO 8601, no zone (UTC).
const junitTimestamp = "2006-01-02T15:04:05"

// WriteJUnit writes run as JUnit XML: a testsuite per feature file, a
// testcase per scenario (classname = feature, name = scenario). A fail is a
// <failure> whose body holds requirement, expected, actual, exchange and the
// reproduce line; a fail that does not bind the verdict (observed, or advisory
// outside strict mode) is a <failure type="observed"> or <failure
// type="advisory">; an advisory finding on a passing scenario is a passing
// testcase whose <system-err> holds the warning; a skip is <skipped
// message=reason/>; a requirement of an unsupported optional feature is
// <skipped message="not supported: ..."/>; a harness error is <error>. Every string is redacted by
// red.
func WriteJUnit(w io.Writer, run *Run, red *redact.Redactor) error {
	return writeRedacted(w, run, red, func(w io.Writer, r *Run) error {
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return err
		}
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(junitDocument(r)); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	})
}

func junitDocument(r *Run) junitSuites {
	doc := junitSuites{Name: "isoconform " + r.Profile, Time: seconds(r.Finished.Sub(r.Started))}
	props := []junitProperty{
		{"profile", r.Profile},
		{"target", r.Target},
		{"target.mock", fmt.Sprint(r.TargetIsMock)},
		{"suite.version", r.SuiteVersion},
		{"verdict", string(r.Verdict)},
	}
	for _, feature := range featuresOf(r.Scenarios) {
		suite := junitSuite{Name: feature.name, Properties: props}
		var start time.Time
		var total time.Duration
		for _, s := range feature.scenarios {
			if !s.Started.IsZero() && (start.IsZero() || s.Started.Before(start)) {
				start = s.Started
			}
			total += s.Duration
			c := junitCase{Classname: feature.name, Name: s.Name, Time: seconds(s.Duration)}
			if len(s.Steps) > 0 {
				c.SystemOut = &junitText{xmlText(stepLines(s.Steps))}
			}
			switch s.Status {
			case StatusFail:
				suite.Failures++
				c.Failure = &junitMessage{Message: failureMessage(r, s), Type: failureType(r, s), Body: xmlText(failureText(s))}
			case StatusWarn:
				c.SystemErr = &junitText{xmlText(findingsText(s))}
			case StatusNotSupported:
				suite.Skipped++
				c.Skipped = &junitMessage{Message: "not supported: " + s.Reason}
			case StatusError:
				suite.Errors++
				c.Error = &junitMessage{Message: s.Reason, Type: "harness", Body: xmlText(s.Reason)}
			case StatusSkip:
				suite.Skipped++
				c.Skipped = &junitMessage{Message: s.Reason}
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		suite.Time = seconds(total)
		suite.Timestamp = cmp.Or(start, r.Started).UTC().Format(junitTimestamp)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Suites = append(doc.Suites, suite)
	}
	return doc
}

// feature groups scenarios by feature file.
type feature struct {
	name      string
	scenarios []Scenario
}

// featuresOf groups scenarios by feature file, in order of first
// appearance.
func featuresOf(scenarios []Scenario) []feature {
	var out []feature
	index := map[string]int{}
	for _, s := range scenarios {
		i, ok := index[s.Feature]
		if !ok {
			i = len(out)
			index[s.Feature] = i
			out = append(out, feature{name: s.Feature})
		}
		out[i].scenarios = append(out[i].scenarios, s)
	}
	return out
}

// xmlText prepares s for a CDATA section: runes that XML 1.0 forbids (most
// control characters, which a response body may hold) become U+FFFD;
// encoding/xml itself splits any "]]>".
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// seconds formats d as seconds with millisecond precision.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", max(d, 0).Seconds())
}

// failureType is "requirement" for a failure that binds the verdict, else "advisory" or
// "observed" for an informational one.
func failureType(r *Run, s Scenario) string {
	if r.FailureBinds(s) {
		return "requirement"
	}
	if failureLevel(r, s) == LevelAdvisory {
		return "advisory"
	}
	return "observed"
}

// failureMessage is the one-line summary of a failed scenario.
func failureMessage(r *Run, s Scenario) string {
	f := s.Failure
	if f == nil {
		return "failed"
	}
	msg := f.RequirementID + ": expected " + oneLine(f.Expected) + ", got " + oneLine(f.Actual)
	if !r.FailureBinds(s) {
		msg = "[" + failureType(r, s) + ", informational] " + msg
	}
	return msg
}

// findingsText lists a scenario's advisory findings: requirement, expected, actual.
func findingsText(s Scenario) string {
	var b strings.Builder
	for _, f := range s.Findings {
		fmt.Fprintf(&b, "Advisory finding (a warning; fails only with --strict): %s %s\n", f.RequirementID, f.RequirementText)
		fmt.Fprintf(&b, "Expected:    %s\n", f.Expected)
		fmt.Fprintf(&b, "Actual:      %s\n", f.Actual)
		if f.Reproduce != "" {
			fmt.Fprintf(&b, "Reproduce:   %s\n", f.Reproduce)
		}
	}
	return b.String()
}

// failureText is the full explanation of a failed scenario: requirement,
// expected, actual, exchange and reproduce line.
func failureText(s Scenario) string {
	f := s.Failure
	if f == nil {
		return s.Reason
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Requirement: %s (%s) %s\n", f.RequirementID, levelOf(s), f.RequirementText)
	fmt.Fprintf(&b, "Expected:    %s\n", f.Expected)
	fmt.Fprintf(&b, "Actual:      %s\n", f.Actual)
	if f.Exchange != "" {
		fmt.Fprintf(&b, "Exchange:\n%s\n", indent(strings.TrimRight(f.Exchange, "\n"), "  "))
	}
	if f.Reproduce != "" {
		fmt.Fprintf(&b, "Reproduce:   %s\n", f.Reproduce)
	}
	return b.String()
}

// stepLines lists the steps with their statuses, one a line.
func stepLines(steps []Step) string {
	var b strings.Builder
	for _, st := range steps {
		fmt.Fprintf(&b, "%-5s %s%s\n", st.Status, st.Keyword, st.Text)
	}
	return b.String()
}

// indent prefixes every line of s with prefix.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
