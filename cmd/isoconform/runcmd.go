package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/isoconform/isoconform/internal/redact"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/internal/steps"
)

// suite is what `isoconform run` calls in package steps; tests substitute
// a fake to reach every verdict.
type suite struct {
	run  func(context.Context, steps.Config) (*report.Run, error)
	list func(io.Writer, steps.Config) error
}

func realSuite() suite {
	return suite{run: steps.Run, list: listScenarios}
}

// runCommand is `isoconform run`.
func runCommand(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) int {
	return runSuite(ctx, realSuite(), args, env, stdout, stderr)
}

// runSuite parses the run flags, applies the safety rules, runs s and
// writes the reports. Every byte it prints passes a redactor that knows
// the configured token values.
func runSuite(ctx context.Context, s suite, args []string, env environment, stdout, stderr io.Writer) int {
	var o runOptions
	fs := runFlags(&o, stderr)
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, usagef("run takes no arguments, got %q", fs.Args()))
	}
	if err := o.run.ApplyEnv(env.lookup); err != nil {
		return fail(stderr, usagef("%v", err))
	}
	cfg, err := o.config(env)
	if err != nil {
		return fail(stderr, err)
	}
	red := redact.New(secretValues(cfg.Tokens)...)
	// Everything printed from here on may hold what the target sent: redacted, then inert.
	out, errOut := red.Writer(report.InertWriter(stdout)), red.Writer(report.InertWriter(stderr))
	defer func() { _ = out.Flush(); _ = errOut.Flush() }()

	if err := cfg.Validate(); err != nil {
		return fail(errOut, fmt.Errorf("refusing to run, nothing was sent:\n%w", err))
	}
	if o.list {
		// The list holds only the embedded features' titles and tags, never
		// configuration, so it bypasses the redactor, whose bearer pattern
		// would mask the word after "Bearer" in a title.
		if err := s.list(stdout, cfg); err != nil {
			return fail(errOut, err)
		}
		return exitOK
	}

	files, err := createReports(o)
	if err != nil {
		return fail(errOut, err)
	}
	cfg.Progress = progressWriter{red, report.InertWriter(stderr)}
	noticed := make(chan struct{})
	stopNotice := context.AfterFunc(ctx, func() {
		defer close(noticed)
		fmt.Fprintf(errOut, "\nisoconform: interrupted; releasing every isolation made, for at most %s (--release-grace); interrupt again to abort at once\n", releaseGrace(cfg))
	})
	result, runErr := s.run(ctx, cfg)
	if !stopNotice() {
		<-noticed // the notice is being written: let it finish first
	}
	if result == nil {
		files.discard()
		if runErr == nil {
			runErr = errors.New("the suite returned no result")
		}
		return fail(errOut, runErr)
	}
	if runErr != nil {
		fmt.Fprintf(errOut, "isoconform: %v\n", runErr)
	}
	result.Interrupted = ctx.Err() != nil
	code := result.ExitCode()
	if err := files.write(result, red); err != nil {
		fmt.Fprintf(errOut, "isoconform: %v\n", err)
		if !result.Interrupted {
			code = exitUsage
		}
	}
	if err := report.WriteSummary(out, result, red); err != nil {
		fmt.Fprintf(errOut, "isoconform: writing the summary: %v\n", err)
	}
	if result.Interrupted {
		fmt.Fprintf(errOut, "isoconform: interrupted (exit code %d)\n", exitInterrupted)
	}
	return code
}

// releaseGrace is the release phase's bound after an interrupt, as the run applies it.
func releaseGrace(cfg steps.Config) time.Duration {
	switch {
	case cfg.Timeouts.ReleaseGrace > 0:
		return cfg.Timeouts.ReleaseGrace
	case cfg.BaseURL == "":
		return steps.MockTimeouts().ReleaseGrace
	}
	return steps.LiveTimeouts().ReleaseGrace
}

// reportFile is one report the user asked for, opened before the run so a
// bad path fails before anything is sent.
type reportFile struct {
	flag  string
	f     *os.File
	write func(io.Writer, *report.Run, *redact.Redactor) error
}

type reportFiles []reportFile

func createReports(o runOptions) (reportFiles, error) {
	var files reportFiles
	for _, r := range []struct {
		flag, path string
		write      func(io.Writer, *report.Run, *redact.Redactor) error
	}{
		{"junit", o.junit, report.WriteJUnit},
		{"cucumber", o.cucumber, report.WriteCucumber},
		{"report", o.report, report.WriteJSON},
		{"html", o.html, report.WriteHTML},
	} {
		if r.path == "" {
			continue
		}
		f, err := os.Create(r.path)
		if err != nil {
			files.discard()
			return nil, usagef("--%s: %v", r.flag, err)
		}
		files = append(files, reportFile{r.flag, f, r.write})
	}
	return files, nil
}

// write renders run into every file and closes them.
func (files reportFiles) write(run *report.Run, red *redact.Redactor) error {
	var errs []error
	for _, rf := range files {
		if err := rf.write(rf.f, run, red); err != nil {
			errs = append(errs, fmt.Errorf("--%s %s: %w", rf.flag, rf.f.Name(), err))
		}
		if err := rf.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("--%s %s: %w", rf.flag, rf.f.Name(), err))
		}
	}
	return errors.Join(errs...)
}

// discard closes and removes the files: no run result to put in them.
func (files reportFiles) discard() {
	for _, rf := range files {
		_ = rf.f.Close()
		_ = os.Remove(rf.f.Name())
	}
}
