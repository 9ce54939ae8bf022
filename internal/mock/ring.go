package mock

import "sync"

// ring is a bounded log of T, oldest dropped first when full. It is safe for concurrent use.
// The violation log and the note log are rings.
type ring[T any] struct {
	mu    sync.Mutex
	max   int
	items []T
	head  int
}

func newRing[T any](max int) *ring[T] { return &ring[T]{max: max} }

// add appends v, overwriting the oldest entry when the ring is full.
func (l *ring[T]) add(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) < l.max {
		l.items = append(l.items, v)
		return
	}
	l.items[l.head] = v
	l.head = (l.head + 1) % l.max
}

// list returns the entries, oldest first.
func (l *ring[T]) list() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]T, 0, len(l.items))
	out = append(out, l.items[l.head:]...)
	return append(out, l.items[:l.head]...)
}

// clear forgets every entry.
func (l *ring[T]) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items, l.head = nil, 0
}
