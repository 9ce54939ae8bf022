package mock

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/isoconform/isoconform/spec"
)

// Action types and statuses the mock uses.
const (
	typeIsolate   = "Isolate"
	typeUnisolate = "Unisolate"

	statusPending    = "Pending"
	statusInProgress = "InProgress"
	statusSucceeded  = "Succeeded"
	statusCancelled  = "Cancelled"
)

// action is a stored machine action. Its fields never change after creation: status and the
// last-update time are derived from the creation time and the completion delay, and from the
// cancellation, which cancel sets at most once.
type action struct {
	id        string
	kind      string // typeIsolate or typeUnisolate
	scope     string // the isolation type; empty for unisolate
	requestor string
	comment   string
	machineID string
	dnsName   string
	profile   spec.Profile
	created   time.Time
	cancelled atomic.Pointer[cancellation] // set once by store.cancel
	reads     atomic.Int32                 // GET machineactions/{id} answers so far
	done      atomic.Pointer[time.Time]    // set once when Options.CompletionReads is reached
}

// read counts one GET of the action; the need-th read completes it (Options.CompletionReads).
func (a *action) read(now time.Time, need int) {
	if need > 0 && int(a.reads.Add(1)) >= need {
		a.done.CompareAndSwap(nil, &now)
	}
}

// state returns the action's status and last-update time at now, given the completion delay:
// Pending for the first half of the delay, InProgress for the second, then Succeeded; or
// Succeeded since the read that completed it (Options.CompletionReads), if that came first.
func (a *action) state(now time.Time, delay time.Duration) (string, time.Time) {
	if c := a.cancelled.Load(); c != nil && !now.Before(c.at) {
		return statusCancelled, c.at
	}
	if d := a.done.Load(); d != nil && !now.Before(*d) && now.Sub(a.created) < delay {
		return statusSucceeded, *d
	}
	elapsed := now.Sub(a.created)
	switch {
	case elapsed >= delay:
		return statusSucceeded, a.created.Add(delay)
	case elapsed >= delay/2 && delay/2 > 0:
		return statusInProgress, a.created.Add(delay / 2)
	default:
		return statusPending, a.created
	}
}

// errInProgress is returned for a duplicate of a pending action.
var errInProgress = errors.New("an action of that kind is already in progress on the machine")

// store holds machine actions, bounded: when it holds max actions, adding one evicts the
// oldest (FIFO by creation), whatever its machine, profile or status; so memory stays bounded
// however many actions are created, and an evicted action answers 404 like one past the
// retention period. It indexes actions by id and by profile and machine: the two profiles are
// separate services that share nothing but the fixture machines. It is safe for concurrent use.
type store struct {
	mu        sync.Mutex
	max       int
	ring      []*action // creation order, ring[head] the oldest when full
	head      int
	byID      map[string]*action
	byMachine map[machineKey][]*action // creation order
}

// machineKey indexes a profile's actions on one machine.
type machineKey struct {
	profile   spec.Profile
	machineID string
}

func keyOf(a *action) machineKey { return machineKey{a.profile, a.machineID} }

func newStore(max int) *store {
	return &store{
		max:       max,
		ring:      make([]*action, 0, min(max, 1024)),
		byID:      make(map[string]*action),
		byMachine: make(map[machineKey][]*action),
	}
}

// add stores a, unless allowDuplicate is false and the machine's newest action of the same
// kind is not final at now: then it returns that pending action and errInProgress.
func (s *store) add(a *action, now time.Time, delay time.Duration, allowDuplicate bool) (*action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !allowDuplicate {
		list := s.byMachine[keyOf(a)]
		for i := len(list) - 1; i >= 0; i-- {
			if list[i].kind != a.kind {
				continue
			}
			if st, _ := list[i].state(now, delay); !final(st) {
				return list[i], errInProgress
			}
			break
		}
	}
	if len(s.ring) < s.max {
		s.ring = append(s.ring, a)
	} else {
		old := s.ring[s.head]
		s.evict(old)
		s.ring[s.head] = a
		s.head = (s.head + 1) % s.max
	}
	s.byID[a.id] = a
	s.byMachine[keyOf(a)] = append(s.byMachine[keyOf(a)], a)
	return a, nil
}

// evict drops old from the indexes; old is the oldest action, so the first of its machine's.
func (s *store) evict(old *action) {
	delete(s.byID, old.id)
	key := keyOf(old)
	list := s.byMachine[key]
	if len(list) > 0 && list[0] == old {
		list[0] = nil
		list = list[1:]
	}
	if len(list) == 0 {
		delete(s.byMachine, key)
		return
	}
	s.byMachine[key] = list
}

// get returns profile p's action with id.
func (s *store) get(p spec.Profile, id string) (*action, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.byID[id]
	if !ok || a.profile != p {
		return nil, false
	}
	return a, true
}

// list returns profile p's actions that keep passes, in creation order; machineID, when not
// empty, narrows the scan to that machine's actions.
func (s *store) list(p spec.Profile, machineID string, keep func(*action) bool) []*action {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*action
	visit := func(a *action) {
		if a.profile == p && keep(a) {
			out = append(out, a)
		}
	}
	if machineID != "" {
		for _, a := range s.byMachine[machineKey{p, machineID}] {
			visit(a)
		}
		return out
	}
	n := len(s.ring)
	for i := range n {
		visit(s.ring[(s.head+i)%n])
	}
	return out
}

// reset forgets every action.
func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ring, s.head = s.ring[:0], 0
	clear(s.byID)
	clear(s.byMachine)
}

// len returns the number of stored actions.
func (s *store) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ring)
}
