package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// versionCommand is `isoconform version`.
func versionCommand(_ context.Context, args []string, _ environment, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", stderr)
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, usagef("version takes no arguments, got %q", fs.Args()))
	}
	fmt.Fprintln(stdout, versionLine())
	return exitOK
}

// versionLine names the module version (or "devel"), the VCS revision when
// the binary was built from a checkout, and the Go version.
func versionLine() string {
	v, rev := "devel", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		var dirty bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "-dirty"
		}
	}
	line := "isoconform " + v
	if rev != "" {
		line += " (" + rev + ")"
	}
	return line + " " + runtime.Version()
}
