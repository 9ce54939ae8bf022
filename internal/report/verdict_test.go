package report

import (
	"strings"
	"testing"
)

func TestDecideAndExitCode(t *testing.T) {
	sc := func(st Status, l Level) Scenario { return Scenario{Name: "s", Status: st, Level: l} }
	cases := []struct {
		name     string
		run      Run
		want     Verdict
		wantExit int
	}{
		{"all pass", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusPass, LevelExtended)}}, VerdictConformant, 0},
		{"core fail", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusFail, LevelCore)}}, VerdictNonConformant, 1},
		{"extended fail", Run{Scenarios: []Scenario{sc(StatusFail, LevelExtended)}}, VerdictNonConformant, 1},
		{"unset level counts as core", Run{Scenarios: []Scenario{sc(StatusFail, "")}}, VerdictNonConformant, 1},
		{"observed fail is informational", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusFail, LevelObserved)}}, VerdictConformant, 0},
		{"observed skip is informational", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusSkip, LevelObserved)}}, VerdictConformant, 0},
		{"core skip is partial", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusSkip, LevelCore)}}, VerdictPartial, 3},
		{"extended skip is partial", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusSkip, LevelExtended)}}, VerdictPartial, 3},
		{"fail beats skip", Run{Scenarios: []Scenario{sc(StatusSkip, LevelCore), sc(StatusFail, LevelCore)}}, VerdictNonConformant, 1},
		{"fail beats scenario error", Run{Scenarios: []Scenario{sc(StatusError, LevelCore), sc(StatusFail, LevelCore)}}, VerdictNonConformant, 1},
		{"scenario error", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore), sc(StatusError, LevelCore)}}, VerdictError, 2},
		{"run error beats fail", Run{Error: "target unreachable", Scenarios: []Scenario{sc(StatusFail, LevelCore)}}, VerdictError, 2},
		{"nothing ran", Run{}, VerdictError, 2},
		{"all skipped is nothing ran", Run{Scenarios: []Scenario{sc(StatusSkip, LevelCore)}}, VerdictError, 2},
		{"only observed ran", Run{Scenarios: []Scenario{sc(StatusPass, LevelObserved)}}, VerdictConformant, 0},
		{"required requirement not checked is partial", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore)}, Requirements: []RequirementVerdict{{ID: "ISO-A-001", Level: LevelCore, Status: StatusPass}, {ID: "ISO-A-002", Level: LevelExtended, Status: StatusUnknown}}}, VerdictPartial, 3},
		{"observed requirement not checked is informational", Run{Scenarios: []Scenario{sc(StatusPass, LevelCore)}, Requirements: []RequirementVerdict{{ID: "ISO-A-001", Level: LevelCore, Status: StatusPass}, {ID: "ISO-A-003", Level: LevelObserved, Status: StatusUnknown}}}, VerdictConformant, 0},
		{"fail beats unchecked", Run{Scenarios: []Scenario{sc(StatusFail, LevelCore)}, Requirements: []RequirementVerdict{{ID: "ISO-A-002", Level: LevelCore, Status: StatusUnknown}}}, VerdictNonConformant, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, reason := Decide(&c.run)
			if got != c.want || reason == "" {
				t.Errorf("Decide = %q (%q), want %q with a reason", got, reason, c.want)
			}
			if got.ExitCode() != c.wantExit {
				t.Errorf("ExitCode = %d, want %d", got.ExitCode(), c.wantExit)
			}
		})
	}
	if Verdict("").ExitCode() != ExitError {
		t.Error("an unset verdict must exit as an error")
	}
}

func TestInterruptedRunExitsWithTheInterruptCode(t *testing.T) {
	r := &Run{Verdict: VerdictError, VerdictReason: "interrupted"}
	if got := r.ExitCode(); got != ExitError {
		t.Fatalf("ExitCode = %d before the interrupt is recorded, want %d", got, ExitError)
	}
	r.Interrupted = true
	if got := r.ExitCode(); got != ExitInterrupted {
		t.Fatalf("ExitCode = %d, want %d", got, ExitInterrupted)
	}
	var b strings.Builder
	if err := WriteSummary(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "(exit code 130)") {
		t.Errorf("the summary must give the exit code the process ends with:\n%s", b.String())
	}
}
