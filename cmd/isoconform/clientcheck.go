package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/httpx"
	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/redact"
	"github.com/isoconform/isoconform/internal/report"
)

// violationsPath is where the mock lists the requests that broke the
// contract; verdictsPath is where it lists the client behaviour it judged
// (no token, wrong audience, a retry before Retry-After, ...).
const (
	violationsPath = "/_isoconform/violations"
	verdictsPath   = "/_isoconform/verdicts"
)

// clientCheckCommand is `isoconform client-check --mock URL`: it prints the
// contract violations and the client verdicts a mock recorded and exits 1 if
// there is any, 0 if none, 2 if the mock cannot be read.
func clientCheckCommand(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) int {
	fs := newFlagSet("client-check", stderr)
	mockURL := fs.String("mock", "", "root URL of a running `isoconform mock`, e.g. http://127.0.0.1:8080"+describeEnv("mock"))
	timeout := fs.Duration("request-timeout", 10*time.Second, "bound on each request")
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if err := applyEnv(fs, env); err != nil {
		return fail(stderr, err)
	}
	if *mockURL == "" || fs.NArg() > 0 {
		return fail(stderr, usagef("usage: isoconform client-check --mock URL"))
	}
	client := httpx.New(httpx.Options{Timeout: *timeout})
	defer client.Close()
	root := strings.TrimRight(*mockURL, "/")
	var violations struct {
		Violations *[]mock.Violation `json:"violations"`
	}
	if err := fetchList(ctx, client, root+violationsPath, &violations, func() bool { return violations.Violations != nil }); err != nil {
		return fail(stderr, err)
	}
	var verdicts struct {
		Verdicts *[]mock.Verdict `json:"verdicts"`
		Dropped  int             `json:"dropped"`
	}
	if err := fetchList(ctx, client, root+verdictsPath, &verdicts, func() bool { return verdicts.Verdicts != nil }); err != nil {
		return fail(stderr, err)
	}
	vs, js := *violations.Violations, *verdicts.Verdicts
	notes, err := fetchNotes(ctx, client, root+notesPath)
	if err != nil {
		return fail(stderr, err)
	}

	// The mock redacts Authorization itself; this also hides any bearer
	// credential or JWT a client put elsewhere.
	// What the mock recorded came from clients: shown inert too.
	out := redact.New().Writer(report.InertWriter(stdout))
	defer func() { _ = out.Flush() }()
	stdout = out
	printNotes(stdout, notes, *mockURL)
	if len(vs) == 0 && len(js) == 0 {
		fmt.Fprintf(stdout, "no contract violations and no client verdicts recorded by the mock at %s\n", *mockURL)
		return exitOK
	}
	if len(vs) > 0 {
		fmt.Fprintf(stdout, "%d contract violation(s) recorded by the mock at %s, oldest first:\n", len(vs), *mockURL)
		for i, v := range vs {
			printViolation(stdout, i+1, v)
		}
	}
	if len(js) > 0 {
		fmt.Fprintf(stdout, "\n%d client verdict(s) recorded by the mock at %s:\n", len(js), *mockURL)
		for i, v := range js {
			printVerdict(stdout, i+1, v)
		}
		if verdicts.Dropped > 0 {
			fmt.Fprintf(stdout, "(%d more verdicts were dropped: the mock keeps a bounded table)\n", verdicts.Dropped)
		}
	}
	return exitNonConformant
}

// fetchList GETs one of the mock's lists into v; ok says whether the answer
// had the list's field, which tells a mock from any other JSON server.
func fetchList(ctx context.Context, client *httpx.Client, target string, v any, ok func() bool) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return usagef("--mock: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set(mock.ProbeHeader, "client-check")
	ex, err := client.Do(ctx, req)
	if err != nil {
		return err
	}
	if ex.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: is it an isoconform mock?", target, ex.Status)
	}
	if err := json.Unmarshal(ex.ResponseBody, v); err != nil || !ok() {
		return fmt.Errorf("%s did not answer the list it serves: is it an isoconform mock?", target)
	}
	return nil
}

// printVerdict prints one client verdict: who, which rule, how often, and the
// first request that broke it.
func printVerdict(w io.Writer, n int, v mock.Verdict) {
	fmt.Fprintf(w, "\n%d. client %s broke %s, %d time(s), %s to %s\n", n, v.Client, v.Rule, v.Count,
		v.First.Format(time.RFC3339), v.Last.Format(time.RFC3339))
	status := "no answer"
	if v.Example.Status != 0 {
		status = fmt.Sprintf("answered %d", v.Example.Status)
	}
	fmt.Fprintf(w, "   first: %s %s (%s)\n", v.Example.Method, v.Example.Path, status)
}

// printViolation prints one violation: what was called, which rule it
// broke, the mock's answer, and the request as recorded (Authorization
// already redacted by the mock).
func printViolation(w io.Writer, n int, v mock.Violation) {
	op := string(v.Profile)
	if v.Operation != "" {
		op += " " + v.Operation
	}
	fmt.Fprintf(w, "\n%d. %s %s", n, v.Method, v.Path)
	if op != "" {
		fmt.Fprintf(w, " (%s)", strings.TrimSpace(op))
	}
	fmt.Fprintf(w, " at %s\n", v.Time.Format(time.RFC3339))
	fmt.Fprintf(w, "   rule %s: %d %s: %s\n", v.Rule, v.Status, v.Code, v.Message)
	fmt.Fprintf(w, "   correlation id %s\n", v.CorrelationID)
	names := make([]string, 0, len(v.Request.Header))
	for k := range v.Request.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, val := range v.Request.Header[k] {
			fmt.Fprintf(w, "   > %s: %s\n", k, val)
		}
	}
	if v.Request.Body != "" {
		fmt.Fprintf(w, "   > %s\n", strings.ReplaceAll(v.Request.Body, "\n", "\n   > "))
		if v.Request.BodyTruncated {
			fmt.Fprintln(w, "   > [body cut at 4 KiB]")
		}
	}
}
