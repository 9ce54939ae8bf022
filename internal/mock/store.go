package mock

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"sort"
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
	fresh     string                       // the status before any progress (lifecycle.fresh)
	cancelled atomic.Pointer[cancellation] // set once by store.cancel
	reads     atomic.Int32                 // GET machineactions/{id} answers so far
	done      atomic.Pointer[time.Time]    // set once when Options.CompletionReads is reached

	// Set by store.add: the action's place in creation order, and the latest creation time
	// (UnixNano) of it and of every action added before it, which never decreases along the
	// store, even when a clock goes back or concurrent requests add out of order.
	seq    uint64
	latest int64
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
		return a.freshStatus(), a.created
	}
}

// freshStatus is the status of the action before it makes progress.
func (a *action) freshStatus() string {
	if a.fresh == "" {
		return statusPending
	}
	return a.fresh
}

// errInProgress is returned for a duplicate of a pending action.
var errInProgress = errors.New("an action of that kind is already in progress on the machine")

// store holds machine actions, bounded: when it holds max actions (Options.MaxActions,
// DefaultMaxActions by default), adding one evicts the oldest, first in first out by the order
// actions were added (their creation), whatever their machine, profile or status; so memory
// stays bounded however many actions are created, and an action answers GET machineactions/{id}
// from its creation until max newer actions have been created, then 404 like one past the
// service's retention period. Nothing else removes an action (reset aside).
//
// Indexes, so that no look-up scans the store: by id; by profile and machine (creation order);
// the cancelled actions; and, for the status of an action, which is computed from its creation
// time, each action's latest creation time so far (non-decreasing in store order), with which
// a binary search finds the suffix of the store that can still be Pending or InProgress. The
// two profiles are separate services that share nothing but the fixture machines. It is safe
// for concurrent use.
type store struct {
	mu        sync.Mutex
	max       int
	ring      []*action // creation order, ring[head] the oldest when full
	head      int
	byID      map[string]*action
	byMachine map[machineKey][]*action // creation order
	cancelled map[*action]struct{}     // stored actions whose cancellation was requested
	seq       uint64                   // of the last action added
	latest    int64                    // latest creation time added (UnixNano)
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
		cancelled: make(map[*action]struct{}),
		latest:    math.MinInt64,
	}
}

// add stores a, unless the machine's newest action of the same kind is not final at now and
// admit (the lifecycle's rule) does not admit a beside it: then it returns that pending
// action and errInProgress.
func (s *store) add(a *action, now time.Time, delay time.Duration, admit func(a, pending *action) bool) (*action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.byMachine[keyOf(a)]
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].kind != a.kind {
			continue
		}
		if st, _ := list[i].state(now, delay); !final(st) && !admit(a, list[i]) {
			return list[i], errInProgress
		}
		break
	}
	s.seq++
	a.seq = s.seq
	s.latest = max(s.latest, a.created.UnixNano())
	a.latest = s.latest
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
	if s.byID[old.id] == old { // a newer action may have been given the same id
		delete(s.byID, old.id)
	}
	delete(s.cancelled, old)
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
	var out []*action
	s.scan(p, machineID, "", time.Time{}, 0, func(a *action) bool {
		if keep(a) {
			out = append(out, a)
		}
		return true
	})
	return out
}

// scan calls visit on profile p's actions in creation order until visit returns false. It
// visits only the candidates of the indexes: with machineID, that machine's actions; else
// with status, the actions that can have that status at now given the completion delay
// (Pending or InProgress: the suffix of the store created less than delay before now, as
// any older action is Succeeded or Cancelled; Cancelled: the cancelled actions; Succeeded:
// all; any other status: none). visit still checks the filter: a candidate need not match.
// It runs with the store locked.
func (s *store) scan(p spec.Profile, machineID, status string, now time.Time, delay time.Duration, visit func(*action) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	each := func(list []*action) {
		for _, a := range list {
			if a.profile == p && !visit(a) {
				return
			}
		}
	}
	if machineID != "" {
		each(s.byMachine[machineKey{p, machineID}])
		return
	}
	n := len(s.ring)
	at := func(i int) *action { return s.ring[(s.head+i)%n] }
	from := 0
	switch status {
	case "", statusSucceeded:
	case statusPending, statusInProgress:
		threshold := now.Add(-delay).UnixNano()
		from = sort.Search(n, func(i int) bool { return at(i).latest > threshold })
	case statusCancelled:
		list := make([]*action, 0, len(s.cancelled))
		for a := range s.cancelled {
			list = append(list, a)
		}
		slices.SortFunc(list, func(a, b *action) int { return cmp.Compare(a.seq, b.seq) })
		each(list)
		return
	default:
		return
	}
	for i := from; i < n; i++ {
		if a := at(i); a.profile == p && !visit(a) {
			return
		}
	}
}

// reset forgets every action.
func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ring, s.head = s.ring[:0], 0
	clear(s.byID)
	clear(s.byMachine)
	clear(s.cancelled)
	s.latest = math.MinInt64
}

// len returns the number of stored actions.
func (s *store) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ring)
}
