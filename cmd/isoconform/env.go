package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/internal/steps"
)

// environment is the process environment, read only through lookup.
type environment map[string]string

func newEnvironment(env []string) environment {
	e := environment{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			e[k] = v
		}
	}
	return e
}

func (e environment) lookup(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// envName returns the variable that feeds a flag: ISOCONFORM_ and the flag
// name upper-cased with '-' turned into '_' (--base-url: ISOCONFORM_BASE_URL).
func envName(flag string) string {
	return steps.EnvPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// applyEnv sets every flag of fs that the command line left alone from its
// environment variable, so flags win. Repeatable flags take a
// comma-separated list. Flags named in skip are handled by the caller.
func applyEnv(fs *pflag.FlagSet, e environment, skip ...string) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || contains(skip, f.Name) {
			return
		}
		v, ok := e.lookup(envName(f.Name))
		if !ok || strings.TrimSpace(v) == "" {
			return
		}
		values := []string{strings.TrimSpace(v)}
		if f.Value.Type() == "stringArray" {
			values = splitList(v)
		}
		for _, x := range values {
			if serr := fs.Set(f.Name, x); serr != nil {
				err = usagef("%s: %q is not a valid value for --%s%s", envName(f.Name), x, f.Name, accepted(f.Value.Type()))
				return
			}
		}
	})
	return err
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

func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// describeEnv is the help text suffix naming a flag's variable.
func describeEnv(flag string) string {
	return fmt.Sprintf(" (env %s)", envName(flag))
}
