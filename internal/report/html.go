package report

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/redact"
)

//go:embed templates/report.html.tmpl templates/report.css templates/report.js
var htmlAssets embed.FS

// htmlPage is the parsed report template with its inline style and script.
var htmlPage = loadHTMLPage()

// page holds the report template, its inline style and script, and the
// Content-Security-Policy that admits exactly those. The style and script
// are constants of this package, never run data, so they alone are passed as
// template.CSS and template.JS; everything from the Run goes through
// html/template's contextual escaping.
type page struct {
	tmpl *template.Template
	css  template.CSS
	js   template.JS
	csp  string
}

func loadHTMLPage() page {
	css := mustAsset("templates/report.css")
	js := mustAsset("templates/report.js")
	t := template.Must(template.New("report.html.tmpl").ParseFS(htmlAssets, "templates/report.html.tmpl"))
	// Nothing from the network is allowed, so even a bug in the page could
	// not make it fetch anything.
	csp := fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		cspHash(css), cspHash(js))
	return page{tmpl: t, css: template.CSS(css), js: template.JS(js), csp: csp}
}

func mustAsset(name string) string {
	b, err := htmlAssets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cspHash is the Content-Security-Policy source expression for an inline
// element whose content is s.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// WriteHTML writes run as one self-contained HTML page for people who
// review a run: the verdict in words with target, profile, suite version,
// spec hash and times at the top; a matrix of requirement verdicts grouped by
// area (PASS, FAIL, SKIP with its reason, ERROR, NOT CHECKED, and the
// level); every failure with requirement id and text, expected and actual,
// and the HTTP exchange, reproduce command and steps collapsed in a
// <details>; harness errors and skips with their reasons; the machine
// actions created and whether each was released; and the configuration.
//
// The page needs no network: style and script are inline and a
// Content-Security-Policy forbids every fetch. It reads without colour
// (status words), without JavaScript (the script only adds filters for
// failures and skips), on paper (a print style expands the exchanges) and at
// phone width (tables stack into cards; long text wraps in its own box).
//
// Every string is redacted by red before html/template escapes it, and the
// output passes through a redacting writer as well.
func WriteHTML(w io.Writer, run *Run, red *redact.Redactor) error {
	return writeRedacted(w, run, red, func(w io.Writer, r *Run) error {
		return htmlPage.tmpl.Execute(w, newHTMLView(r))
	})
}

// htmlView is what the template renders: the redacted Run plus everything
// derived from it, so the template holds no logic beyond loops.
type htmlView struct {
	Run          *Run
	VerdictWord  string
	VerdictClass string
	ExitCode     int
	Started      string
	Finished     string
	Took         string
	Counts       []htmlCount
	Broken       []htmlRequirement // failed requirements at a required level
	Areas        []htmlArea
	Failures     []htmlFailure // required levels
	Observed     []htmlFailure // observed level: informational
	Errors       []htmlScenario
	Skips        []htmlScenario
	Actions      []htmlAction
	Unreleased   int
	Config       []htmlSetting
	Schema       string
	CSS          template.CSS
	JS           template.JS
	CSP          string
}

type htmlCount struct {
	N           int
	Word, Class string
}

type htmlArea struct {
	Name    string
	Summary string
	Rows    []htmlRequirement
}

type htmlRequirement struct {
	ID, Level, Text string
	Word, Class     string
	// Info marks an observed-level requirement, which never sets the verdict.
	Info bool
	// Why is the evidence line: the failure, or the skip or error reason.
	Why string
	// Anchor is the id of the first failure of this requirement, if any.
	Anchor string
}

type htmlFailure struct {
	Anchor, ReqID, ReqText, Level string
	Expected, Actual              string
	Name, Where                   string
	Exchange, Reproduce           string
	Summary                       string
	Observed                      bool
	Steps                         []htmlStep
}

type htmlStep struct {
	Word, Class          string
	Keyword, Text, Error string
}

type htmlScenario struct {
	Name, Where, Level, Reqs, Reason string
	// Word and Class are the status word and its CSS suffix (SKIP or NOT SUPPORTED).
	Word, Class string
}

type htmlAction struct {
	Action
	Created string
}

type htmlSetting struct{ Key, Value string }

func newHTMLView(r *Run) *htmlView {
	if r.Verdict == "" {
		r.Verdict, r.VerdictReason = Decide(r)
	}
	v := &htmlView{
		Run:          r,
		VerdictWord:  verdictWord(r.Verdict),
		VerdictClass: string(r.Verdict),
		ExitCode:     r.ExitCode(),
		Started:      htmlTime(r.Started),
		Finished:     htmlTime(r.Finished),
		Schema:       SchemaVersion,
		CSS:          htmlPage.css,
		JS:           htmlPage.js,
		CSP:          htmlPage.csp,
	}
	if !r.Started.IsZero() && !r.Finished.IsZero() {
		v.Took = r.Finished.Sub(r.Started).Round(time.Millisecond).String()
	}
	switch r.Verdict {
	case VerdictConformant, VerdictNonConformant, VerdictPartial:
	default:
		v.VerdictClass = string(VerdictError)
	}
	v.failures(r)
	v.matrix(r)
	for _, sc := range r.Scenarios {
		hs := htmlScenario{Name: sc.Name, Where: where(sc), Level: levelWord(levelOf(sc)), Reqs: strings.Join(sc.RequirementIDs, ", "), Reason: sc.Reason}
		hs.Word, hs.Class = statusWord(sc.Status)
		switch sc.Status {
		case StatusError:
			v.Errors = append(v.Errors, hs)
		case StatusSkip, StatusNotSupported:
			v.Skips = append(v.Skips, hs)
		}
	}
	for _, a := range r.Actions {
		v.Actions = append(v.Actions, htmlAction{Action: a, Created: htmlTime(a.CreatedAt)})
		if !a.Released {
			v.Unreleased++
		}
	}
	for k, val := range r.Config {
		v.Config = append(v.Config, htmlSetting{k, val})
	}
	slices.SortFunc(v.Config, func(a, b htmlSetting) int { return strings.Compare(a.Key, b.Key) })
	return v
}

// failures fills Failures and Observed, numbering the anchors in page order.
func (v *htmlView) failures(r *Run) {
	n := 0
	for _, required := range []bool{true, false} {
		for _, sc := range r.Scenarios {
			if sc.Status == StatusWarn && !required {
				v.findings(sc, &n)
				continue
			}
			if sc.Status != StatusFail || r.FailureBinds(sc) != required {
				continue
			}
			n++
			f := htmlFailure{
				Anchor: fmt.Sprintf("failure-%d", n), Level: levelWord(levelOf(sc)),
				Name: sc.Name, Where: where(sc), Observed: !required,
			}
			if sf := sc.Failure; sf != nil {
				f.ReqID, f.ReqText = sf.RequirementID, sf.RequirementText
				f.Expected, f.Actual = sf.Expected, sf.Actual
				f.Exchange, f.Reproduce = strings.TrimRight(sf.Exchange, "\n"), sf.Reproduce
			} else {
				f.ReqID = strings.Join(sc.RequirementIDs, ", ")
				f.Expected, f.Actual = "(not recorded)", cmp.Or(sc.Reason, "(not recorded)")
			}
			for _, st := range sc.Steps {
				word, class := statusWord(st.Status)
				f.Steps = append(f.Steps, htmlStep{word, class, st.Keyword, st.Text, st.Error})
			}
			var parts []string
			if f.Exchange != "" {
				parts = append(parts, "HTTP exchange")
			}
			if f.Reproduce != "" {
				parts = append(parts, "reproduce command")
			}
			if len(f.Steps) > 0 {
				parts = append(parts, "steps")
			}
			f.Summary = "Show " + joinWords(parts)
			if len(parts) == 0 {
				f.Summary = "No exchange recorded"
			}
			if required {
				v.Failures = append(v.Failures, f)
			} else {
				v.Observed = append(v.Observed, f)
			}
		}
	}
}

// matrix fills Counts and Areas from the requirement verdicts; areas are
// sorted by name, requirements by id.
func (v *htmlView) matrix(r *Run) {
	anchors := map[string]string{}
	for _, f := range slices.Concat(v.Failures, v.Observed) {
		if _, ok := anchors[f.ReqID]; !ok {
			anchors[f.ReqID] = f.Anchor
		}
	}
	var total [len(statusNames)]int
	byArea := map[string]*htmlArea{}
	areaCounts := map[string]*[len(statusNames)]int{}
	for _, q := range r.Requirements {
		name := cmp.Or(q.Area, "(no area)")
		a := byArea[name]
		if a == nil {
			a = &htmlArea{Name: name}
			byArea[name] = a
			areaCounts[name] = &[len(statusNames)]int{}
		}
		word, class := statusWord(q.Status)
		level := cmp.Or(q.Level, LevelCore)
		row := htmlRequirement{ID: q.ID, Level: string(level), Info: !level.Required(), Text: q.Text, Word: word, Class: class}
		switch q.Status {
		case StatusUnknown:
			row.Why = "No scenario in this run checks this requirement."
		case StatusPass:
		case StatusSkip:
			row.Why = "Skipped: " + q.Evidence
		case StatusNotSupported:
			row.Why = "Not supported: " + q.Evidence
		case StatusWarn:
			row.Why = strings.TrimSpace("Advisory finding: " + q.Evidence + " " + q.Reasoning)
			row.Anchor = anchors[q.ID]
		default:
			row.Why = q.Evidence
			row.Anchor = anchors[q.ID]
		}
		a.Rows = append(a.Rows, row)
		if q.Status == StatusFail && level.Required() {
			v.Broken = append(v.Broken, row)
		}
		if q.Status >= 0 && int(q.Status) < len(total) {
			total[q.Status]++
			areaCounts[name][q.Status]++
		}
	}
	for _, a := range byArea {
		a.Summary = countWords(areaCounts[a.Name])
		v.Areas = append(v.Areas, *a)
	}
	slices.SortFunc(v.Areas, func(a, b htmlArea) int { return strings.Compare(a.Name, b.Name) })
	for _, s := range []Status{StatusPass, StatusWarn, StatusFail, StatusSkip, StatusError, StatusNotSupported, StatusUnknown} {
		word, class := statusWord(s)
		v.Counts = append(v.Counts, htmlCount{total[s], word, class})
	}
}

// countWords is e.g. "2 requirements: 1 PASS, 1 FAIL".
func countWords(n *[len(statusNames)]int) string {
	var parts []string
	sum := 0
	for _, s := range []Status{StatusPass, StatusWarn, StatusFail, StatusSkip, StatusError, StatusNotSupported, StatusUnknown} {
		sum += n[s]
		if n[s] > 0 {
			word, _ := statusWord(s)
			parts = append(parts, fmt.Sprintf("%d %s", n[s], word))
		}
	}
	return count(sum, "requirement") + ": " + strings.Join(parts, ", ")
}

// verdictWord is the verdict as the page's headline says it.
func verdictWord(v Verdict) string {
	switch v {
	case VerdictConformant:
		return "CONFORMANT"
	case VerdictNonConformant:
		return "NON-CONFORMANT"
	case VerdictPartial:
		return "PARTIAL"
	case VerdictError:
		return "ERROR"
	default:
		return "ERROR (unknown verdict " + strings.ToUpper(string(v)) + ")"
	}
}

func levelWord(l Level) string {
	if l == LevelObserved {
		return "observed (informational)"
	}
	return string(l)
}

// where is the scenario's place in the features, e.g. "features/body.feature:21".
func where(sc Scenario) string {
	if sc.Line > 0 {
		return fmt.Sprintf("%s:%d", sc.Feature, sc.Line)
	}
	return sc.Feature
}

func htmlTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// joinWords joins with commas and a final "and".
func joinWords(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	default:
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
}
