package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/isoconform/isoconform/internal/redact"
	"github.com/isoconform/isoconform/internal/report"
)

// reportCommand is `isoconform report --html FILE REPORT.json`: it renders a
// JSON report saved by `isoconform run --report` as a self-contained HTML
// page. The saved report was redacted when written; bearer credentials and
// JWTs are hidden again on the way out.
func reportCommand(_ context.Context, args []string, _ environment, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", stderr)
	var html string
	fs.StringVar(&html, "html", "", "write an HTML rendering of REPORT.json to FILE")
	fs.Usage = func() {
		_, _ = io.WriteString(stderr, "Usage: isoconform report --html FILE REPORT.json\n\n"+fs.FlagUsages())
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if html == "" || fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	run, err := report.Load(fs.Arg(0))
	if err != nil {
		return fail(stderr, err)
	}
	f, err := os.Create(html)
	if err != nil {
		return fail(stderr, usagef("--html: %v", err))
	}
	if err := report.WriteHTML(f, run, redact.New()); err != nil {
		_ = f.Close()
		return fail(stderr, fmt.Errorf("--html %s: %w", html, err))
	}
	if err := f.Close(); err != nil {
		return fail(stderr, fmt.Errorf("--html %s: %w", html, err))
	}
	fmt.Fprintf(stdout, "wrote %s (%s, verdict %s)\n", html, fs.Arg(0), run.Verdict)
	return exitOK
}
