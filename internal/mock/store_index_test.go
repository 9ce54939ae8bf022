package mock

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// TestStoreScanByStatusMatchesAFullScan checks the status index against a full scan: random
// creation times (the clock also goes back), cancellations, completion by reads, evictions.
func TestStoreScanByStatusMatchesAFullScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	base := time.Date(2025, 3, 12, 10, 0, 0, 0, time.UTC)
	for _, delay := range []time.Duration{0, time.Minute} {
		st := newStore(50)
		clock := base
		for i := range 400 {
			clock = clock.Add(time.Duration(rng.IntN(40)-5) * time.Second) // mostly forward
			p := spec.Current
			if i%7 == 0 {
				p = spec.Preview2017
			}
			a := &action{id: guid.New(), kind: typeIsolate, machineID: ExtraMachineID(i % 5), profile: p, created: clock}
			if _, err := st.add(a, clock, delay, admitAlways); err != nil {
				t.Fatal(err)
			}
			switch rng.IntN(6) {
			case 0:
				_, _, _ = st.cancel(p, a.id, clock.Add(time.Duration(rng.IntN(20))*time.Second), delay, &cancellation{at: clock}, faithfulLifecycle().cancel)
			case 1:
				a.read(clock.Add(time.Second), 1)
			}
			for _, now := range []time.Time{clock, clock.Add(delay / 3), clock.Add(-delay), clock.Add(time.Hour)} {
				for _, status := range []string{statusPending, statusInProgress, statusSucceeded, statusCancelled, "Failed"} {
					for _, prof := range spec.Profiles() {
						is := func(a *action) bool { s, _ := a.state(now, delay); return s == status }
						want := actionIDs(st.list(prof, "", is))
						var got []string
						st.scan(prof, "", status, now, delay, func(a *action) bool {
							if is(a) {
								got = append(got, a.id)
							}
							return true
						})
						if !slices.Equal(got, want) {
							t.Fatalf("delay %s, action %d, now %s, %s %s: index lists %d actions, a full scan %d",
								delay, i, now.Sub(clock), prof, status, len(got), len(want))
						}
					}
				}
			}
		}
	}
}

func actionIDs(list []*action) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.id)
	}
	return out
}
