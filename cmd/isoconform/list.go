package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/isoconform/isoconform/spec"
	"github.com/isoconform/isoconform/steps"
)

// listScenarios is `isoconform run --list`: one line per scenario that a
// run with cfg would execute (location, level, requirement ids, name),
// then a count. It sends nothing.
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
	_, err = fmt.Fprintf(w, "%d scenarios, profile %s\n", len(scenarios), profile)
	return err
}
