package main

import (
	"context"
	"io"
)

// reportCommand is `isoconform report --html FILE REPORT.json`. HTML
// rendering is not built yet (issue 8): the command says so and exits 2
// rather than pretend.
func reportCommand(_ context.Context, args []string, _ environment, _, stderr io.Writer) int {
	fs := newFlagSet("report", stderr)
	var html string
	fs.StringVar(&html, "html", "", "write an HTML rendering of REPORT.json to FILE (not yet supported)")
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
	return fail(stderr, usagef("HTML reports are not yet supported; the JSON report %s holds every result", fs.Arg(0)))
}
