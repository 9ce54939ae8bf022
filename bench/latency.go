package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// latencyGoal is the most a run may take, in units of the completion delay d, with the given
// number of machines; 0 means no goal for that profile and machine count.
func latencyGoal(profile string, machines int) float64 {
	switch {
	case profile == "current" && machines == 1:
		return 8
	case profile == "preview-2017" && machines == 1:
		return 24
	case profile == "preview-2017" && machines == 4:
		return 8
	}
	return 0
}

// latencySection runs the built suite as a user would against a live target: the reference
// mock on loopback, taken for a live target (--base-url), whose actions complete d after they
// are created (the clock only, as on a real tenant, where an isolation takes minutes), with
// one machine and with four. It reports each run's wall time in units of d and the
// isolations it made.
func latencySection(ctx context.Context, t *table, d time.Duration) error {
	bin, dir, err := buildSuite(ctx, "isoconform-latency-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, profile := range []string{"preview-2017", "current"} {
		for _, machines := range []int{1, 4} {
			if err := latencyRun(ctx, t, bin, dir, profile, machines, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// latencyRun is one timed run against a fresh mock.
func latencyRun(ctx context.Context, t *table, bin, dir, profile string, machines int, d time.Duration) error {
	srv, err := mock.Start(ctx, mock.Options{CompletionDelay: d})
	if err != nil {
		return err
	}
	defer srv.Close()
	base, err := srv.BaseURL(profile)
	if err != nil {
		return err
	}
	ids := srv.MachineIDs()[:machines]
	env := os.Environ()
	for _, role := range steps.ProfileRoles(spec.Profile(profile)) {
		tok, err := srv.Token(profile, role)
		if err != nil {
			return fmt.Errorf("bench: mock token for %s: %w", role, err)
		}
		env = append(env, steps.TokenEnv(role)+"="+tok)
	}
	report := filepath.Join(dir, fmt.Sprintf("latency-%s-%d.json", profile, machines))
	args := []string{"run", "--profile", profile, "--base-url", base, "--report", report}
	for _, id := range ids {
		args = append(args, "--machine-id", id)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	start := time.Now()
	out, runErr := cmd.CombinedOutput()
	wall := time.Since(start)
	rep, err := readReport[latencyReport](report)
	if err != nil {
		return fmt.Errorf("bench: %s with %d machine(s): %v (run: %v)\n%s", profile, machines, err, runErr, out)
	}
	units := float64(wall) / float64(d)
	name := fmt.Sprintf("live latency: %s, %d machine(s)", profile, machines)
	t.add(name, "wall  (in d)  isolations  verdict", fmt.Sprintf("%s  %.1fd  %d  %s", wall.Round(time.Second), units, rep.isolations(), rep.Verdict),
		fmt.Sprintf("d = %s (--completion-delay); mock taken for a live target", d))
	if goal := latencyGoal(profile, machines); goal > 0 {
		t.target(fmt.Sprintf("live latency %s, %d machine(s) <= %.0fd, conformant", profile, machines, goal),
			units <= goal && rep.Verdict == "conformant", fmt.Sprintf("%.1fd, %s", units, rep.Verdict))
	}
	return nil
}

// latencyReport is what the latency runs read of the JSON report.
type latencyReport struct {
	suiteReport
	Actions []struct {
		Type string `json:"type"`
	} `json:"actions"`
}

func (r latencyReport) isolations() int {
	n := 0
	for _, a := range r.Actions {
		if a.Type == "Isolate" {
			n++
		}
	}
	return n
}
