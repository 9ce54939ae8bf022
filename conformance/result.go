package conformance

import (
	"slices"
	"time"

	"github.com/isoconform/isoconform/internal/report"
)

// ResultVersion names the layout of Result and the types it holds. Fields are only added
// within a version; a change that breaks a reader changes it.
const ResultVersion = "isoconform.conformance/v1"

// Verdict is the overall outcome of a run.
type Verdict string

// The verdicts. The command line exits 0, 1, 3 and 2 for them.
const (
	// Conformant: no required check failed, errored or was skipped.
	Conformant = Verdict(report.VerdictConformant)
	// NonConformant: a required (core or extended) scenario failed.
	NonConformant = Verdict(report.VerdictNonConformant)
	// Partial: nothing failed, but a required scenario was skipped or a required requirement
	// was not checked, so conformance is not shown.
	Partial = Verdict(report.VerdictPartial)
	// HarnessError: the suite could not decide (setup failed, target unreachable, nothing ran).
	HarnessError = Verdict(report.VerdictError)
)

// Status is the outcome of a step, scenario or requirement, as its lower-case word. The
// statuses below are those every version has; a later suite may report others (e.g. an
// advisory finding), which read as their own word.
type Status string

// The statuses every version reports.
const (
	StatusPass    Status = "pass"    // the target met the requirement
	StatusFail    Status = "fail"    // the target broke the requirement
	StatusSkip    Status = "skip"    // not run, with a reason
	StatusError   Status = "error"   // the harness could not decide
	StatusUnknown Status = "unknown" // nothing recorded (a requirement no scenario checked)
	// StatusWarn: the required checks passed, an advisory one found something (a warning).
	StatusWarn = Status("warn")
	// StatusNotSupported: the requirement belongs to an optional feature the target does not
	// offer (declared, or inferred from a 404, 405 or 501); never a failure.
	StatusNotSupported = Status("not-supported")
)

// Level says how strongly a requirement binds the target.
type Level string

// The levels every version reports.
const (
	// LevelCore is stated by the profile's own document.
	LevelCore = Level(report.LevelCore)
	// LevelExtended is stated by a later official document.
	LevelExtended = Level(report.LevelExtended)
	// LevelAdvisory is what the suite infers where the documents are silent or only suggest:
	// checked and reported as a warning, binding only in a strict run.
	LevelAdvisory = Level(report.LevelAdvisory)
	// LevelObserved is reported behaviour: informational, it never changes the verdict.
	LevelObserved = Level(report.LevelObserved)
)

// Result is the complete result of one run.
type Result struct {
	// Version is ResultVersion.
	Version string `json:"version"`
	// SuiteVersion is the isoconform version that ran.
	SuiteVersion string `json:"suiteVersion"`
	// Profile is the contract profile; Target the base URL tested; TargetIsMock whether it
	// was the reference mock.
	Profile      string `json:"profile"`
	Target       string `json:"target"`
	TargetIsMock bool   `json:"targetIsMock"`
	// InsecureSkipTLSVerify records that certificates were not verified.
	InsecureSkipTLSVerify bool `json:"insecureSkipTlsVerify"`
	// Started and Finished bound the run.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Error is a harness error that stopped or spoiled the run; it makes the verdict
	// HarnessError.
	Error string `json:"error,omitempty"`
	// Verdict is the overall outcome; VerdictReason says why in one line.
	Verdict       Verdict `json:"verdict"`
	VerdictReason string  `json:"verdictReason"`
	// Interrupted records that the run's context ended before the run did.
	Interrupted bool `json:"interrupted,omitempty"`
	// Strict records that advisory findings counted as failures; AdvisoryFindings counts the
	// advisory requirements with a finding.
	Strict           bool `json:"strict,omitempty"`
	AdvisoryFindings int  `json:"advisoryFindings,omitempty"`
	// Features says, per optional feature, whether the run checked it or found it not
	// supported (declared or inferred).
	Features []FeatureResult `json:"features,omitempty"`
	// Scenarios are sorted by feature, line and name.
	Scenarios []ScenarioResult `json:"scenarios"`
	// Requirements holds one result per requirement id of the profile, sorted by id.
	Requirements []RequirementResult `json:"requirements"`
	// Actions lists every machine action the suite created on the target.
	Actions []ActionResult `json:"actions"`
}

// ExitCode is the exit code the command line ends with for this result: 0 conformant,
// 1 non-conformant, 3 partial, 2 a harness error, 130 interrupted.
func (r *Result) ExitCode() int {
	if r.Interrupted {
		return report.ExitInterrupted
	}
	return report.Verdict(r.Verdict).ExitCode()
}

// ScenarioResult is the outcome of one scenario.
type ScenarioResult struct {
	// Feature is the feature file, e.g. "features/body.feature"; Line the scenario's line.
	Feature string `json:"feature"`
	Line    int    `json:"line,omitempty"`
	// Area is the requirement area; Name the scenario title.
	Area string `json:"area"`
	Name string `json:"name"`
	// Tags are the scenario's tags, '@' included; RequirementIDs those of its @req: tags.
	Tags           []string `json:"tags,omitempty"`
	RequirementIDs []string `json:"requirementIds"`
	// Level is the strongest level among the scenario's requirements.
	Level Level `json:"level"`
	// Status is the outcome; Reason explains a skip or a harness error.
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Started is when the scenario began; Duration how long it took.
	Started  time.Time     `json:"started,omitzero"`
	Duration time.Duration `json:"durationNs"`
	// Steps are the scenario's steps in order.
	Steps []StepResult `json:"steps,omitempty"`
	// Failure explains a failed scenario; nil otherwise.
	Failure *Failure `json:"failure,omitempty"`
	// Findings are the advisory checks the target did not meet (StatusWarn).
	Findings []Failure `json:"findings,omitempty"`
	// OptionalFeature is the optional feature the scenario belongs to, "" for none.
	OptionalFeature string `json:"optionalFeature,omitempty"`
}

// FeatureResult is what a run knows of one optional feature: Status is "checked",
// "declared-not-supported", "inferred-not-supported" or "not-run".
type FeatureResult struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Evidence string `json:"evidence,omitempty"`
}

// StepResult is the outcome of one step.
type StepResult struct {
	Keyword  string        `json:"keyword"`
	Text     string        `json:"text"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"durationNs"`
	Error    string        `json:"error,omitempty"`
}

// Failure says which requirement a failed scenario broke and how.
type Failure struct {
	RequirementID   string `json:"requirementId"`
	RequirementText string `json:"requirementText"`
	Expected        string `json:"expected"`
	Actual          string `json:"actual"`
	// Exchange is the HTTP request and response as text, tokens redacted.
	Exchange string `json:"exchange,omitempty"`
	// Reproduce is a curl command line whose token is an environment variable placeholder.
	Reproduce string `json:"reproduce,omitempty"`
}

// RequirementResult is the rolled-up outcome of one requirement over its scenarios.
type RequirementResult struct {
	ID    string `json:"id"`
	Area  string `json:"area"`
	Level Level  `json:"level"`
	Text  string `json:"text"`
	// Reasoning says why the requirement has its level (shown with advisory findings).
	Reasoning string `json:"reasoning,omitempty"`
	// Status is the worst status of the scenarios that check it; StatusUnknown when none ran.
	Status Status `json:"status"`
	// Scenarios names them; Evidence is a one-line reason for Status.
	Scenarios []string `json:"scenarios"`
	Evidence  string   `json:"evidence,omitempty"`
}

// ActionResult is a machine action the suite created on the target and what became of it.
type ActionResult struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	MachineID string    `json:"machineId"`
	Scenario  string    `json:"scenario"`
	CreatedAt time.Time `json:"createdAt"`
	// Released is true once the suite's release (unisolate) was confirmed.
	Released        bool   `json:"released"`
	ReleaseActionID string `json:"releaseActionId,omitempty"`
	FinalStatus     string `json:"finalStatus,omitempty"`
	Note            string `json:"note,omitempty"`
}

// resultOf converts the runner's result.
func resultOf(r *report.Run) *Result {
	out := &Result{
		Version: ResultVersion, SuiteVersion: r.SuiteVersion, Profile: r.Profile, Target: r.Target,
		TargetIsMock: r.TargetIsMock, InsecureSkipTLSVerify: r.InsecureSkipTLSVerify,
		Started: r.Started, Finished: r.Finished, Error: r.Error, Verdict: Verdict(r.Verdict),
		VerdictReason: r.VerdictReason, Interrupted: r.Interrupted,
		Strict: r.Strict, AdvisoryFindings: r.AdvisoryFindings,
		Scenarios:    make([]ScenarioResult, len(r.Scenarios)),
		Requirements: make([]RequirementResult, len(r.Requirements)),
		Actions:      make([]ActionResult, len(r.Actions)),
	}
	for i, s := range r.Scenarios {
		out.Scenarios[i] = scenarioOf(s)
	}
	for i, q := range r.Requirements {
		out.Requirements[i] = RequirementResult{ID: q.ID, Area: q.Area, Level: Level(q.Level), Text: q.Text,
			Reasoning: q.Reasoning, Status: Status(q.Status.String()), Scenarios: slices.Clone(q.Scenarios), Evidence: q.Evidence}
	}
	for _, f := range r.Features {
		out.Features = append(out.Features, FeatureResult{Name: f.Name, Status: string(f.Status), Evidence: f.Evidence})
	}
	for i, a := range r.Actions {
		out.Actions[i] = ActionResult{ID: a.ID, Type: a.Type, MachineID: a.MachineID, Scenario: a.Scenario,
			CreatedAt: a.CreatedAt, Released: a.Released, ReleaseActionID: a.ReleaseActionID,
			FinalStatus: a.FinalStatus, Note: a.Note}
	}
	return out
}

func scenarioOf(s report.Scenario) ScenarioResult {
	out := ScenarioResult{Feature: s.Feature, Line: s.Line, Area: s.Area, Name: s.Name,
		Tags: slices.Clone(s.Tags), RequirementIDs: slices.Clone(s.RequirementIDs), Level: Level(s.Level),
		Status: Status(s.Status.String()), Reason: s.Reason, Started: s.Started, Duration: s.Duration,
		OptionalFeature: s.OptionalFeature}
	for _, st := range s.Steps {
		out.Steps = append(out.Steps, StepResult{Keyword: st.Keyword, Text: st.Text,
			Status: Status(st.Status.String()), Duration: st.Duration, Error: st.Error})
	}
	if f := s.Failure; f != nil {
		pf := failureOf(*f)
		out.Failure = &pf
	}
	for _, f := range s.Findings {
		out.Findings = append(out.Findings, failureOf(f))
	}
	return out
}

func failureOf(f report.Failure) Failure {
	return Failure{RequirementID: f.RequirementID, RequirementText: f.RequirementText,
		Expected: f.Expected, Actual: f.Actual, Exchange: f.Exchange, Reproduce: f.Reproduce}
}

// Required reports whether results at this level count toward the verdict (outside strict
// mode): every level but LevelObserved and LevelAdvisory (and a level a later suite adds as
// informational) does.
func (l Level) Required() bool { return report.Level(l).Required() }
