package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/isoconform/isoconform/internal/redact"
)

// WriteSummary writes the end-of-run summary for a terminal or a log: the
// run's header, a table of scenario results per requirement area, the
// requirement verdicts counted by status, every
// failure (requirement id and text, expected, actual, exchange, reproduce
// line), harness errors, skipped scenarios with their reasons, the machine
// actions created and whether each was released, and the verdict with its
// exit code. Observed-level failures are listed apart as informational.
// Every string is redacted by red, and the text is made inert (Inert): a target's control
// characters are shown escaped, never acted on. No colour is used.
func WriteSummary(w io.Writer, run *Run, red *redact.Redactor) error {
	return writeRedacted(InertWriter(w), run, red, func(w io.Writer, r *Run) error {
		s := &summary{w: w}
		s.header(r)
		s.areas(r)
		s.failures(r, true, "Failures")
		s.failures(r, false, "Informational failures (observed or advisory level; they do not affect the verdict)")
		s.findings(r)
		s.errors(r)
		s.skips(r)
		s.list(r, StatusNotSupported, "Not supported (optional features the target does not offer; never a failure)")
		s.actions(r)
		s.verdict(r)
		return s.err
	})
}

// summary writes the summary's sections, keeping the first write error.
type summary struct {
	w   io.Writer
	err error
}

func (s *summary) printf(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format, args...)
	}
}

func (s *summary) header(r *Run) {
	target := r.Target
	if r.TargetIsMock {
		target += " (embedded mock)"
	}
	s.printf("isoconform %s  profile %s  target %s\n", r.SuiteVersion, r.Profile, target)
	s.printf("started %s  took %s\n", r.Started.UTC().Format("2006-01-02 15:04:05Z"), r.Finished.Sub(r.Started).Round(1e6))
	if r.InsecureSkipTLSVerify {
		s.printf("WARNING: TLS certificate verification was disabled (--insecure-skip-tls-verify)\n")
	}
	if r.Error != "" {
		s.printf("HARNESS ERROR: %s\n", r.Error)
	}
}

// areas writes the per-area table of scenario counts and a total row.
func (s *summary) areas(r *Run) {
	type row struct{ pass, warn, fail, skip, errs, unsupported int }
	rows := map[string]*row{}
	var total row
	for _, sc := range r.Scenarios {
		area := sc.Area
		if area == "" {
			area = "(none)"
		}
		if rows[area] == nil {
			rows[area] = &row{}
		}
		for _, x := range []*row{rows[area], &total} {
			switch sc.Status {
			case StatusPass:
				x.pass++
			case StatusWarn:
				x.warn++
			case StatusNotSupported:
				x.unsupported++
			case StatusFail:
				x.fail++
			case StatusSkip:
				x.skip++
			case StatusError:
				x.errs++
			}
		}
	}
	s.printf("\n")
	if s.err != nil {
		return
	}
	tw := tabwriter.NewWriter(s.w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "area\tpass\twarn\tfail\tskip\terror\tnot supported\t\n")
	names := make([]string, 0, len(rows))
	for a := range rows {
		names = append(names, a)
	}
	slices.Sort(names)
	for _, a := range names {
		x := rows[a]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", a, x.pass, x.warn, x.fail, x.skip, x.errs, x.unsupported)
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t%d\t\n", total.pass, total.warn, total.fail, total.skip, total.errs, total.unsupported)
	s.err = tw.Flush()
	s.requirements(r)
}

// requirements writes one line counting requirement verdicts by status.
func (s *summary) requirements(r *Run) {
	var n [len(statusNames)]int
	for _, q := range r.Requirements {
		if q.Status >= 0 && int(q.Status) < len(n) {
			n[q.Status]++
		}
	}
	s.printf("requirements: %d pass, %d warn (advisory), %d fail, %d skip, %d error, %d not supported, %d not checked\n",
		n[StatusPass], n[StatusWarn], n[StatusFail], n[StatusSkip], n[StatusError], n[StatusNotSupported], n[StatusUnknown])
}

// failures lists the failed scenarios whose failure binds (or does not bind) the verdict.
func (s *summary) failures(r *Run, required bool, title string) {
	var failed []Scenario
	for _, sc := range r.Scenarios {
		if sc.Status == StatusFail && r.FailureBinds(sc) == required {
			failed = append(failed, sc)
		}
	}
	if len(failed) == 0 {
		return
	}
	s.printf("\n%s\n", title)
	for i, sc := range failed {
		s.printf("\n%d) %s  [%s, %s]\n", i+1, sc.Name, sc.Feature, levelOf(sc))
		s.printf("%s", indent(strings.TrimRight(failureText(sc), "\n"), "   ")+"\n")
	}
}

// findings lists the advisory findings with the reasoning that makes them advisory.
func (s *summary) findings(r *Run) {
	reasons := map[string]string{}
	for _, q := range r.Requirements {
		reasons[q.ID] = q.Reasoning
	}
	first, n := true, 0
	for _, sc := range r.Scenarios {
		for _, f := range sc.Findings {
			if first {
				s.printf("\nAdvisory findings (%s; warnings where the documents are silent or only suggest: they change the exit code only with --strict)\n", count(r.AdvisoryFindings, "requirement"))
				first = false
			}
			n++
			s.printf("\n%d) %s  [%s]\n", n, sc.Name, sc.Feature)
			s.printf("   %s (advisory) %s\n   expected: %s\n   actual:   %s\n", f.RequirementID, oneLine(f.RequirementText), oneLine(f.Expected), oneLine(f.Actual))
			if why := reasons[f.RequirementID]; why != "" {
				s.printf("   why advisory: %s\n", oneLine(why))
			}
		}
	}
}

func (s *summary) errors(r *Run) {
	s.list(r, StatusError, "Harness errors (the target was not judged)")
}

func (s *summary) skips(r *Run) {
	s.list(r, StatusSkip, "Skipped")
}

// list writes the scenarios with status st under their reasons: a reason shared by several
// scenarios (a missing token, an interrupt) is written once, above their names.
func (s *summary) list(r *Run, st Status, title string) {
	var reasons []string
	by := map[string][]Scenario{}
	for _, sc := range r.Scenarios {
		if sc.Status != st {
			continue
		}
		why := oneLine(sc.Reason)
		if by[why] == nil {
			reasons = append(reasons, why)
		}
		by[why] = append(by[why], sc)
	}
	if len(reasons) == 0 {
		return
	}
	s.printf("\n%s\n", title)
	for _, why := range reasons {
		scs := by[why]
		if len(scs) == 1 {
			sc := scs[0]
			s.printf("  - %s  [%s, %s]: %s\n", sc.Name, sc.Feature, levelOf(sc), why)
			continue
		}
		s.printf("  - %d scenarios: %s\n", len(scs), why)
		for _, sc := range scs {
			s.printf("      %s  [%s, %s]\n", sc.Name, sc.Feature, levelOf(sc))
		}
	}
}

// actions writes the machine actions: one line when every one was released (the reports
// keep the full list), else every action, and for each one not released the command that
// releases its machine.
func (s *summary) actions(r *Run) {
	isolations := 0
	for _, a := range r.Actions {
		if a.Type == "Isolate" {
			isolations++
		}
	}
	s.printf("\nMachine actions created: %d (isolations made in this run: %d)\n", len(r.Actions), isolations)
	all := true
	for _, a := range r.Actions {
		all = all && a.Released
	}
	if all {
		if len(r.Actions) > 0 {
			s.printf("  all %d released (the reports list each action)\n", len(r.Actions))
		}
		return
	}
	unreleased := 0
	for _, a := range r.Actions {
		state := "released"
		if a.ReleaseActionID != "" {
			state += " by " + a.ReleaseActionID
		}
		if !a.Released {
			state = "NOT RELEASED"
			unreleased++
		}
		s.printf("  - %s %s on machine %s (%s): %s", a.Type, a.ID, a.MachineID, a.Scenario, state)
		if a.FinalStatus != "" {
			s.printf(", final status %s", a.FinalStatus)
		}
		if a.Note != "" {
			s.printf("; %s", oneLine(a.Note))
		}
		s.printf("\n")
		if a.ReleaseCommand != "" {
			s.printf("    release it: %s\n", oneLine(a.ReleaseCommand))
		}
	}
	if unreleased > 0 {
		s.printf("WARNING: %d machine action(s) were not released: check those machines in the portal.\n", unreleased)
	}
}

func (s *summary) verdict(r *Run) {
	if line := FeaturesLine(r); line != "" {
		s.printf("\n%s", line)
	}
	s.printf("\nVerdict: %s (exit code %d): %s\n", r.Verdict, r.ExitCode(), r.VerdictReason)
}

// levelOf is the scenario's level, core when unset.
func levelOf(sc Scenario) Level {
	if sc.Level == "" {
		return LevelCore
	}
	return sc.Level
}
