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

// applyEnv sets every flag of fs that the command line left alone from its
// environment variable (steps.ApplyEnv, the one mapping), so flags win.
// Flags named in skip are handled by the caller.
func applyEnv(fs *pflag.FlagSet, e environment, skip ...string) error {
	if _, err := steps.ApplyEnv(fs, e.lookup, skip...); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// describeEnv is the help text suffix naming a flag's variable.
func describeEnv(flag string) string {
	return fmt.Sprintf(" (env %s)", steps.EnvName(flag))
}
