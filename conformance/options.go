package conformance

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/isoconform/isoconform/internal/embedded"
	"github.com/isoconform/isoconform/internal/steps"
	"github.com/isoconform/isoconform/mock"
	"github.com/isoconform/isoconform/spec"
)

// The contract profiles.
const (
	// Preview2017 is the 2017 preview document's contract (base path /testwdatppreview), the
	// default.
	Preview2017 = string(spec.Preview2017)
	// Current is the current documents' contract (base paths /api and /api/v1.0).
	Current = string(spec.Current)
)

// Roles a token may be given for (Options.Tokens). ProfileRoles says which a profile uses.
const (
	RoleSecurityAdministrator   = steps.RoleSecurityAdministrator   // preview-2017: user with Security Administrator
	RoleGlobalAdministrator     = steps.RoleGlobalAdministrator     // preview-2017: user with Global Administrator
	RoleNoRole                  = steps.RoleNoRole                  // preview-2017: valid user without either role
	RoleMachineIsolate          = steps.RoleMachineIsolate          // current: application with Machine.Isolate
	RoleMachineIsolateDelegated = steps.RoleMachineIsolateDelegated // current: user token whose scp holds Machine.Isolate
	RoleNoPermission            = steps.RoleNoPermission            // current: valid token without Machine.Isolate
	RoleRateLimit               = steps.RoleRateLimit               // current: spent only on the rate-limit scenario
	RoleExpired                 = steps.RoleExpired                 // both: an expired token the target issued
	RoleWrongAudience           = steps.RoleWrongAudience           // both: a valid token for another audience
	RoleWrongIssuer             = steps.RoleWrongIssuer             // both: signed by the target's provider, another issuer
)

// ProfileRoles returns the roles whose tokens the scenarios of profile use; an unknown profile
// has none.
func ProfileRoles(profile string) []string {
	p, err := spec.ParseProfile(profile)
	if err != nil {
		return nil
	}
	return steps.ProfileRoles(p)
}

// Options say what the suite runs against and with what. The zero value runs the
// preview-2017 suite against the reference mock on loopback.
type Options struct {
	// Profile is the contract profile, Preview2017 or Current; "" means Preview2017.
	Profile string
	// BaseURL is the API root including its path prefix, e.g.
	// https://api.security.microsoft.com/api; "" starts the reference mock for the run.
	BaseURL string
	// Tokens maps a role (Role*) to a bearer token. A scenario whose role has no token is
	// skipped with a reason. Against the reference mock, missing roles are issued by it.
	Tokens map[string]string
	// MachineIDs are the machines the suite may isolate, each released again: required for a
	// live target. The suite never isolates an id it discovered or guessed.
	MachineIDs []string
	// UnknownMachineID is an id that does not exist on the target; "" means a random one.
	UnknownMachineID string
	// Tags is a godog tag expression selecting scenarios, e.g. "@core && ~@rate". Level tags
	// (@core, @extended, @advisory, @observed) select by the registry's levels.
	Tags string
	// Strict makes advisory findings (what the suite infers where the documents are silent
	// or only suggest) fail the run; without it they are warnings that never change the
	// verdict.
	Strict bool
	// SupportedFeatures lists the optional features (Features) the target offers; the
	// others are declared not supported. ExemptFeatures lists features it does not offer.
	// With neither, a feature whose route answers 404, 405 or 501 to its first probe is
	// inferred not supported. Requirements of a feature not supported are reported as such,
	// never failed; a declared one leaves the run conformant, an inferred one partial.
	SupportedFeatures []string
	ExemptFeatures    []string
	// RequestTimeout bounds each HTTP request; 0 means 30s.
	RequestTimeout time.Duration
	// AllowLive must be set when the target's host is not loopback: isolation cuts real
	// machines off the network.
	AllowLive bool
	// InsecureSkipTLSVerify accepts a certificate that does not verify (the result records it).
	InsecureSkipTLSVerify bool
	// Concurrency is how many scenarios run at once; 0 means one per machine plus two (the
	// scenarios that need no machine run beside them). Isolating scenarios still take a
	// machine each, one at a time per machine.
	Concurrency int
	// Timeouts holds every wait of the suite; zero fields take the target's defaults.
	Timeouts Timeouts
	// Progress receives console progress while running; nil is quiet.
	Progress io.Writer
	// Mock configures the reference mock started when BaseURL is "", e.g. Deviations for
	// proving the suite fails a faulty server. A zero CompletionDelay and CompletionReads
	// make an action complete on its second read, so the duplicate and cancel scenarios find
	// an isolation pending; without RateLimit.OnlyRoles only the rate-limit role is throttled.
	Mock mock.Options
	// AcceptPartial makes RunT accept a partial run (nothing failed, but required scenarios
	// were skipped, e.g. for want of a token), which otherwise fails the test as the command
	// line exits 3.
	AcceptPartial bool
}

// Features returns the names of the optional features a target may lack: machine-lookup,
// action-list, cancel, rate-limit and v1-path.
func Features() []string {
	var out []string
	for _, f := range spec.Features() {
		out = append(out, string(f))
	}
	return out
}

// Timeouts holds every wait of the suite. Each field is the most a conformant target may take;
// a zero field takes the default for the target (live or the reference mock).
type Timeouts struct {
	// ActionCompletion is the most a machine action may take to reach a final status.
	// Live default: 10m.
	ActionCompletion time.Duration
	// Release is the most an unisolate may take to reach a final status. Live default: 10m.
	Release time.Duration
	// PollInterval is the first pause between two reads of an action; each next pause
	// doubles, up to 4 times it. Live default: 1s.
	PollInterval time.Duration
	// MachineWait is the most a scenario waits for a free machine. Live default: 1h.
	MachineWait time.Duration
	// Throttle is the most the suite waits in all, for one request, on the target's rate
	// limit before it takes the 429 as the answer. Live default: 5m.
	Throttle time.Duration
	// ReleaseGrace bounds the release phase once ctx is cancelled (an interrupt): releases
	// still under way then are given up and reported as not released, each with a command to
	// release its machine. Live default: 60s.
	ReleaseGrace time.Duration
	// WaitBudget bounds the wall time the whole run spends waiting on the target (its rate
	// limit, actions not final yet), so a target that throttles or never completes an action
	// cannot hold the run open. Live default: 60 times RequestTimeout (30m at 30s).
	WaitBudget time.Duration
}

// LiveTimeouts returns the defaults for a target that is not the reference mock.
func LiveTimeouts() Timeouts { return timeoutsOf(steps.LiveTimeouts()) }

// MockTimeouts returns the defaults for the reference mock on loopback.
func MockTimeouts() Timeouts { return timeoutsOf(steps.MockTimeouts()) }

func timeoutsOf(t steps.Timeouts) Timeouts {
	return Timeouts{ActionCompletion: t.ActionCompletion, Release: t.Release, PollInterval: t.PollInterval,
		MachineWait: t.MachineWait, Throttle: t.Throttle, ReleaseGrace: t.ReleaseGrace, WaitBudget: t.WaitBudget}
}

func (t Timeouts) internal() steps.Timeouts {
	return steps.Timeouts{ActionCompletion: t.ActionCompletion, Release: t.Release, PollInterval: t.PollInterval,
		MachineWait: t.MachineWait, Throttle: t.Throttle, ReleaseGrace: t.ReleaseGrace, WaitBudget: t.WaitBudget}
}

// config converts the options for the runner; with no base URL the reference mock is the
// embedded target.
func (o Options) config() (steps.Config, error) {
	var p spec.Profile
	if o.Profile != "" {
		var err error
		if p, err = spec.ParseProfile(o.Profile); err != nil {
			return steps.Config{}, fmt.Errorf("isoconform: %w", err)
		}
	}
	cfg := steps.Config{
		BaseURL:               o.BaseURL,
		Profile:               p,
		Tokens:                o.Tokens,
		MachineIDs:            o.MachineIDs,
		UnknownMachineID:      o.UnknownMachineID,
		Tags:                  o.Tags,
		RequestTimeout:        o.RequestTimeout,
		AllowLive:             o.AllowLive,
		InsecureSkipTLSVerify: o.InsecureSkipTLSVerify,
		Concurrency:           o.Concurrency,
		Timeouts:              o.Timeouts.internal(),
		Progress:              o.Progress,
		Strict:                o.Strict,
	}
	cfg.SupportedFeatures, cfg.ExemptFeatures = slices.Clone(o.SupportedFeatures), slices.Clone(o.ExemptFeatures)
	if o.BaseURL == "" {
		cfg.Embedded = embedded.Mock(o.Mock)
	}
	return cfg, nil
}
