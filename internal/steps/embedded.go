package steps

import (
	"context"
	"fmt"
	"time"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/internal/mock"
)

// The embedded mock's action lifecycle when MockOptions leaves it zero: an action completes on
// its second read (GET machineactions/{id}), so the scenarios that need a pending isolation
// (duplicate, cancel) see one however loaded the machine is, and the suite's own polling
// completes every action it waits for at once; the delay is the upper bound for an action
// nobody reads.
const (
	DefaultMockCompletionReads = 2
	DefaultMockCompletionDelay = 3 * time.Second
)

// embeddedTarget is the embedded mock and what the suite needs from it.
type embeddedTarget struct {
	running  *mock.Running
	base     string
	tokens   map[string]string
	machines []string
}

// startEmbedded starts the reference mock on loopback and issues a token for every role of the
// profile; tokens given in cfg win.
func startEmbedded(ctx context.Context, cfg Config) (*embeddedTarget, error) {
	opts := cfg.MockOptions
	if opts.CompletionDelay == 0 && opts.CompletionReads == 0 {
		opts.CompletionDelay, opts.CompletionReads = DefaultMockCompletionDelay, DefaultMockCompletionReads
	}
	if len(opts.RateLimit.OnlyApps) == 0 {
		// Throttle only the principal the rate-limit scenario uses: the documented 100 calls
		// a minute still hold for it, and the rest of the suite runs at loopback speed.
		ps, err := auth.FixturePrincipals()
		if err != nil {
			return nil, fmt.Errorf("embedded mock principals: %w", err)
		}
		if p, ok := ps.Get(RoleRateLimit); ok {
			opts.RateLimit.OnlyApps = []string{p.AppID}
		}
	}
	running, err := mock.Start(ctx, opts, "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the embedded mock: %w", err)
	}
	e := &embeddedTarget{running: running, base: running.URL + cfg.Profile.BasePath(), tokens: map[string]string{}}
	for _, role := range ProfileRoles(cfg.Profile) {
		var tok string
		var err error
		switch role {
		case RoleExpired, RoleWrongAudience, RoleWrongIssuer:
			tok, err = running.Server.AttackToken(role, cfg.Profile)
		default:
			tok, err = running.Server.Token(role, cfg.Profile)
		}
		if err != nil {
			_ = running.Close(context.WithoutCancel(ctx))
			return nil, fmt.Errorf("embedded mock token for %s: %w", role, err)
		}
		e.tokens[role] = tok
	}
	for role, tok := range cfg.Tokens {
		e.tokens[role] = tok
	}
	e.machines = cfg.MachineIDs
	if len(e.machines) == 0 {
		for _, m := range running.Server.Machines() {
			e.machines = append(e.machines, m.ID)
		}
	}
	return e, nil
}

func (e *embeddedTarget) close(ctx context.Context) {
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = e.running.Close(closeCtx)
}
