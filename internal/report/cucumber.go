package report

import (
	"encoding/json"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/isoconform/isoconform/internal/redact"
)

// The cucumber JSON document, as cucumber-jvm and godog write it and as
// Jenkins cucumber-reports and similar tools read it.
type (
	cucumberFeature struct {
		URI      string            `json:"uri"`
		ID       string            `json:"id"`
		Keyword  string            `json:"keyword"`
		Name     string            `json:"name"`
		Elements []cucumberElement `json:"elements"`
	}
	cucumberElement struct {
		ID      string         `json:"id"`
		Keyword string         `json:"keyword"`
		Name    string         `json:"name"`
		Line    int            `json:"line,omitempty"`
		Type    string         `json:"type"`
		Tags    []cucumberTag  `json:"tags"`
		Before  []cucumberHook `json:"before,omitempty"`
		Steps   []cucumberStep `json:"steps"`
		After   []cucumberHook `json:"after,omitempty"`
	}
	cucumberTag struct {
		Name string `json:"name"`
	}
	cucumberStep struct {
		Keyword string         `json:"keyword"`
		Name    string         `json:"name"`
		Result  cucumberResult `json:"result"`
	}
	cucumberHook struct {
		Match  cucumberMatch  `json:"match"`
		Result cucumberResult `json:"result"`
	}
	cucumberMatch struct {
		Location string `json:"location"`
	}
	cucumberResult struct {
		Status       string `json:"status"`
		Duration     int64  `json:"duration"`
		ErrorMessage string `json:"error_message,omitempty"`
	}
)

// WriteCucumber writes run as cucumber JSON: a feature per feature file
// (named after its area), a scenario element per scenario, step durations in
// nanoseconds. Step statuses map pass → passed, fail and error → failed,
// skip → skipped, unknown → undefined. A scenario outcome that no step shows
// (a skip before any step ran, a failure found after the steps) is carried by
// a hook, "before" for a skip and "after" for a fail or error, whose
// error_message holds the reason or the failure text. Every string is
// redacted by red.
func WriteCucumber(w io.Writer, run *Run, red *redact.Redactor) error {
	return writeRedacted(w, run, red, func(w io.Writer, r *Run) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(cucumberDocument(r))
	})
}

func cucumberDocument(r *Run) []cucumberFeature {
	out := []cucumberFeature{}
	for _, f := range featuresOf(r.Scenarios) {
		name := f.scenarios[0].Area
		if name == "" {
			name = strings.TrimSuffix(path.Base(f.name), ".feature")
		}
		cf := cucumberFeature{URI: f.name, ID: slug(name), Keyword: "Feature", Name: name, Elements: []cucumberElement{}}
		for _, s := range f.scenarios {
			cf.Elements = append(cf.Elements, cucumberScenario(cf.ID, s))
		}
		out = append(out, cf)
	}
	return out
}

func cucumberScenario(featureID string, s Scenario) cucumberElement {
	e := cucumberElement{
		ID: featureID + ";" + slug(s.Name), Keyword: "Scenario", Name: s.Name, Line: s.Line,
		Type: "scenario", Tags: []cucumberTag{}, Steps: []cucumberStep{},
	}
	for _, t := range s.Tags {
		e.Tags = append(e.Tags, cucumberTag{Name: t})
	}
	shown := false
	for _, st := range s.Steps {
		msg := st.Error
		if st.Status == s.Status && s.Status == StatusFail && !shown {
			msg = strings.TrimSpace(strings.Join([]string{msg, failureText(s)}, "\n"))
		}
		shown = shown || st.Status == s.Status
		e.Steps = append(e.Steps, cucumberStep{
			Keyword: st.Keyword, Name: st.Text,
			Result: cucumberResult{Status: cucumberStatus(st.Status), Duration: int64(st.Duration), ErrorMessage: msg},
		})
	}
	if shown {
		return e
	}
	hook := func(text string) []cucumberHook {
		return []cucumberHook{{
			Match:  cucumberMatch{Location: "isoconform"},
			Result: cucumberResult{Status: cucumberStatus(s.Status), ErrorMessage: text},
		}}
	}
	switch s.Status {
	case StatusSkip:
		e.Before = hook(s.Reason)
	case StatusNotSupported:
		e.Before = hook("not supported: " + s.Reason)
	case StatusWarn:
		e.After = hook(findingsText(s))
	case StatusFail:
		e.After = hook(failureText(s))
	case StatusError:
		e.After = hook(s.Reason)
	}
	return e
}

// cucumberStatus maps a Status to a cucumber result status.
func cucumberStatus(s Status) string {
	switch s {
	case StatusPass, StatusWarn:
		return "passed"
	case StatusFail, StatusError:
		return "failed"
	case StatusSkip, StatusNotSupported:
		return "skipped"
	default:
		return "undefined"
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug lower-cases s and joins its words with '-', as cucumber ids do.
func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
