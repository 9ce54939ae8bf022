package report

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestRecorderConcurrentScenarios(t *testing.T) {
	rec := NewRecorder(Run{Profile: "current"}, []Requirement{{ID: "ISO-A-001", Area: "a", Level: LevelCore}})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec.AddScenario(Scenario{Name: fmt.Sprintf("s%02d", i), Feature: "features/a.feature", Line: 100 - i,
				RequirementIDs: []string{"ISO-A-001"}, Level: LevelCore, Status: StatusPass})
			id := fmt.Sprintf("action-%02d", i)
			rec.AddAction(Action{ID: id, Type: "Isolate"})
			if err := rec.UpdateAction(id, func(a *Action) { a.Released = true }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	run := rec.Finish()
	if len(run.Scenarios) != 20 || len(run.Actions) != 20 {
		t.Fatalf("%d scenarios, %d actions; want 20 each", len(run.Scenarios), len(run.Actions))
	}
	for i, s := range run.Scenarios {
		if want := fmt.Sprintf("s%02d", 19-i); s.Name != want {
			t.Fatalf("scenario %d is %s, want %s (sorted by line)", i, s.Name, want)
		}
	}
	for _, a := range run.Actions {
		if !a.Released {
			t.Errorf("action %s not released", a.ID)
		}
	}
	if run.Verdict != VerdictConformant || run.SchemaVersion != SchemaVersion {
		t.Errorf("verdict %q schema %q", run.Verdict, run.SchemaVersion)
	}
}

func TestRecorderRollsUpRequirements(t *testing.T) {
	run := sampleRun()
	got := map[string]RequirementVerdict{}
	for _, q := range run.Requirements {
		got[q.ID] = q
	}
	want := map[string]Status{
		"ISO-HTTP-001": StatusPass, "ISO-BODY-002": StatusFail, "ISO-AUTH-003": StatusSkip,
		"ISO-ERR-001": StatusError, "ISO-OBS-001": StatusFail, "ISO-HTTP-009": StatusUnknown,
		"ISO-TYPE-008": StatusWarn, "ISO-CANCEL-001": StatusNotSupported,
	}
	if len(got) != len(want) {
		t.Fatalf("%d requirement verdicts, want %d", len(got), len(want))
	}
	for id, st := range want {
		if got[id].Status != st {
			t.Errorf("%s = %v, want %v", id, got[id].Status, st)
		}
	}
	if e := got["ISO-BODY-002"].Evidence; e != "A lower-case isolation type is rejected: expected status 400, got status 201" {
		t.Errorf("evidence = %q", e)
	}
	if len(got["ISO-HTTP-009"].Scenarios) != 0 {
		t.Error("an unchecked requirement lists scenarios")
	}
	for _, s := range run.Scenarios {
		if s.Failure != nil && s.Failure.RequirementText == "" {
			t.Errorf("%s: requirement text not filled from the registry", s.Name)
		}
	}
}

func TestRecorderWorstScenarioWins(t *testing.T) {
	rec := NewRecorder(Run{}, nil)
	for _, st := range []Status{StatusPass, StatusFail, StatusSkip, StatusPass} {
		rec.AddScenario(Scenario{Name: st.String(), RequirementIDs: []string{"ISO-X-001"}, Status: st,
			Failure: &Failure{RequirementID: "ISO-X-001", Expected: "e", Actual: "a"}})
	}
	run := rec.Finish()
	if len(run.Requirements) != 1 {
		t.Fatalf("an id missing from the registry must still get a verdict, got %v", run.Requirements)
	}
	q := run.Requirements[0]
	if q.Status != StatusFail || len(q.Scenarios) != 4 || q.Evidence != "fail: expected e, got a" {
		t.Errorf("got %+v", q)
	}
}

func TestRecorderHarnessErrorAndFinishTwice(t *testing.T) {
	clock := sampleClock()
	rec := NewRecorder(Run{}, nil, WithClock(clock))
	rec.AddScenario(Scenario{Name: "a", Status: StatusPass})
	rec.SetError(nil)
	rec.SetError(fmt.Errorf("target unreachable"))
	rec.SetError(fmt.Errorf("cleanup failed"))
	first := rec.Finish()
	if first.Verdict != VerdictError || first.Error != "target unreachable\ncleanup failed" {
		t.Errorf("verdict %q error %q", first.Verdict, first.Error)
	}
	first.Scenarios[0].Name = "changed"
	second := rec.Finish()
	if second.Scenarios[0].Name != "a" || !second.Finished.Equal(first.Finished) {
		t.Error("Finish must return an independent copy of the same result")
	}
	if got := second.Finished.Sub(second.Started); got != 90*time.Second {
		t.Errorf("run took %v by the fake clock, want 90s", got)
	}
}

func TestUpdateUnknownAction(t *testing.T) {
	rec := NewRecorder(Run{}, nil)
	if err := rec.UpdateAction("nope", func(*Action) {}); err == nil {
		t.Error("updating an unrecorded action must fail")
	}
}
