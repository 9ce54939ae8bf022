package mock

import (
	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// lifecycle is a profile's action lifecycle policy: how actions get their ids and first
// status, when a repeat is stored beside a pending action, and what a cancel does. The
// faithful policy is faithfulLifecycle; the lifecycle hooks of the active behaviours change it
// once, when the server is built.
type lifecycle struct {
	// newID returns the id of a new action of kind (typeIsolate or typeUnisolate).
	newID func(kind string) string
	// fresh is the status of an action before it makes progress.
	fresh string
	// admit reports whether a is stored although pending, the machine's newest action of its
	// kind, is not final yet.
	admit func(a, pending *action) bool
	// cancel decides what cancelling an action with the status does.
	cancel func(status string) cancelOutcome
}

// cancelOutcome is what cancelling an action does.
type cancelOutcome int

const (
	cancelRecorded cancelOutcome = iota // the action is cancelled
	cancelRefused                       // refused: the action is final
	cancelIgnored                       // answered as if done, nothing recorded
)

// faithfulLifecycle is the lifecycle of the documents: GUID ids, Pending first, no second
// action of a kind while one is pending, and only an action not yet final can be cancelled.
func faithfulLifecycle() *lifecycle {
	return &lifecycle{
		newID: func(string) string { return guid.New() },
		fresh: statusPending,
		admit: func(_, _ *action) bool { return false },
		cancel: func(status string) cancelOutcome {
			if final(status) {
				return cancelRefused
			}
			return cancelRecorded
		},
	}
}

// lifecycles builds each profile's lifecycle from the behaviours active in it.
func lifecycles(b behaviours) map[spec.Profile]*lifecycle {
	out := map[spec.Profile]*lifecycle{}
	for _, p := range spec.Profiles() {
		l := faithfulLifecycle()
		for _, d := range b.in(p) {
			if d.lifecycle != nil {
				d.lifecycle(l)
			}
		}
		out[p] = l
	}
	return out
}
