package steps

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

// machineWatch follows which machines the target has isolated: at most one scenario's
// isolation per machine at a time, and how many machines at once.
type machineWatch struct {
	mu       sync.Mutex
	isolated map[string]bool
	most     int
	overlaps []string
}

func (w *machineWatch) observe(r *http.Request) {
	parts := strings.Split(r.URL.Path, "/")
	if r.Method != http.MethodPost || len(parts) < 3 || parts[len(parts)-3] != "machines" {
		return
	}
	m, verb := parts[len(parts)-2], parts[len(parts)-1]
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	w.mu.Lock()
	defer w.mu.Unlock()
	switch verb {
	case "isolate":
		if bytes.Contains(body, []byte("second isolation")) {
			return // the duplicate check: a second isolate on purpose, while the first is pending
		}
		if w.isolated[m] {
			w.overlaps = append(w.overlaps, m)
		}
		w.isolated[m] = true
		n := 0
		for _, on := range w.isolated {
			if on {
				n++
			}
		}
		w.most = max(w.most, n)
	case "unisolate":
		w.isolated[m] = false
	}
}

func TestIsolatingScenariosSpreadOverTheMachinesOnePerMachine(t *testing.T) {
	w := &machineWatch{isolated: map[string]bool{}}
	lt := newLoopbackTarget(t, mock.Options{CompletionDelay: 200 * time.Millisecond}, func(_ http.ResponseWriter, r *http.Request) bool {
		w.observe(r)
		return false
	})
	var machines []string
	for _, m := range lt.server.Machines()[:4] {
		machines = append(machines, m.ID)
	}
	toks := map[string]string{}
	for _, role := range []string{RoleSecurityAdministrator, RoleGlobalAdministrator, RoleNoRole} {
		toks[role] = lt.token(t, role, spec.Preview2017)
	}
	r, _, err := runAgainst(t, Config{BaseURL: lt.root + "/testwdatppreview", Profile: spec.Preview2017,
		Tokens: toks, MachineIDs: machines, Tags: "@req:ISO-BODY-005,@req:ISO-TYPE-002,@req:ISO-TYPE-004,@req:ISO-ROLE-002,@req:ISO-HTTP-001",
		Timeouts: Timeouts{PollInterval: 20 * time.Millisecond}})
	require.NoError(t, err)
	require.NotEmpty(t, r.Actions)
	for _, a := range r.Actions {
		assert.True(t, a.Released, "%s on %s: %s", a.ID, a.MachineID, a.Note)
	}
	assert.Empty(t, w.overlaps, "two scenarios isolated one machine at once")
	assert.GreaterOrEqual(t, w.most, 2, "the isolations did not spread over the machines")
	assert.LessOrEqual(t, w.most, 4)
	assert.Equal(t, "6", r.Config["concurrency"], "four machines and two beside them")
}
