package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/isoconform/isoconform/internal/report"
)

// Exit codes, as design.md and report define them.
const (
	exitOK            = report.ExitConformant
	exitNonConformant = report.ExitNonConformant
	exitUsage         = report.ExitError
	exitInterrupted   = report.ExitInterrupted
)

// usageError is a mistake in the command line or environment: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"run", "run the conformance suite (the default command)", runCommand},
		{"mock", "serve the reference mock", mockCommand},
		{"client-check", "print the contract violations recorded by a mock; exit 1 if any", clientCheckCommand},
		{"report", "render a saved JSON report", reportCommand},
		{"version", "print the version", versionCommand},
	}
}

// run is the whole program: it parses args (without the program name) and
// env (os.Environ form), runs a command and returns the process exit code.
func run(ctx context.Context, args []string, env []string, stdout, stderr io.Writer) int {
	e := newEnvironment(env)
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "--help":
			printHelp(stdout)
			return exitOK
		}
		for _, c := range commands() {
			if args[0] == c.name {
				if asksHelp(args[1:]) {
					// Help asked for is the output, not an error: to stdout, like the top level.
					return c.run(ctx, args[1:], e, stdout, stdout)
				}
				return c.run(ctx, args[1:], e, stdout, stderr)
			}
		}
		if !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "isoconform: unknown command %q\n\n", args[0])
			printHelp(stderr)
			return exitUsage
		}
	}
	return runCommand(ctx, args, e, stdout, stderr)
}

// asksHelp reports whether args hold -h or --help (before a "--").
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help":
			return true
		}
	}
	return false
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "isoconform: conformance suite for the Defender for Endpoint \"Isolate machine\" API")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: isoconform [command] [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'isoconform COMMAND --help' for a command's flags.")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("isoconform "+name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	return fs
}

// parseFlags parses args; it returns done with the exit code when the
// command must stop (help asked for, or a usage error already printed).
func parseFlags(fs *pflag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, true
		}
		fmt.Fprintf(stderr, "isoconform: %v\n", err)
		return exitUsage, true
	}
	return 0, false
}

// fail prints err and returns its exit code: 2 for every error reaching here.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "isoconform: %s\n", report.Inert(err.Error())) // an error may quote a target
	return exitUsage
}
