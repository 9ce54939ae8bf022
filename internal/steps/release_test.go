package steps

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// answer404 writes an MDE-shaped 404.
func answer404(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"error":{"code":"ResourceNotFound","message":"not found"}}`))
}

func TestAFailedReleaseStopsFurtherIsolationsAndPrintsTheReleaseCommand(t *testing.T) {
	brokenRelease := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/unisolate") || strings.HasSuffix(r.URL.Path, "/cancel")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"code":"InternalServerError","message":"down"}}`))
			return true
		}
		return false
	}
	lt := newLoopbackTarget(t, mock.Options{}, brokenRelease)
	tok := lt.token(t, RoleMachineIsolate, spec.Current)
	r, _, err := runAgainst(t, Config{BaseURL: lt.root + "/api", Profile: spec.Current,
		Tokens: map[string]string{RoleMachineIsolate: tok}, MachineIDs: []string{lt.machine},
		Tags: "@req:ISO-HTTP-001,@req:ISO-BODY-005,@req:ISO-HDR-002"})
	require.NoError(t, err)
	assert.EqualValues(t, 1, lt.isolates.Load(), "a second isolation was made after a release failed")
	require.Len(t, r.Actions, 1)
	a := r.Actions[0]
	assert.False(t, a.Released)
	assert.Contains(t, a.ReleaseCommand, `"Authorization: Bearer $ISOCONFORM_TOKEN_MACHINE_ISOLATE"`)
	assert.Contains(t, a.ReleaseCommand, "/api/machines/"+lt.machine+"/unisolate")
	skipped := 0
	for _, s := range r.Scenarios {
		if s.Status == report.StatusSkip {
			skipped++
			assert.Contains(t, s.Reason, "no further isolation in this run")
		}
	}
	assert.Equal(t, len(r.Scenarios)-1, skipped)
}

func TestAnInterruptEndsTheReleasePhaseWithinTheGrace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Every authenticated GET machineactions/{id} answers 404: no release can be confirmed.
	unfetchable := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/machineactions") && r.Header.Get("Authorization") != "" {
			answer404(w)
			return true
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate") {
			cancel() // the interrupt comes while the first isolation is made
		}
		return false
	}
	lt := newLoopbackTarget(t, mock.Options{}, unfetchable)
	tok := lt.token(t, RoleSecurityAdministrator, spec.Preview2017)
	const grace = 2 * time.Second
	start := time.Now()
	r, err := Run(ctx, Config{BaseURL: lt.root + "/testwdatppreview", Profile: spec.Preview2017,
		Tokens: map[string]string{RoleSecurityAdministrator: tok}, MachineIDs: []string{lt.machine},
		Tags: "@req:ISO-HTTP-001", Timeouts: Timeouts{ReleaseGrace: grace}})
	took := time.Since(start)
	require.NoError(t, err)
	assert.Less(t, took, grace+5*time.Second, "the release phase outlived its grace")
	require.Len(t, r.Actions, 1)
	assert.False(t, r.Actions[0].Released)
	assert.Contains(t, r.Actions[0].Note, "release grace of 2s")
	assert.Contains(t, r.Actions[0].ReleaseCommand, "$ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR")
}

func TestAThrottlingTargetEndsWithinTheWaitBudget(t *testing.T) {
	throttled := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Header.Get("Authorization") == "" {
			return false // the preflight's route check
		}
		w.Header().Set("Retry-After", "999999")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"code":"TooManyRequests","message":"slow down"}}`))
		return true
	}
	lt := newLoopbackTarget(t, mock.Options{}, throttled)
	tok := lt.token(t, RoleMachineIsolate, spec.Current)
	start := time.Now()
	r, _, err := runAgainst(t, Config{BaseURL: lt.root + "/api", Profile: spec.Current,
		Tokens: map[string]string{RoleMachineIsolate: tok}, MachineIDs: []string{lt.machine},
		Tags: "@req:ISO-HTTP-001,@req:ISO-GET-002", RequestTimeout: 200 * time.Millisecond,
		Timeouts: Timeouts{WaitBudget: 2 * time.Second}})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.NotEqual(t, report.ExitConformant, r.ExitCode())
}

func TestATargetKeepingActionsPendingEndsWithinTheWaitBudget(t *testing.T) {
	lt := newLoopbackTarget(t, mock.Options{CompletionDelay: time.Hour}, nil) // never completes
	tok := lt.token(t, RoleSecurityAdministrator, spec.Preview2017)
	start := time.Now()
	r, _, err := runAgainst(t, Config{BaseURL: lt.root + "/testwdatppreview", Profile: spec.Preview2017,
		Tokens: map[string]string{RoleSecurityAdministrator: tok}, MachineIDs: []string{lt.machine},
		Tags: "@req:ISO-HTTP-001,@req:ISO-BODY-005", Timeouts: Timeouts{WaitBudget: 2 * time.Second, PollInterval: 50 * time.Millisecond}})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 20*time.Second)
	require.NotEmpty(t, r.Actions)
	for _, a := range r.Actions {
		assert.False(t, a.Released)
		assert.NotEmpty(t, a.ReleaseCommand)
	}
	assert.LessOrEqual(t, int(lt.isolates.Load()), 2, "isolations went on although no release could be made (the first may send a duplicate isolate)")
	assert.NotEqual(t, report.ExitConformant, r.ExitCode())
}

func TestAnIsolateWithoutAnAnswerIsReleasedAnyway(t *testing.T) {
	var unisolates atomic.Int64
	var lt *loopbackTarget
	slowIsolate := func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/unisolate"):
			unisolates.Add(1)
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate"):
			rec := httptest.NewRecorder()
			lt.server.Handler().ServeHTTP(rec, r) // the action is created ...
			time.Sleep(time.Second)               // ... but the answer comes after the timeout
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return true
		}
		return false
	}
	lt = newLoopbackTarget(t, mock.Options{CompletionDelay: 100 * time.Millisecond}, slowIsolate)
	tok := lt.token(t, RoleSecurityAdministrator, spec.Preview2017)
	r, _, err := runAgainst(t, Config{BaseURL: lt.root + "/testwdatppreview", Profile: spec.Preview2017,
		Tokens: map[string]string{RoleSecurityAdministrator: tok}, MachineIDs: []string{lt.machine},
		Tags: "@req:ISO-HTTP-001", RequestTimeout: 300 * time.Millisecond, Timeouts: Timeouts{PollInterval: 50 * time.Millisecond}})
	require.NoError(t, err)
	require.Len(t, r.Actions, 1)
	assert.True(t, strings.HasPrefix(r.Actions[0].ID, "(no answer"), r.Actions[0].ID)
	assert.True(t, r.Actions[0].Released, r.Actions[0].Note)
	assert.Positive(t, unisolates.Load(), "the machine was not released")
}
