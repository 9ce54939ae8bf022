package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// benchLine matches a line of go test -bench output: name-procs, iterations, ns/op.
var benchLine = regexp.MustCompile(`^BenchmarkListActionsFilter/([^/\s]+)/(\d+)-\d+\s+\d+\s+([\d.]+) ns/op`)

// lookupSection runs internal/mock's BenchmarkListActionsFilter, which seeds the store
// directly with 1k, 100k and 1M actions and measures GET machineactions with a $filter on
// machineId and on status through the handler (each query matching 10 actions).
func lookupSection(ctx context.Context, t *table) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^BenchmarkListActionsFilter$",
		"-benchtime", "100x", "-count", "1", "./internal/mock")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: lookups: %w\n%s", err, out.String())
	}
	got := map[string]map[int]time.Duration{}
	var order []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		ns, _ := strconv.ParseFloat(m[3], 64)
		if got[m[1]] == nil {
			got[m[1]] = map[int]time.Duration{}
			order = append(order, m[1])
		}
		got[m[1]][n] = time.Duration(ns)
	}
	if len(order) == 0 {
		return fmt.Errorf("bench: lookups: no result in\n%s", out.String())
	}
	worst := time.Duration(0)
	for _, name := range order {
		var parts []string
		for _, n := range []int{1_000, 100_000, 1_000_000} {
			parts = append(parts, ms(got[name][n]))
			worst = max(worst, got[name][n])
		}
		t.add("lookup: GET machineactions $filter="+lookupFilter(name), "latency at 1k / 100k / 1M actions",
			strings.Join(parts, " / "), "in-process, 10 matches at every size")
	}
	t.target("filtered lookups with 1M actions stay under 10ms (index, not scan)", worst < 10*time.Millisecond, "worst "+ms(worst))
	return nil
}

// lookupFilter describes a query of BenchmarkListActionsFilter.
func lookupFilter(name string) string {
	switch name {
	case "machineId":
		return "machineId eq '<id>'"
	case "status":
		return "status eq 'Pending'"
	case "status-top":
		return "status eq 'Succeeded'&$top=10"
	}
	return name
}
