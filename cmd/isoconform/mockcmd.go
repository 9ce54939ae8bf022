package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/spec"
)

// shutdownGrace bounds how long the mock waits for requests in flight
// after SIGINT or SIGTERM.
const shutdownGrace = 5 * time.Second

// mockOptions are the flags of `isoconform mock`.
type mockOptions struct {
	addr            string
	deviations      []string
	listDeviations  bool
	variants        []string
	listVariants    bool
	printTokens     bool
	completionDelay time.Duration
	completionReads int
	allowNonLoop    bool
	hostNames       []string
	rateLimit       mock.RateLimit
	proxy           proxyOptions
}

// mockCommand is `isoconform mock`: it serves the reference mock until ctx
// ends (SIGINT or SIGTERM), then shuts down gracefully.
func mockCommand(ctx context.Context, args []string, _ environment, stdout, stderr io.Writer) int {
	var o mockOptions
	fs := newFlagSet("mock", stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on; loopback unless --allow-non-loopback")
	fs.StringArrayVar(&o.deviations, "deviate", nil, "commit the named deviation (a deliberate fault), repeatable; see --list-deviations")
	fs.BoolVar(&o.listDeviations, "list-deviations", false, "print every deviation (name, profiles, requirement ids, description) and exit")
	fs.StringArrayVar(&o.variants, "variant", nil, "take the named variant (a legal alternative where the documents are silent), repeatable; see --list-variants")
	fs.BoolVar(&o.listVariants, "list-variants", false, "print every variant (name, what it changes, the registry decision it flips) and exit")
	fs.BoolVar(&o.printTokens, "print-tokens", false, "print a ready token per fixture principal and profile, and a curl example")
	fs.DurationVar(&o.completionDelay, "completion-delay", embedded.DefaultCompletionDelay, "how long an action takes to reach Succeeded (Pending, then InProgress); 0 with --completion-reads 0: Succeeded from the first read")
	fs.IntVar(&o.completionReads, "completion-reads", embedded.DefaultCompletionReads, "also complete an action on its Nth read (GET machineactions/{id}), so the suite's duplicate and cancel checks see it pending whatever the load; 0: the clock alone")
	fs.BoolVar(&o.allowNonLoop, "allow-non-loopback", false, "listen on an address that is not loopback (the mock issues tokens to anyone)")
	fs.StringArrayVar(&o.hostNames, "host-name", nil, "a host name the mock answers as besides loopback and --addr, repeatable (any other Host gets 421)")
	fs.IntVar(&o.rateLimit.PerMinute, "rate-limit-per-minute", mock.DefaultPerMinute, "current profile: calls per minute per application and tenant before 429")
	fs.IntVar(&o.rateLimit.PerHour, "rate-limit-per-hour", mock.DefaultPerHour, "current profile: calls per hour per application and tenant before 429")
	fs.BoolVar(&o.rateLimit.Disabled, "no-rate-limit", false, "current profile: never answer 429")
	o.proxy.register(fs)
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(stderr, usagef("mock takes no arguments, got %q", fs.Args()))
	}
	if err := o.proxy.check(); err != nil {
		return fail(stderr, err)
	}
	if o.listDeviations {
		return listDeviations(stdout)
	}
	if o.listVariants {
		return listVariants(stdout)
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return fail(stderr, usagef("--addr %q: %v", o.addr, err))
	}
	if !steps.IsLoopback(host) && !o.allowNonLoop {
		return fail(stderr, usagef("--addr %s is not loopback: the mock issues tokens to anyone who asks; pass --allow-non-loopback to listen there anyway", o.addr))
	}
	if o.completionDelay < 0 || o.completionReads < 0 {
		return fail(stderr, usagef("--completion-delay and --completion-reads must not be negative"))
	}
	if o.rateLimit.PerMinute < 1 || o.rateLimit.PerHour < 1 {
		return fail(stderr, usagef("--rate-limit-per-minute and --rate-limit-per-hour must be at least 1 (use --no-rate-limit to turn throttling off)"))
	}
	running, err := mock.Start(ctx, mock.Options{
		Deviations:       o.deviations,
		Variants:         o.variants,
		CompletionDelay:  o.completionDelay,
		CompletionReads:  o.completionReads,
		AllowNonLoopback: o.allowNonLoop,
		HostNames:        o.hostNames,
		RateLimit:        o.rateLimit,
		Proxy:            o.proxy.proxy,
		TLS:              o.proxy.tls,
	}, o.addr)
	if err != nil {
		return fail(stderr, err)
	}
	if err := o.proxy.writeCA(running.CACertPEM); err != nil {
		_ = running.Close(context.Background())
		return fail(stderr, err)
	}
	root := running.URL
	fmt.Fprintf(stdout, "isoconform mock listening on %s\n", root)
	fmt.Fprintf(stdout, "  preview-2017: %s%s\n", root, spec.Preview2017.BasePath())
	fmt.Fprintf(stdout, "  current:      %s\n", strings.Join(prefixed(root, spec.Current.BasePaths()), " and "))
	fmt.Fprintf(stdout, "  violations:   %s%s\n", root, violationsPath)
	fmt.Fprintf(stdout, "  verdicts:     %s%s\n", root, verdictsPath)
	o.proxy.printBanner(stdout, running)
	if d := running.Server.Deviations(); len(d) > 0 {
		fmt.Fprintf(stdout, "  deviations:   %s (a deliberately faulty server)\n", strings.Join(d, ", "))
	}
	if v := running.Server.Variants(); len(v) > 0 {
		fmt.Fprintf(stdout, "  variants:     %s (legal alternatives)\n", strings.Join(v, ", "))
	}
	if o.printTokens {
		if err := printTokens(stdout, running.Server, root); err != nil {
			_ = running.Close(context.Background())
			return fail(stderr, err)
		}
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")

	<-ctx.Done()
	fmt.Fprintln(stdout, "isoconform mock stopping")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := running.Close(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fail(stderr, fmt.Errorf("shutdown: %w", err))
	}
	fmt.Fprintln(stdout, "isoconform mock stopped")
	return exitOK
}

func prefixed(root string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = root + p
	}
	return out
}

// listDeviations prints the catalogue: per deviation a line with name,
// profiles and requirement ids, then its description indented.
func listDeviations(stdout io.Writer) int {
	for _, d := range mock.Catalogue() {
		profiles := make([]string, len(d.Profiles))
		for i, p := range d.Profiles {
			profiles[i] = string(p)
		}
		_, err := fmt.Fprintf(stdout, "%s  [%s]  %s\n    %s\n",
			d.Name, strings.Join(profiles, ", "), strings.Join(d.Requirements, " "), d.Description)
		if err != nil {
			return exitUsage
		}
	}
	return exitOK
}

// listVariants prints the variant catalogue, one line per variant: the name, what it
// changes, and the requirement whose registry decision it flips (with the profiles, and the
// optional feature it removes, if any).
func listVariants(stdout io.Writer) int {
	for _, v := range mock.VariantCatalogue() {
		profiles := make([]string, len(v.Profiles))
		for i, p := range v.Profiles {
			profiles[i] = string(p)
		}
		extra := ""
		if v.Feature != "" {
			extra = "; removes feature " + v.Feature
		}
		_, err := fmt.Fprintf(stdout, "%s  %s  (flips the decision of %s; %s%s)\n",
			v.Name, v.Description, v.Decision, strings.Join(profiles, ", "), extra)
		if err != nil {
			return exitUsage
		}
	}
	return exitOK
}
