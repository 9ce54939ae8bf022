package steps

import (
	"context"
	"fmt"
	"time"
)

// machinePool hands out the machines the suite may isolate, one scenario at a time per machine:
// a scenario waits for a free machine, so two scenarios never hold one machine at once and a
// single machine serves the whole run in turn.
type machinePool struct {
	free chan string
	size int
}

func newMachinePool(ids []string) *machinePool {
	p := &machinePool{free: make(chan string, len(ids)), size: len(ids)}
	for _, id := range ids {
		p.free <- id
	}
	return p
}

// acquire waits at most wait for a free machine.
func (p *machinePool) acquire(ctx context.Context, wait time.Duration) (string, error) {
	if p.size == 0 {
		return "", errNoMachines
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case id := <-p.free:
		return id, nil
	case <-timer.C:
		return "", fmt.Errorf("no machine became free within %s (Timeouts.MachineWait)", wait)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// release returns a machine to the pool.
func (p *machinePool) release(id string) { p.free <- id }

var errNoMachines = fmt.Errorf("no machine the suite may isolate: pass --machine-id (ISOCONFORM_MACHINE_ID)")
