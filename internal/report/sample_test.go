package report

import (
	"time"
)

// t0 is the fixed start of the sample run.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// sampleClock returns a clock that starts at t0 and advances 90 seconds per
// reading, so the sample is deterministic.
func sampleClock() func() time.Time {
	n := 0
	return func() time.Time {
		t := t0.Add(time.Duration(n) * 90 * time.Second)
		n++
		return t
	}
}

// sampleRequirements is a small registry: one requirement per area plus one
// that no scenario checks.
func sampleRequirements() []Requirement {
	return []Requirement{
		{ID: "ISO-HTTP-001", Area: "http", Level: LevelCore, Text: "The server MUST answer a valid POST {base}/machines/{id}/isolate with 201 Created."},
		{ID: "ISO-BODY-002", Area: "body", Level: LevelCore, Text: "The server MUST reject an IsolationType other than Full or Selective with 400."},
		{ID: "ISO-AUTH-003", Area: "auth", Level: LevelCore, Text: "The server MUST refuse a token without the Security Administrator or Global Administrator role with 403."},
		{ID: "ISO-ERR-001", Area: "errors", Level: LevelExtended, Text: "The server MUST answer an unknown machine id with 404 ResourceNotFound."},
		{ID: "ISO-OBS-001", Area: "lifecycle", Level: LevelObserved, Text: "A duplicate isolation while one is pending is answered 400 \"Action is already in progress\"."},
		{ID: "ISO-HTTP-009", Area: "http", Level: LevelCore, Text: "The server MUST answer isolate on GET with 405."},
		{ID: "ISO-TYPE-008", Area: "type", Level: LevelAdvisory, Text: "IsolationType sent under a wrongly cased property name SHOULD be answered 400.",
			Reasoning: "The document says a wrong case might cause InvalidRequestBody; it does not say an unknown property must be refused."},
		{ID: "ISO-CANCEL-001", Area: "cancel", Level: LevelCore, Text: "A pending isolation MUST be cancellable."},
	}
}

const sampleExchange = `POST /testwdatppreview/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate HTTP/1.1
Host: 127.0.0.1:8443
Authorization: Bearer [REDACTED]
Content-Type: application/json

{"Comment":"isoconform ISO-BODY-002","IsolationType":"full"}

HTTP/1.1 201 Created
Content-Type: application/json; odata.metadata=minimal

{"id":"b89eb834-4578-496c-8be0-03f004061435","type":"Isolate","status":"InProgress"}`

const sampleReproduce = `curl -sS -X POST 'http://127.0.0.1:8443/testwdatppreview/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate' -H 'Authorization: Bearer $ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR' -H 'Content-Type: application/json' --data-raw '{"Comment":"isoconform ISO-BODY-002","IsolationType":"full"}'`

// sampleScenarios holds a pass, a fail with exchange, a skip with reason,
// a harness error and an observed-level failure, in scrambled order.
func sampleScenarios() []Scenario {
	step := func(kw, text string, st Status, ms int) Step {
		return Step{Keyword: kw, Text: text, Status: st, Duration: time.Duration(ms) * time.Millisecond}
	}
	return []Scenario{
		{
			Name: "IsolationType under the wrongly cased property name is answered 400", Feature: "features/type.feature", Line: 77,
			Area: "type", Tags: []string{"@req:ISO-TYPE-008"}, RequirementIDs: []string{"ISO-TYPE-008"},
			Level: LevelAdvisory, Status: StatusWarn, Started: t0.Add(50 * time.Second), Duration: 200 * time.Millisecond,
			Steps: []Step{
				step("When ", `the caller isolates the machine with the body {"Comment": "x", "isolationType": "Selective"}`, StatusPass, 190),
				step("Then ", "the response status is 400", StatusPass, 10),
			},
			Findings: []Failure{{RequirementID: "ISO-TYPE-008", Expected: "400", Actual: "201 Created"}},
		},
		{
			Name: "A pending isolation can be cancelled", Feature: "features/cancel.feature", Line: 7,
			Area: "cancel", Tags: []string{"@req:ISO-CANCEL-001"}, RequirementIDs: []string{"ISO-CANCEL-001"},
			Level: LevelCore, OptionalFeature: "cancel", Status: StatusNotSupported,
			Reason: "feature cancel declared not supported (--supported-features, --exempt-features): not run",
		},
		{
			Name: "A duplicate isolation while pending is refused", Feature: "features/lifecycle.feature", Line: 12,
			Area: "lifecycle", Tags: []string{"@req:ISO-OBS-001", "@observed"}, RequirementIDs: []string{"ISO-OBS-001"},
			Level: LevelObserved, Status: StatusFail, Started: t0.Add(40 * time.Second), Duration: 310 * time.Millisecond,
			Steps: []Step{
				step("Given ", "machine 1 is isolated and the action is pending", StatusPass, 150),
				step("When ", "the security administrator isolates machine 1 again", StatusPass, 140),
				step("Then ", `the response status is 400 with message "Action is already in progress"`, StatusFail, 20),
			},
			Failure: &Failure{RequirementID: "ISO-OBS-001", Expected: "400 with message \"Action is already in progress\"", Actual: "201 Created"},
		},
		{
			Name: "Full isolation of a known machine returns 201", Feature: "features/http.feature", Line: 7,
			Area: "http", Tags: []string{"@req:ISO-HTTP-001"}, RequirementIDs: []string{"ISO-HTTP-001"},
			Level: LevelCore, Status: StatusPass, Started: t0.Add(5 * time.Second), Duration: 1250 * time.Millisecond,
			Steps: []Step{
				step("Given ", "a token for the security administrator", StatusPass, 1),
				step("When ", `the client isolates machine 1 with IsolationType "Full"`, StatusPass, 1240),
				step("Then ", "the response status is 201", StatusPass, 9),
			},
		},
		{
			Name: "A lower-case isolation type is rejected", Feature: "features/body.feature", Line: 21,
			Area: "body", Tags: []string{"@req:ISO-BODY-002"}, RequirementIDs: []string{"ISO-BODY-002"},
			Level: LevelCore, Status: StatusFail, Started: t0.Add(10 * time.Second), Duration: 480 * time.Millisecond,
			Steps: []Step{
				step("Given ", "a token for the security administrator", StatusPass, 1),
				step("When ", `the client isolates machine 1 with IsolationType "full"`, StatusPass, 470),
				step("Then ", "the response status is 400", StatusFail, 9),
				step("And ", `the error code is "InvalidRequestBody"`, StatusSkip, 0),
			},
			Failure: &Failure{
				RequirementID: "ISO-BODY-002", Expected: "status 400", Actual: "status 201",
				Exchange: sampleExchange, Reproduce: sampleReproduce,
			},
		},
		{
			Name: "A user without a directory role is refused", Feature: "features/auth.feature", Line: 9,
			Area: "auth", Tags: []string{"@req:ISO-AUTH-003"}, RequirementIDs: []string{"ISO-AUTH-003"},
			Level: LevelCore, Status: StatusSkip,
			Reason: "no token for role no-role: set --token no-role=VALUE or ISOCONFORM_TOKEN_NO_ROLE",
		},
		{
			Name: "An unknown machine id returns 404 ResourceNotFound", Feature: "features/errors.feature", Line: 5,
			Area: "errors", Tags: []string{"@req:ISO-ERR-001", "@extended"}, RequirementIDs: []string{"ISO-ERR-001"},
			Level: LevelExtended, Status: StatusError, Started: t0.Add(30 * time.Second), Duration: 10 * time.Second,
			Reason: "POST http://127.0.0.1:8443/testwdatppreview/machines/0000000000000000000000000000000000000000/isolate: context deadline exceeded (request timeout 10s)",
			Steps: []Step{
				step("Given ", "a token for the security administrator", StatusPass, 1),
				{Keyword: "When ", Text: "the client isolates the unknown machine", Status: StatusError, Duration: 10 * time.Second, Error: "context deadline exceeded"},
				step("Then ", "the response status is 404", StatusSkip, 0),
			},
		},
	}
}

// sampleRun records the sample through a Recorder, as a runner would.
func sampleRun() *Run {
	rec := NewRecorder(Run{
		SuiteVersion:   "0.1.0-test",
		Profile:        "preview-2017",
		Target:         "http://127.0.0.1:8443/testwdatppreview",
		TargetIsMock:   true,
		SpecSHA256:     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		FeaturesSHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
		Config: map[string]string{
			"profile":         "preview-2017",
			"machine-id":      "1e5bc9d7e413ddd7902c2932e418702b84d0cc07",
			"token":           "security-administrator=[REDACTED]",
			"request-timeout": "10s",
		},
	}, sampleRequirements(), WithClock(sampleClock()))
	for _, s := range sampleScenarios() {
		rec.AddScenario(s)
	}
	rec.SetFeatures([]Feature{{Name: "cancel", Status: FeatureDeclaredUnsupported, Evidence: "declared by --exempt-features"},
		{Name: "action-list", Status: FeatureChecked}})
	rec.AddAction(Action{ID: "b89eb834-4578-496c-8be0-03f004061435", Type: "Isolate", MachineID: "1e5bc9d7e413ddd7902c2932e418702b84d0cc07", Scenario: "A lower-case isolation type is rejected", CreatedAt: t0.Add(11 * time.Second)})
	rec.AddAction(Action{ID: "5d2e1a0c-6b1f-4d0e-9a8f-2c7d3e4b5a69", Type: "Isolate", MachineID: "1e5bc9d7e413ddd7902c2932e418702b84d0cc07", Scenario: "Full isolation of a known machine returns 201", CreatedAt: t0.Add(6 * time.Second)})
	must(rec.UpdateAction("5d2e1a0c-6b1f-4d0e-9a8f-2c7d3e4b5a69", func(a *Action) {
		a.Released, a.ReleaseActionID, a.FinalStatus = true, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "Succeeded"
	}))
	must(rec.UpdateAction("b89eb834-4578-496c-8be0-03f004061435", func(a *Action) {
		a.FinalStatus, a.Note = "InProgress", "unisolate answered 500 InternalServerError; release machine 1e5bc9d7 by hand"
	}))
	return rec.Finish()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
