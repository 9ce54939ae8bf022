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
)

// violationsPath is where the mock lists the requests that broke the
// contract.
const violationsPath = "/_isoconform/violations"

// clientCheckCommand is `isoconform client-check --mock URL`: it prints the
// violations a mock recorded and exits 1 if there are any, 0 if none, 2 if
// the mock cannot be read.
func clientCheckCommand(ctx context.Context, args []string, env environment, stdout, stderr io.Writer) int {
	fs := newFlagSet("client-check", stderr)
	mockURL := fs.String("mock", "", "root URL of a running `isoconform mock`, e.g. http://127.0.0.1:8080"+describeEnv("mock"))
	timeout := fs.Duration("request-timeout", 10*time.Second, "bound on the request")
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if err := applyEnv(fs, env); err != nil {
		return fail(stderr, err)
	}
	if *mockURL == "" || fs.NArg() > 0 {
		return fail(stderr, usagef("usage: isoconform client-check --mock URL"))
	}
	target := strings.TrimRight(*mockURL, "/") + violationsPath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fail(stderr, usagef("--mock: %v", err))
	}
	req.Header.Set("Accept", "application/json")
	client := httpx.New(httpx.Options{Timeout: *timeout})
	defer client.Close()
	ex, err := client.Do(ctx, req)
	if err != nil {
		return fail(stderr, err)
	}
	if ex.StatusCode != http.StatusOK {
		return fail(stderr, fmt.Errorf("%s answered %s: is it an isoconform mock?", target, ex.Status))
	}
	var body struct {
		Violations *[]mock.Violation `json:"violations"`
	}
	if err := json.Unmarshal(ex.ResponseBody, &body); err != nil || body.Violations == nil {
		return fail(stderr, fmt.Errorf("%s did not answer a list of violations: is it an isoconform mock?", target))
	}
	vs := *body.Violations
	// The mock redacts Authorization itself; this also hides any bearer
	// credential or JWT a client put elsewhere.
	out := redact.New().Writer(stdout)
	defer func() { _ = out.Flush() }()
	stdout = out
	if len(vs) == 0 {
		fmt.Fprintf(stdout, "no contract violations recorded by the mock at %s\n", *mockURL)
		return exitOK
	}
	fmt.Fprintf(stdout, "%d contract violation(s) recorded by the mock at %s, oldest first:\n", len(vs), *mockURL)
	for i, v := range vs {
		printViolation(stdout, i+1, v)
	}
	return exitNonConformant
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
