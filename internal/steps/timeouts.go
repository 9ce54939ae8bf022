package steps

import "time"

// Timeouts holds every wait of the suite in one place. Each field documents the most a
// conformant target may take; a zero field takes the default for the target (live or the
// embedded mock).
type Timeouts struct {
	// ActionCompletion is the most a machine action may take to reach a final status
	// (Succeeded, Failed, TimeOut, Cancelled) after it was created. Live default: 10m.
	ActionCompletion time.Duration
	// Release is the most an unisolate may take to reach a final status; the suite waits this
	// long before it reports a machine as not released. Live default: 10m.
	Release time.Duration
	// PollInterval is the first pause between two GET machineactions/{id} while waiting; each
	// next pause doubles, up to 4 times it (a 429's Retry-After is honoured instead).
	// Live default: 1s (so at most 4s: an action that takes d is seen final by about d+4s); embedded mock: 10ms.
	PollInterval time.Duration
	// MachineWait is the most a scenario waits for a free machine from the pool (other
	// scenarios hold it meanwhile). Live default: 1h; embedded mock: 1m.
	MachineWait time.Duration
	// Throttle is the most the suite waits in all, for one request, on the target's rate limit
	// (429 with Retry-After) before it takes the 429 as the answer. The documented limits are
	// 100 calls a minute and 1,500 an hour per application, and a full live run makes a few
	// hundred calls. Live default: 5m; embedded mock: 5s (it throttles only the rate-limit
	// principal, which the rate-limit scenario spends on purpose).
	Throttle time.Duration
	// ReleaseGrace bounds the release phase after an interrupt (the first SIGINT or SIGTERM, or
	// the end of the run's context): releases still under way when it ends are given up and
	// reported as not released, with the command to release each. Live default: 60s;
	// embedded mock: 10s.
	ReleaseGrace time.Duration
	// WaitBudget bounds, for the whole run, the wall time spent waiting on the target: its rate
	// limit (429 Retry-After) and actions that are not final yet. Once spent, a throttled
	// request takes the 429 as its answer and a wait on an action gives up, so a target that
	// throttles or keeps actions pending forever cannot hold a run open. Live default: 60
	// times the request timeout (30m at the default 30s); embedded mock: 1m.
	WaitBudget time.Duration
}

// waitBudgetPerRequestTimeout is the live WaitBudget default in units of the request timeout.
const waitBudgetPerRequestTimeout = 60

// LiveTimeouts returns the defaults for a target that is not the embedded mock.
func LiveTimeouts() Timeouts {
	return Timeouts{
		ActionCompletion: 10 * time.Minute,
		Release:          10 * time.Minute,
		PollInterval:     time.Second,
		MachineWait:      time.Hour,
		Throttle:         5 * time.Minute,
		ReleaseGrace:     time.Minute,
	}
}

// MockTimeouts returns the defaults for the embedded mock on loopback.
func MockTimeouts() Timeouts {
	return Timeouts{
		ActionCompletion: 5 * time.Second,
		Release:          5 * time.Second,
		PollInterval:     10 * time.Millisecond,
		MachineWait:      time.Minute,
		Throttle:         5 * time.Second,
		ReleaseGrace:     10 * time.Second,
		WaitBudget:       time.Minute,
	}
}

// withDefaults fills zero fields from def.
func (t Timeouts) withDefaults(def Timeouts) Timeouts {
	if t.ActionCompletion <= 0 {
		t.ActionCompletion = def.ActionCompletion
	}
	if t.Release <= 0 {
		t.Release = def.Release
	}
	if t.PollInterval <= 0 {
		t.PollInterval = def.PollInterval
	}
	if t.MachineWait <= 0 {
		t.MachineWait = def.MachineWait
	}
	if t.Throttle <= 0 {
		t.Throttle = def.Throttle
	}
	if t.ReleaseGrace <= 0 {
		t.ReleaseGrace = def.ReleaseGrace
	}
	if t.WaitBudget <= 0 {
		t.WaitBudget = def.WaitBudget
	}
	return t
}
