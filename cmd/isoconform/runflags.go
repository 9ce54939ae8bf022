package main

import (
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// runOptions are the flags of `isoconform run`.
type runOptions struct {
	baseURL          string
	profile          string
	tokens           []string
	machineIDs       []string
	unknownMachineID string
	tags             string
	junit            string
	cucumber         string
	report           string
	html             string
	requestTimeout   time.Duration
	allowLive        bool
	insecure         bool
	list             bool
	concurrency      int
	releaseGrace     time.Duration
	waitBudget       time.Duration
}

// runFlags returns a fresh flag set for `isoconform run` bound to o.
func runFlags(o *runOptions, stderr io.Writer) *pflag.FlagSet {
	fs := newFlagSet("run", stderr)
	fs.StringVar(&o.baseURL, "base-url", "", "API root incl. path prefix; empty starts the embedded mock on loopback"+describeEnv("base-url"))
	fs.StringVar(&o.profile, "profile", string(spec.Preview2017), "contract profile: preview-2017 or current"+describeEnv("profile"))
	fs.StringArrayVar(&o.tokens, "token", nil, "ROLE=VALUE or ROLE=@FILE, repeatable (env ISOCONFORM_TOKEN_<ROLE>)")
	fs.StringArrayVar(&o.machineIDs, "machine-id", nil, "a machine the suite may isolate, repeatable; required for a live target"+describeEnv("machine-id")+", comma-separated")
	fs.StringVar(&o.unknownMachineID, "unknown-machine-id", "", "an id that does not exist on the target (default: a random 40-hex id)"+describeEnv("unknown-machine-id"))
	fs.StringVar(&o.tags, "tags", "", "godog tag expression selecting scenarios, e.g. '@core && ~@rate'"+describeEnv("tags"))
	fs.StringVar(&o.junit, "junit", "", "write a JUnit XML report to FILE"+describeEnv("junit"))
	fs.StringVar(&o.cucumber, "cucumber", "", "write a cucumber JSON report to FILE"+describeEnv("cucumber"))
	fs.StringVar(&o.report, "report", "", "write the JSON report to FILE"+describeEnv("report"))
	fs.StringVar(&o.html, "html", "", "write a self-contained HTML report to FILE"+describeEnv("html"))
	fs.DurationVar(&o.requestTimeout, "request-timeout", 30*time.Second, "bound on each HTTP request"+describeEnv("request-timeout"))
	fs.BoolVar(&o.allowLive, "allow-live", false, "allow a target whose host is not loopback"+describeEnv("allow-live"))
	fs.BoolVar(&o.insecure, "insecure-skip-tls-verify", false, "accept a TLS certificate that does not verify; recorded in the report"+describeEnv("insecure-skip-tls-verify"))
	fs.BoolVar(&o.list, "list", false, "print the scenarios and their requirement ids; send nothing"+describeEnv("list"))
	fs.IntVar(&o.concurrency, "concurrency", 0, "scenarios run at once; isolating ones take a machine each (default: one per --machine-id plus two, 6 on the embedded mock)"+describeEnv("concurrency"))
	fs.DurationVar(&o.releaseGrace, "release-grace", 0, "after an interrupt, how long the releases may still take before the run exits 130 listing what is left (default 60s for a live target)"+describeEnv("release-grace"))
	fs.DurationVar(&o.waitBudget, "wait-budget", 0, "the most the whole run waits on the target (rate limit, actions not final yet) (default 60 times --request-timeout for a live target)"+describeEnv("wait-budget"))
	return fs
}

// config turns the options into the suite's configuration. Tokens are
// resolved by the caller.
func (o *runOptions) config(toks map[string]string) (steps.Config, error) {
	p, err := spec.ParseProfile(o.profile)
	if err != nil {
		return steps.Config{}, usagef("--profile: %v", err)
	}
	if o.requestTimeout <= 0 {
		return steps.Config{}, usagef("--request-timeout must be positive")
	}
	if o.releaseGrace < 0 || o.waitBudget < 0 {
		return steps.Config{}, usagef("--release-grace and --wait-budget must not be negative")
	}
	if o.concurrency < 0 {
		return steps.Config{}, usagef("--concurrency must not be negative")
	}
	cfg := steps.Config{
		BaseURL:               o.baseURL,
		Profile:               p,
		Tokens:                toks,
		MachineIDs:            o.machineIDs,
		UnknownMachineID:      o.unknownMachineID,
		Tags:                  o.tags,
		RequestTimeout:        o.requestTimeout,
		AllowLive:             o.allowLive,
		InsecureSkipTLSVerify: o.insecure,
		Concurrency:           o.concurrency,
		Timeouts:              steps.Timeouts{ReleaseGrace: o.releaseGrace, WaitBudget: o.waitBudget},
	}
	if o.baseURL == "" {
		cfg.Embedded = embedded.Mock(mock.Options{})
	}
	return cfg, nil
}
