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

// extraScenarios is how many scenarios run beside the isolating ones, one per machine: those
// that need no machine do not wait for one.
const extraScenarios = 2

// defaultConcurrency is how many scenarios run at once: as asked, else one per machine plus
// extraScenarios (six on the embedded mock). The machine pool still keeps every machine to one
// scenario at a time.
func defaultConcurrency(asked int, isMock bool, machines int) int {
	switch {
	case asked > 0:
		return asked
	case isMock:
		return 6
	}
	return max(machines, 1) + extraScenarios
}
