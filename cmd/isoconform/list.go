package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/internal/steps"
)

// listScenarios is `isoconform run --list`: one line per scenario that a
// run with cfg would execute (location, level, requirement ids, name), a
// count, then per requirement of the profile the scenarios that check it and
// the mock deviations that prove those scenarios can fail. It sends nothing.
func listScenarios(w io.Writer, cfg steps.Config) error {
	l, err := conformance.List(conformance.Options{Profile: string(cfg.Profile), Tags: cfg.Tags})
	if err != nil {
		return usagef("%v", err)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tLEVEL\tREQUIREMENTS\tNAME")
	for _, s := range l.Scenarios {
		fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\n", s.Feature, s.Line, s.Level, strings.Join(s.RequirementIDs, " "), s.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "%d scenarios, profile %s\n", len(l.Scenarios), l.Profile); err != nil {
		return err
	}
	return listProofs(w, l)
}

// listProofs prints, per requirement of the listing's profile, its scenarios, the step code
// they run, and the deviations of the reference mock that break it (the deviation matrix test shows the suite
// catches each one).
func listProofs(w io.Writer, l *conformance.Listing) error {
	fmt.Fprintf(w, "\nRequirements of profile %s, with the scenarios that check them, the Go code of their steps, and the deviations that prove those can fail:\n", l.Profile)
	for _, q := range l.Requirements {
		fmt.Fprintf(w, "\n%s (%s) %s\n", q.ID, q.Level, q.Text)
		if q.Source != "" {
			fmt.Fprintf(w, "  source     %s\n", q.Source)
		}
		if q.Quote != "" {
			fmt.Fprintf(w, "  quote      %q\n", q.Quote)
		}
		for _, sc := range q.Scenarios {
			fmt.Fprintf(w, "  scenario   %s\n", sc)
		}
		for _, code := range q.StepCode {
			fmt.Fprintf(w, "  step code  %s\n", code)
		}
		devs := "(none)"
		if len(q.Deviations) > 0 {
			devs = strings.Join(q.Deviations, ", ")
		}
		fmt.Fprintf(w, "  deviations %s\n", devs)
		if len(q.Variants) > 0 {
			fmt.Fprintf(w, "  variants   %s\n", strings.Join(q.Variants, ", "))
		}
	}
	return nil
}
