// Package embedded supplies the suite's embedded target: the public reference mock on
// loopback, with a token for every role and its machines. The runner (internal/steps) takes
// it as a steps.Embedded, so a run against a live target does not depend on the mock.
package embedded

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// The mock's action lifecycle when the options leave it zero: an action completes on its
// second read (GET machineactions/{id}), so the scenarios that need a pending isolation
// (duplicate, cancel) see one however loaded the machine is, and the suite's own polling
// completes every action it waits for at once; the delay is the upper bound for an action
// nobody reads.
const (
	DefaultCompletionReads = 2
	DefaultCompletionDelay = 3 * time.Second
)

// Mock returns the embedded target that starts the reference mock with opts for each run. A
// zero CompletionDelay and CompletionReads take DefaultCompletionDelay and
// DefaultCompletionReads; without RateLimit.OnlyRoles only the rate-limit role is throttled
// (the documented 100 calls a minute still hold for it, and the rest of the suite runs at
// loopback speed).
func Mock(opts mock.Options) steps.Embedded {
	return func(ctx context.Context, p spec.Profile) (*steps.EmbeddedTarget, error) {
		o := opts
		if o.CompletionDelay == 0 && o.CompletionReads == 0 {
			o.CompletionDelay, o.CompletionReads = DefaultCompletionDelay, DefaultCompletionReads
		}
		if len(o.RateLimit.OnlyRoles) == 0 {
			o.RateLimit.OnlyRoles = []string{steps.RoleRateLimit}
		}
		srv, err := mock.Start(ctx, o)
		if err != nil {
			return nil, err
		}
		base, err := srv.BaseURL(string(p))
		if err != nil {
			_ = srv.Close()
			return nil, err
		}
		t := &steps.EmbeddedTarget{BaseURL: base, Tokens: map[string]string{}, MachineIDs: srv.MachineIDs(),
			Config: map[string]string{}, Close: func(context.Context) error { return srv.Close() }}
		for _, role := range steps.ProfileRoles(p) {
			tok, err := srv.Token(string(p), role)
			if err != nil {
				_ = srv.Close()
				return nil, fmt.Errorf("mock token for %s: %w", role, err)
			}
			t.Tokens[role] = tok
		}
		if len(o.Deviations) > 0 {
			t.Config["mock-deviations"] = strings.Join(o.Deviations, ",")
		}
		if len(o.Variants) > 0 {
			t.Config["mock-variants"] = strings.Join(o.Variants, ",")
		}
		return t, nil
	}
}
