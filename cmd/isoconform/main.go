// Command isoconform runs the conformance suite for the Defender for Endpoint
// "Isolate machine" API against a target, serves the reference mock, checks
// the clients that called the mock and renders saved reports.
//
//	isoconform [run] [flags]          run the suite (the default command)
//	isoconform mock [flags]           serve the reference mock
//	isoconform client-check --mock URL
//	isoconform report --html FILE REPORT.json
//	isoconform version
//
// The command is a thin layer over package steps: flags and ISOCONFORM_*
// environment variables become a steps.Config.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal cancels ctx (a run still releases every isolation it
	// made); stop restores the default handling, so a second one kills.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
