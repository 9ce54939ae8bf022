package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// errBudgetSpent ends a wait once the run's Timeouts.WaitBudget is spent.
var errBudgetSpent = errors.New("the run's wait budget (Timeouts.WaitBudget, --wait-budget) is spent")

// waitBudget is the wall time a run may spend waiting on the target, shared by every
// scenario: time counts while at least one wait is under way, so waits on several machines at
// once draw from it once, not once each. It is safe for concurrent use.
type waitBudget struct {
	mu     sync.Mutex
	limit  time.Duration
	spent  time.Duration
	active int
	since  time.Time // start of the current period with active > 0
}

func newWaitBudget(limit time.Duration) *waitBudget { return &waitBudget{limit: limit} }

// remaining is what is left of the budget now.
func (b *waitBudget) remaining() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.remainingLocked(time.Now())
}

func (b *waitBudget) remainingLocked(now time.Time) time.Duration {
	spent := b.spent
	if b.active > 0 {
		spent += now.Sub(b.since)
	}
	return b.limit - spent
}

// sleep waits d, at most what is left of the budget, or until ctx ends. It returns
// errBudgetSpent when the budget ran out before d passed, ctx's error when ctx ended.
func (b *waitBudget) sleep(ctx context.Context, d time.Duration) error {
	b.mu.Lock()
	now := time.Now()
	left := b.remainingLocked(now)
	if left <= 0 {
		b.mu.Unlock()
		return errBudgetSpent
	}
	if b.active == 0 {
		b.since = now
	}
	b.active++
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.active--
		if b.active == 0 {
			b.spent += time.Since(b.since)
		}
		b.mu.Unlock()
	}()
	short := d > left
	if !sleep(ctx, min(d, left)) {
		return ctx.Err()
	}
	if short {
		return errBudgetSpent
	}
	return nil
}

// releaseContext returns the context the releases run in: it is not cancelled with ctx, but
// Timeouts.ReleaseGrace after ctx ends (an interrupt), so the release phase is bounded. stop
// releases its resources.
func releaseContext(ctx context.Context, grace time.Duration) (context.Context, func()) {
	rel, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	var mu sync.Mutex
	var timer *time.Timer
	stopAfter := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		timer = time.AfterFunc(grace, func() {
			cancel(fmt.Errorf("interrupted, and the release grace of %s (--release-grace) ended before the release was confirmed", grace))
		})
	})
	return rel, func() {
		stopAfter()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel(nil)
	}
}
