package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// suiteRuns is how many times each profile's run is timed; the table shows the median.
const suiteRuns = 3

// suiteSection builds cmd/isoconform and times a full run of each profile against the
// embedded mock, from the binary; the JSON report tells where the time goes.
func suiteSection(ctx context.Context, t *table) error {
	bin, dir, err := buildSuite(ctx, "isoconform-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, profile := range []string{"preview-2017", "current"} {
		var walls []time.Duration
		var rep suiteReport
		for i := range suiteRuns {
			report := filepath.Join(dir, fmt.Sprintf("%s-%d.json", profile, i))
			cmd := exec.CommandContext(ctx, bin, "run", "--profile", profile, "--report", report)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			wall := time.Since(start)
			if err != nil {
				return fmt.Errorf("bench: isoconform run --profile %s: %w\n%s", profile, err, out)
			}
			walls = append(walls, wall)
			if rep, err = readReport[suiteReport](report); err != nil {
				return err
			}
		}
		slices.Sort(walls)
		median := walls[len(walls)/2]
		t.add("suite: isoconform run --profile "+profile, "wall (median of 3; min-max)",
			fmt.Sprintf("%s (%s-%s)", median.Round(time.Millisecond), walls[0].Round(time.Millisecond), walls[len(walls)-1].Round(time.Millisecond)),
			rep.where(median))
		t.target("suite < 2s wall ("+profile+")", median < 2*time.Second, median.Round(time.Millisecond).String())
	}
	return nil
}

// suiteReport is what the bench reads of a run's JSON report.
type suiteReport struct {
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"`
	Verdict   string    `json:"verdict"`
	Scenarios []struct {
		Name     string `json:"name"`
		Duration int64  `json:"durationNs"`
	} `json:"scenarios"`
}

// readReport reads the part of a run's JSON report that T describes.
func readReport[T any](path string) (T, error) {
	var r T
	data, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("bench: %s: %w", path, err)
	}
	return r, nil
}

// where says where a run's wall time went: process start and mock start-up, the scenarios
// (their total and how many ran at once on average), the slowest scenario.
func (r suiteReport) where(wall time.Duration) string {
	span := r.Finished.Sub(r.Started)
	var sum, slowest time.Duration
	name := ""
	for _, s := range r.Scenarios {
		d := time.Duration(s.Duration)
		sum += d
		if d > slowest {
			slowest, name = d, s.Name
		}
	}
	concurrency := float64(sum) / float64(max(span, 1))
	return fmt.Sprintf("%s, %d scenarios: start-up+exit %s, scenarios %s (sum %s, %.1f at once), slowest %s %q",
		r.Verdict, len(r.Scenarios), (wall - span).Round(time.Millisecond), span.Round(time.Millisecond),
		sum.Round(time.Millisecond), concurrency, slowest.Round(time.Millisecond), clip(name, 60))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}

// matrixSection times the deviation matrix (go test ./internal/matrix -count=1, compile
// included) in the module at root when the package exists there.
func matrixSection(ctx context.Context, t *table, root string) error {
	if files, _ := filepath.Glob(filepath.Join(root, "internal/matrix/*.go")); len(files) == 0 {
		t.add("matrix: go test ./internal/matrix", "wall", "skipped", "no internal/matrix under "+root)
		return nil
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "./internal/matrix")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("bench: go test ./internal/matrix: %w\n%s", err, out)
	}
	name := "matrix: go test ./internal/matrix -count=1"
	if root != "." {
		name += " (in " + root + ")"
	}
	t.add(name, "wall", wall.Round(time.Millisecond).String(), "compile included")
	t.target("deviation matrix < 3 min", wall < 3*time.Minute, wall.Round(time.Second).String())
	return nil
}
