package report

import "time"

// SchemaVersion names the layout of the JSON report. Load rejects any other
// value; a change that breaks readers of the report changes it.
const SchemaVersion = "isoconform.report/v1"

// Run is the complete result of one suite run: where it ran, what ran, what
// the suite changed on the target and the verdict. Every output is rendered
// from a Run.
type Run struct {
	// SchemaVersion is always the SchemaVersion constant when written.
	SchemaVersion string `json:"schemaVersion"`
	// SuiteVersion is the isoconform version that produced the run.
	SuiteVersion string `json:"suiteVersion"`
	// Profile is the contract profile: "preview-2017" or "current".
	Profile string `json:"profile"`
	// Target is the base URL of the API under test.
	Target string `json:"target"`
	// TargetIsMock is true when the target was the embedded reference mock.
	TargetIsMock bool `json:"targetIsMock"`
	// SpecSHA256 is the SHA-256 (hex) of the OpenAPI document used.
	SpecSHA256 string `json:"specSha256,omitempty"`
	// FeaturesSHA256 is the SHA-256 (hex) over the feature files used.
	FeaturesSHA256 string `json:"featuresSha256,omitempty"`
	// Config holds the effective configuration by flag name, with token
	// values replaced (the writers redact it again in any case).
	Config map[string]string `json:"config,omitempty"`
	// InsecureSkipTLSVerify records that TLS certificates were not verified.
	InsecureSkipTLSVerify bool `json:"insecureSkipTlsVerify"`
	// Started and Finished bound the run.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Error is a harness error that stopped or spoiled the whole run, such
	// as an unreachable target or a failed setup; it makes the verdict
	// VerdictError.
	Error string `json:"error,omitempty"`
	// Scenarios are sorted by feature, line and name.
	Scenarios []Scenario `json:"scenarios"`
	// Requirements holds one verdict per requirement id, sorted by id.
	Requirements []RequirementVerdict `json:"requirements"`
	// Actions lists every machine action the suite created on the target.
	Actions []Action `json:"actions"`
	// Verdict is the overall outcome; VerdictReason says why in one line.
	Verdict       Verdict `json:"verdict"`
	VerdictReason string  `json:"verdictReason"`
	// Features says, per optional feature, whether the run checked it or found it not
	// supported (declared, or inferred from a 404, 405 or 501 to its first probe).
	Features []Feature `json:"features,omitempty"`
	// Strict records a run in strict mode: advisory findings count as failures.
	Strict bool `json:"strict,omitempty"`
	// AdvisoryFindings counts the advisory requirements with a finding (warnings, counted
	// apart from failures).
	AdvisoryFindings int `json:"advisoryFindings,omitempty"`
	// Interrupted records that the run was stopped by an interrupt (SIGINT, SIGTERM): the
	// process exits ExitInterrupted whatever the verdict.
	Interrupted bool `json:"interrupted,omitempty"`
}

// ExitCode is the process exit code the run ends with: ExitInterrupted for an interrupted
// run, else the verdict's.
func (r *Run) ExitCode() int {
	if r.Interrupted {
		return ExitInterrupted
	}
	return r.Verdict.ExitCode()
}

// Scenario is the result of one executed (or skipped) Gherkin scenario.
type Scenario struct {
	// Name is the scenario title.
	Name string `json:"name"`
	// Feature is the feature file, e.g. "features/body.feature".
	Feature string `json:"feature"`
	// Line is the scenario's line in Feature; 0 if unknown.
	Line int `json:"line,omitempty"`
	// Area is the requirement area the feature covers.
	Area string `json:"area"`
	// Tags are the scenario's tags including the '@'.
	Tags []string `json:"tags,omitempty"`
	// RequirementIDs are the ids from the scenario's @req: tags.
	RequirementIDs []string `json:"requirementIds"`
	// Level is the strongest level among the scenario's requirements.
	Level Level `json:"level"`
	// OptionalFeature is the optional feature the scenario's requirements belong to, e.g.
	// "cancel"; "" for the isolate operation and what the suite needs for safety.
	OptionalFeature string `json:"optionalFeature,omitempty"`
	// Status is the scenario outcome.
	Status Status `json:"status"`
	// Reason is the skip reason for StatusSkip and the harness error for
	// StatusError.
	Reason string `json:"reason,omitempty"`
	// Started is when the scenario began; zero if unknown.
	Started time.Time `json:"started,omitzero"`
	// Duration is how long the scenario took.
	Duration time.Duration `json:"durationNs"`
	// Steps are the scenario's steps in order.
	Steps []Step `json:"steps,omitempty"`
	// Failure explains a StatusFail; nil otherwise.
	Failure *Failure `json:"failure,omitempty"`
	// Findings are the advisory checks the target did not meet (StatusWarn): what the suite
	// infers where the documents are silent or only suggest. They fail the run only when it
	// is strict, and then appear as the Failure instead.
	Findings []Failure `json:"findings,omitempty"`
}

// Step is the result of one Gherkin step.
type Step struct {
	// Keyword is the Gherkin keyword with its trailing space, e.g. "Given ".
	Keyword string `json:"keyword"`
	// Text is the step text after the keyword.
	Text string `json:"text"`
	// Status is the step outcome; steps after a failed one are StatusSkip.
	Status Status `json:"status"`
	// Duration is how long the step took.
	Duration time.Duration `json:"durationNs"`
	// Error is the step's error message, if any.
	Error string `json:"error,omitempty"`
}

// Failure says which requirement a failed scenario broke and how, in the
// form "requirement, expected, actual" (h2spec).
type Failure struct {
	// RequirementID is the broken requirement's id.
	RequirementID string `json:"requirementId"`
	// RequirementText is its MUST-style text; the Recorder fills it from
	// the registry when empty.
	RequirementText string `json:"requirementText"`
	// Expected is what the requirement demands.
	Expected string `json:"expected"`
	// Actual is what the target did.
	Actual string `json:"actual"`
	// Exchange is the HTTP request and response as text, redacted.
	Exchange string `json:"exchange,omitempty"`
	// Reproduce is a curl command line whose token is a placeholder such as
	// $ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR.
	Reproduce string `json:"reproduce,omitempty"`
}

// Feature is what a run knows of one optional feature of the target.
type Feature struct {
	// Name is the feature, e.g. "cancel".
	Name string `json:"name"`
	// Status is checked, declared-not-supported, inferred-not-supported or not-run.
	Status FeatureStatus `json:"status"`
	// Evidence says how the status was found, e.g. "POST /api/machineactions/.../cancel
	// answered 404".
	Evidence string `json:"evidence,omitempty"`
}

// FeatureStatus is what a run knows of an optional feature.
type FeatureStatus string

// The feature statuses.
const (
	// FeatureChecked: the feature's scenarios ran against it.
	FeatureChecked FeatureStatus = "checked"
	// FeatureDeclaredUnsupported: the user declared the target does not offer it; its
	// scenarios did not run and its requirements are not supported.
	FeatureDeclaredUnsupported FeatureStatus = "declared-not-supported"
	// FeatureInferredUnsupported: its route answered 404, 405 or 501 to its first probe; its
	// requirements are not supported, and the run is partial until the user declares it.
	FeatureInferredUnsupported FeatureStatus = "inferred-not-supported"
	// FeatureNotRun: no scenario of the feature ran (e.g. narrowed by --tags).
	FeatureNotRun FeatureStatus = "not-run"
)

// Requirement is a registry entry as the Recorder needs it.
type Requirement struct {
	ID    string
	Area  string
	Level Level
	Text  string
	// Reasoning is the registry's decision: why the requirement has its level (for an
	// advisory one, why the documents do not settle it).
	Reasoning string
}

// RequirementVerdict is the rolled-up result of one requirement over the
// scenarios that check it.
type RequirementVerdict struct {
	ID    string `json:"id"`
	Area  string `json:"area"`
	Level Level  `json:"level"`
	Text  string `json:"text"`
	// Reasoning says why the requirement has its level; shown with advisory findings.
	Reasoning string `json:"reasoning,omitempty"`
	// Status is the worst status of Scenarios; StatusUnknown when no
	// scenario checked the requirement in this run.
	Status Status `json:"status"`
	// Scenarios names the scenarios that check the requirement.
	Scenarios []string `json:"scenarios"`
	// Evidence is a one-line reason for Status: the failure's expected and
	// actual, or the skip or error reason.
	Evidence string `json:"evidence,omitempty"`
}

// Action is a machine action the suite created on the target, such as an
// isolation, and what became of it.
type Action struct {
	// ID is the MachineAction id the target returned.
	ID string `json:"id"`
	// Type is the MachineAction type, e.g. "Isolate".
	Type string `json:"type"`
	// MachineID is the machine the action applies to.
	MachineID string `json:"machineId"`
	// Scenario names the scenario that created the action.
	Scenario string `json:"scenario"`
	// CreatedAt is when the suite received the action.
	CreatedAt time.Time `json:"createdAt"`
	// Released is true once the suite's release (unisolate) was confirmed.
	Released bool `json:"released"`
	// ReleaseActionID is the id of the releasing action, if one was made.
	ReleaseActionID string `json:"releaseActionId,omitempty"`
	// FinalStatus is the last MachineAction status observed, e.g. "Succeeded".
	FinalStatus string `json:"finalStatus,omitempty"`
	// Note says anything a user must know, e.g. why release failed.
	Note string `json:"note,omitempty"`
	// ReleaseCommand, for an action not confirmed released, is a ready command that releases
	// its machine, the token a shell variable.
	ReleaseCommand string `json:"releaseCommand,omitempty"`
}
