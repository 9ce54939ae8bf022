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
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	// The first SIGINT or SIGTERM cancels ctx: a run still releases every
	// isolation it made, within its release grace. A second one aborts at
	// once. Notify takes over SIGINT even when the process was started with
	// it ignored (a script's `&`), so the second one is always heard.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		cancel(fmt.Errorf("received %v", s))
		<-sigs
		fmt.Fprintln(os.Stderr, "\nisoconform: second interrupt: aborting at once; isolations still being released may be left in place (see the action list of an earlier report, or the portal)")
		os.Exit(exitInterrupted)
	}()
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	signal.Stop(sigs)
	os.Exit(code)
}
