package steps

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// Embedded starts the target a run uses when Config.BaseURL is empty. The runner knows no
// target of its own: the caller supplies one (package conformance supplies the reference mock
// on loopback), so the runner does not depend on the system it tests.
type Embedded func(ctx context.Context, p spec.Profile) (*EmbeddedTarget, error)

// EmbeddedTarget is a started embedded target and what the suite needs from it.
type EmbeddedTarget struct {
	// BaseURL is the API root of the profile, e.g. http://127.0.0.1:PORT/testwdatppreview.
	BaseURL string
	// Tokens holds a token per role (see ProfileRoles) that the target issued; tokens given
	// in Config.Tokens win over them.
	Tokens map[string]string
	// MachineIDs are the target's machines; the run uses them when Config.MachineIDs is empty.
	MachineIDs []string
	// Config holds entries the report's effective configuration shows about the target, such
	// as "mock-deviations".
	Config map[string]string
	// Close stops the target; the runner calls it once, at the end of the run.
	Close func(context.Context) error
}

// errNoEmbedded is the error of a run with neither a base URL nor an embedded target.
var errNoEmbedded = errors.New("no base URL and no embedded target: set the base URL of the API to test (package conformance and the isoconform command start the reference mock when it is empty)")

// startEmbedded starts cfg's embedded target and merges cfg's tokens and machines over its own.
func startEmbedded(ctx context.Context, cfg Config) (*EmbeddedTarget, error) {
	if cfg.Embedded == nil {
		return nil, errNoEmbedded
	}
	// The target outlives an interrupt of ctx: the release phase still needs it; the runner
	// closes it once the cleanup is done.
	e, err := cfg.Embedded(context.WithoutCancel(ctx), cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("start the embedded target: %w", err)
	}
	if e == nil || e.BaseURL == "" {
		if e != nil && e.Close != nil {
			_ = e.Close(context.WithoutCancel(ctx))
		}
		return nil, errors.New("start the embedded target: it gave no base URL")
	}
	merged := *e
	merged.Tokens = maps.Clone(e.Tokens)
	if merged.Tokens == nil {
		merged.Tokens = map[string]string{}
	}
	maps.Copy(merged.Tokens, cfg.Tokens)
	if len(cfg.MachineIDs) > 0 {
		merged.MachineIDs = cfg.MachineIDs
	}
	return &merged, nil
}

// stop closes the embedded target, bounded so that a stuck target cannot hold the run.
func (e *EmbeddedTarget) stop(ctx context.Context) {
	if e.Close == nil {
		return
	}
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = e.Close(closeCtx)
}
