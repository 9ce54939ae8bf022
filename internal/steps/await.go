package steps

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// waitEnded says why a wait ended early.
func waitEnded(ctx context.Context, err error) string {
	if ctx.Err() != nil {
		if c := context.Cause(ctx); c != nil && c != ctx.Err() {
			return c.Error()
		}
		return "interrupted"
	}
	return err.Error()
}

// await polls GET machineactions/{id} until the action is final or limit passes: the first
// poll at once, then after Timeouts.PollInterval, doubling to a cap (pollCapFactor times
// it), honouring a 429's Retry-After; each pause draws from the run's wait budget. A wait
// longer than a few seconds is shown on the progress writer with what it waits for. It
// returns the last status seen.
func (s *scenario) await(ctx context.Context, id string, limit time.Duration, what string) (string, error) {
	return s.t.await(ctx, id, limit, what)
}

// pollCapFactor is the longest pause between two polls, in units of Timeouts.PollInterval.
const pollCapFactor = 4

func (t *target) await(ctx context.Context, id string, limit time.Duration, what string) (string, error) {
	start := time.Now()
	deadline := start.Add(limit)
	interval := t.timeouts.PollInterval
	last, shown := "", time.Duration(0)
	for {
		st, ex, err := t.actionStatus(ctx, id)
		if err == nil {
			last = st
			if isFinal(st) {
				return st, nil
			}
		}
		if time.Now().After(deadline) {
			if err != nil {
				return last, fmt.Errorf("action %s: %v", id, err)
			}
			return last, fmt.Errorf("action %s still %s after %s", id, last, limit)
		}
		if waited := time.Since(start); !t.isMock && waited-shown >= progressEvery {
			shown = waited
			t.noticef("waiting for %s to be final: %s so far, status %q, giving up after %s", what, waited.Round(time.Second), last, limit)
		}
		wait := interval
		if ex != nil && ex.StatusCode == http.StatusTooManyRequests {
			wait = min(retryAfter(ex, interval), t.requestTimeout)
		}
		if err := t.budget.sleep(ctx, min(wait, time.Until(deadline)+time.Millisecond)); err != nil {
			return last, fmt.Errorf("action %s still %q: %s", id, last, waitEnded(ctx, err))
		}
		interval = min(interval*2, t.timeouts.PollInterval*pollCapFactor)
	}
}

// progressEvery is how often a long wait on the target is shown.
const progressEvery = 15 * time.Second
