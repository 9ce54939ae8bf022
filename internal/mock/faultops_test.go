package mock

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestFaultOperationIDsCoverBothProfiles(t *testing.T) {
	h := newHarness(t, Options{})
	require.NoError(t, h.s.QueueFault(Fault{Operation: "isolateMachine", Status: http.StatusServiceUnavailable, Count: 2}))
	assert.Equal(t, http.StatusServiceUnavailable, h.isolate(spec.Preview2017, h.machine(0), `{"Comment":"x"}`).status)
	assert.Equal(t, http.StatusServiceUnavailable, h.isolate(spec.Current, h.machine(0), `{"Comment":"x"}`).status)

	require.NoError(t, h.s.QueueFault(Fault{Operation: "isolateMachinePreview", Status: http.StatusServiceUnavailable}))
	assert.Equal(t, http.StatusCreated, h.isolate(spec.Current, h.machine(1), `{"Comment":"x"}`).status, "a preview id matches preview requests only")
	assert.Equal(t, http.StatusServiceUnavailable, h.isolate(spec.Preview2017, h.machine(1), `{"Comment":"x"}`).status)
	assert.Empty(t, h.s.Faults())
}

func TestUnknownFaultOperationListsTheValidIDs(t *testing.T) {
	h := newHarness(t, Options{})
	err := h.s.QueueFault(Fault{Operation: "isolate", Status: http.StatusServiceUnavailable})
	require.Error(t, err)
	for _, id := range []string{"isolateMachine", "isolateMachinePreview", "cancelMachineAction", "listMachines", "getMachineActionPreview"} {
		assert.Contains(t, err.Error(), id)
	}
}
