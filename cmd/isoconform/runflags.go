package main

import (
	"io"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
)

// runOptions are the flags of `isoconform run`: the run settings (steps.RunFlags, shared with
// the library's environment reading) and the command's own outputs.
type runOptions struct {
	run      *steps.RunFlags
	junit    string
	cucumber string
	report   string
	html     string
	list     bool
}

// runFlags returns a fresh flag set for `isoconform run` bound to o.
func runFlags(o *runOptions, stderr io.Writer) *pflag.FlagSet {
	fs := newFlagSet("run", stderr)
	o.run = steps.BindRunFlags(fs)
	fs.StringVar(&o.junit, "junit", "", "write a JUnit XML report to FILE"+describeEnv("junit"))
	fs.StringVar(&o.cucumber, "cucumber", "", "write a cucumber JSON report to FILE"+describeEnv("cucumber"))
	fs.StringVar(&o.report, "report", "", "write the JSON report to FILE"+describeEnv("report"))
	fs.StringVar(&o.html, "html", "", "write a self-contained HTML report to FILE"+describeEnv("html"))
	fs.BoolVar(&o.list, "list", false, "print the scenarios and their requirement ids; send nothing"+describeEnv("list"))
	return fs
}

// config resolves the run settings, flags over environment, into the suite's configuration;
// with no base URL the reference mock is the embedded target.
func (o *runOptions) config(e environment) (steps.Config, error) {
	cfg, err := o.run.Config(e.lookup)
	if err != nil {
		return steps.Config{}, usagef("%v", err)
	}
	if cfg.BaseURL == "" {
		cfg.Embedded = embedded.Mock(mock.Options{})
	}
	return cfg, nil
}
