package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/isoconform/isoconform/internal/matrix"
	"github.com/isoconform/isoconform/spec"
	"github.com/isoconform/isoconform/internal/steps"
)

// listScenarios is `isoconform run --list`: one line per scenario that a
// run with cfg would execute (location, level, requirement ids, name), a
// count, then per requirement of the profile the scenarios that check it and
// the mock deviations that prove those scenarios can fail. It sends nothing.
func listScenarios(w io.Writer, cfg steps.Config) error {
	scenarios, err := steps.List(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tLEVEL\tREQUIREMENTS\tNAME")
	for _, s := range scenarios {
		fmt.Fprintf(tw, "%s:%d\t%s\t%s\t%s\n", s.Feature, s.Line, s.Level, strings.Join(s.RequirementIDs, " "), s.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	profile := cfg.Profile
	if profile == "" {
		profile = spec.Preview2017
	}
	if _, err := fmt.Fprintf(w, "%d scenarios, profile %s\n", len(scenarios), profile); err != nil {
		return err
	}
	return listProofs(w, profile)
}

// listProofs prints, per requirement of profile p, its scenarios and the
// deviations of the reference mock that break it (the deviation matrix test
// shows the suite catches each one).
func listProofs(w io.Writer, p spec.Profile) error {
	proofs, err := matrix.Proofs(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nRequirements of profile %s, with the scenarios that check them and the deviations that prove those can fail:\n", p)
	for _, q := range proofs {
		fmt.Fprintf(w, "\n%s (%s) %s\n", q.ID, q.Level, q.Text)
		for _, sc := range q.Scenarios {
			fmt.Fprintf(w, "  scenario   %s\n", sc)
		}
		devs := "(none)"
		if len(q.Deviations) > 0 {
			devs = strings.Join(q.Deviations, ", ")
		}
		fmt.Fprintf(w, "  deviations %s\n", devs)
	}
	return nil
}
