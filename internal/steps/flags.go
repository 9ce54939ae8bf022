package steps

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/spec"
)

// RunFlags are the run settings as command-line flags, each also read from its ISOCONFORM_
// variable (EnvName) when the command line leaves it alone: the one mapping from flags and
// environment to a Config. The isoconform command binds them to its flag set;
// ConfigFromLookup binds them to a flag set of its own and reads the environment alone.
type RunFlags struct {
	fs                       *pflag.FlagSet
	fromEnv                  map[string]bool
	baseURL, profile         string
	unknownMachineID, tags   string
	tokens, machineIDs       []string
	requestTimeout           time.Duration
	releaseGrace, waitBudget time.Duration
	allowLive, insecure      bool
	concurrency              int
	strict                   bool
	supported, exempt        []string
}

// BindRunFlags registers the run settings on fs.
func BindRunFlags(fs *pflag.FlagSet) *RunFlags {
	f := &RunFlags{fs: fs, fromEnv: map[string]bool{}}
	fs.StringVar(&f.baseURL, "base-url", "", "API root incl. path prefix; empty starts the embedded mock on loopback"+describeEnv("base-url"))
	fs.StringVar(&f.profile, "profile", "", "contract profile: preview-2017 (the default) or current"+describeEnv("profile"))
	fs.StringArrayVar(&f.tokens, "token", nil, "ROLE=VALUE or ROLE=@FILE, repeatable (env ISOCONFORM_TOKEN_<ROLE>)")
	fs.StringArrayVar(&f.machineIDs, "machine-id", nil, "a machine the suite may isolate, repeatable; required for a live target"+describeEnv("machine-id")+", comma-separated")
	fs.StringVar(&f.unknownMachineID, "unknown-machine-id", "", "an id that does not exist on the target (default: a random 40-hex id)"+describeEnv("unknown-machine-id"))
	fs.StringVar(&f.tags, "tags", "", "godog tag expression selecting scenarios, e.g. '@core && ~@rate'"+describeEnv("tags"))
	fs.DurationVar(&f.requestTimeout, "request-timeout", 30*time.Second, "bound on each HTTP request"+describeEnv("request-timeout"))
	fs.BoolVar(&f.allowLive, "allow-live", false, "allow a target whose host is not loopback"+describeEnv("allow-live"))
	fs.BoolVar(&f.insecure, "insecure-skip-tls-verify", false, "accept a TLS certificate that does not verify; recorded in the report"+describeEnv("insecure-skip-tls-verify"))
	fs.IntVar(&f.concurrency, "concurrency", 0, "scenarios run at once; isolating ones take a machine each (default: one per --machine-id plus two, 6 on the embedded mock)"+describeEnv("concurrency"))
	fs.DurationVar(&f.releaseGrace, "release-grace", 0, "after an interrupt, how long the releases may still take before the run exits 130 listing what is left (default 60s for a live target)"+describeEnv("release-grace"))
	fs.DurationVar(&f.waitBudget, "wait-budget", 0, "the most the whole run waits on the target (rate limit, actions not final yet) (default 60 times --request-timeout for a live target)"+describeEnv("wait-budget"))
	fs.BoolVar(&f.strict, "strict", false, "advisory findings (where the documents are silent or only suggest) fail the run; without it they are warnings"+describeEnv("strict"))
	fs.StringSliceVar(&f.supported, "supported-features", nil, "the optional features the target offers ("+featureList()+"); the others are declared not supported"+describeEnv("supported-features"))
	fs.StringSliceVar(&f.exempt, "exempt-features", nil, "optional features the target does not offer: their requirements are not supported, never failed"+describeEnv("exempt-features"))
	return f
}

// featureList names the optional features for the flags' help.
func featureList() string {
	var names []string
	for _, f := range spec.Features() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// ApplyEnv sets every flag of the bound flag set that the command line left alone from its
// variable (tokens are read by Config), so flags win.
func (f *RunFlags) ApplyEnv(lookup func(string) (string, bool)) error {
	set, err := ApplyEnv(f.fs, lookup, "token")
	for _, name := range set {
		f.fromEnv[name] = true
	}
	return err
}

// source names where a setting came from, for an error message: its variable or its flag.
func (f *RunFlags) source(name string) string {
	if f.fromEnv[name] {
		return EnvName(name)
	}
	return "--" + name
}

// Config resolves the settings once the flags are parsed and ApplyEnv has run: the profile,
// the tokens (--token first, then ISOCONFORM_TOKEN_<ROLE> for the roles left out) and the
// bounds. It does not apply the safety rules: call Config.Validate. Embedded is left to the
// caller.
func (f *RunFlags) Config(lookup func(string) (string, bool)) (Config, error) {
	toks, err := ResolveTokens(f.tokens, lookup)
	if err != nil {
		return Config{}, err
	}
	var p spec.Profile
	if f.profile != "" {
		if p, err = spec.ParseProfile(f.profile); err != nil {
			return Config{}, fmt.Errorf("%s: %v", f.source("profile"), err)
		}
	}
	if f.requestTimeout <= 0 {
		return Config{}, fmt.Errorf("%s must be positive", f.source("request-timeout"))
	}
	if f.releaseGrace < 0 || f.waitBudget < 0 {
		return Config{}, fmt.Errorf("--release-grace and --wait-budget must not be negative")
	}
	if f.concurrency < 0 {
		return Config{}, fmt.Errorf("%s must not be negative", f.source("concurrency"))
	}
	if _, err := parseFeatures(strings.Join(f.supported, ",")); err != nil {
		return Config{}, fmt.Errorf("%s: %v", f.source("supported-features"), err)
	}
	if _, err := parseFeatures(strings.Join(f.exempt, ",")); err != nil {
		return Config{}, fmt.Errorf("%s: %v", f.source("exempt-features"), err)
	}
	return Config{
		BaseURL:               f.baseURL,
		Profile:               p,
		Tokens:                toks,
		MachineIDs:            slices.Clone(f.machineIDs),
		UnknownMachineID:      f.unknownMachineID,
		Tags:                  f.tags,
		RequestTimeout:        f.requestTimeout,
		AllowLive:             f.allowLive,
		InsecureSkipTLSVerify: f.insecure,
		Concurrency:           f.concurrency,
		Timeouts:              Timeouts{ReleaseGrace: f.releaseGrace, WaitBudget: f.waitBudget},
		Strict:                f.strict,
		SupportedFeatures:     slices.Clone(f.supported),
		ExemptFeatures:        slices.Clone(f.exempt),
	}, nil
}

// EnvName returns the variable that feeds a flag: ISOCONFORM_ and the flag name upper-cased
// with '-' turned into '_' (--base-url: ISOCONFORM_BASE_URL).
func EnvName(flag string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// describeEnv is the help text suffix naming a flag's variable.
func describeEnv(flag string) string { return fmt.Sprintf(" (env %s)", EnvName(flag)) }

// ApplyEnv sets every flag of fs that the command line left alone from its variable, so flags
// win, and returns the names it set. Repeatable flags take a comma-separated list. Flags named
// in skip are left to the caller.
func ApplyEnv(fs *pflag.FlagSet, lookup func(string) (string, bool), skip ...string) ([]string, error) {
	var set []string
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || slices.Contains(skip, f.Name) {
			return
		}
		v, ok := lookup(EnvName(f.Name))
		if !ok || strings.TrimSpace(v) == "" {
			return
		}
		values := []string{strings.TrimSpace(v)}
		if f.Value.Type() == "stringArray" {
			values = splitList(v)
		}
		for _, x := range values {
			if serr := fs.Set(f.Name, x); serr != nil {
				err = fmt.Errorf("%s: %q is not a valid value for --%s%s", EnvName(f.Name), x, f.Name, accepted(f.Value.Type()))
				return
			}
		}
		set = append(set, f.Name)
	})
	return set, err
}

// accepted names the values a flag of type typ takes, for an error message.
func accepted(typ string) string {
	switch typ {
	case "bool":
		return " (accepted: true, false, 1, 0)"
	case "duration":
		return " (accepted: a duration such as 30s or 5m)"
	case "int":
		return " (accepted: an integer)"
	}
	return ""
}

// splitList splits a comma-separated value, dropping empty items and white space.
func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
